"""Latency of ``POST /validate`` on ``store-2weeks.json``, the app in-process.

``python -m benchmarks.api_validate [--rounds 200] [--no-write]`` builds the app
(:func:`api.http.app.create_app`) on a temporary SQLite database with an admin
key, sends the example problem ``--rounds`` times through a TestClient
(the full ASGI stack: body limit, key check, parsing, validation, JSON
answer) after a few warm-up calls, prints median / p90 / p99 / mean in
milliseconds and writes them into ``benchmarks/RESULTS.md`` between
``<!-- api:start -->`` and ``<!-- api:end -->`` (the rest of the file kept).
Target (issue 5): median under 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.harness import EXAMPLES_DIR, RESULTS_MD, write_section

EXAMPLE = EXAMPLES_DIR / "store-2weeks.json"
TARGET_MS = 50.0
WARMUP = 5


def measure(problem_path: Path = EXAMPLE, rounds: int = 200) -> dict[str, float]:
    """Milliseconds of ``rounds`` ``POST /validate`` calls: median, p90, p99, mean."""
    from fastapi.testclient import TestClient

    from adapters.config import AppSettings
    from adapters.db import make_engine, session_factory, upgrade
    from adapters.keys import create_key
    from api.http.app import create_app

    body = json.dumps({"problem": json.loads(problem_path.read_text())}).encode()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(url)
        engine = make_engine(url)
        with session_factory(engine)() as session:
            _, key = create_key(session, None, "bench")
            session.commit()
        engine.dispose()
        headers = {"X-API-Key": key, "Content-Type": "application/json"}
        times = []
        with TestClient(create_app(AppSettings(database_url=url))) as client:
            for i in range(WARMUP + rounds):
                started = time.perf_counter()
                answer = client.post("/validate", content=body, headers=headers)
                elapsed = (time.perf_counter() - started) * 1000
                if answer.status_code != 200:
                    raise SystemExit(
                        f"POST /validate answered {answer.status_code}: {answer.text[:200]}"
                    )
                if i >= WARMUP:
                    times.append(elapsed)
    times.sort()
    return {
        "median": statistics.median(times),
        "p90": times[int(0.9 * (len(times) - 1))],
        "p99": times[int(0.99 * (len(times) - 1))],
        "mean": statistics.fmean(times),
        "rounds": rounds,
        "bytes": len(body),
    }


def markdown(figures: dict[str, float], problem_path: Path = EXAMPLE) -> str:
    verdict = "meets" if figures["median"] < TARGET_MS else "MISSES"
    return (
        "## Service API: `POST /validate` latency\n\n"
        "`python -m benchmarks.api_validate` — the app in-process (TestClient, full ASGI"
        " stack: body limit, API-key check on SQLite, parsing, validation, JSON answer),"
        f" `{problem_path.name}` ({figures['bytes'] / 1024:.0f} KiB body),"
        f" {figures['rounds']} calls after {WARMUP} warm-up calls;"
        f" {platform.machine()}, {os.cpu_count()} cores, Python"
        f" {platform.python_version()}, {date.today().isoformat()}.\n\n"
        "| median ms | p90 ms | p99 ms | mean ms | target |\n|---|---|---|---|---|\n"
        f"| {figures['median']:.1f} | {figures['p90']:.1f} | {figures['p99']:.1f} |"
        f" {figures['mean']:.1f} | median < {TARGET_MS:.0f} ms: {verdict} |\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--problem", type=Path, default=EXAMPLE)
    parser.add_argument("--no-write", action="store_true", help="Leave RESULTS.md alone.")
    args = parser.parse_args(argv)
    figures = measure(args.problem, args.rounds)
    text = markdown(figures, args.problem)
    print(text)
    if not args.no_write:
        write_section(RESULTS_MD, "api", text)
        print(f"written to {RESULTS_MD}")
    return 0 if figures["median"] < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
