"""Server-side time of the browser UI's pages on a 60-employee 4-week run.

``python -m benchmarks.ui_bench [--repeat 20] [--no-write]`` generates the
60-employee 4-week store (normal tightness, seed 1) into a temporary SQLite
database, stores its greedy proposal as a pending run (the page's work depends
on the run's size, not on who solved it; greedy keeps the benchmark quick),
logs in and requests the review page, the week page and the weekly schedule
PDF of the whole horizon ``--repeat`` times through the app in-process
(Starlette's TestClient: no network). It prints median and p95 seconds and
writes the table into ``benchmarks/RESULTS.md`` between ``<!-- ui:start -->``
and ``<!-- ui:end -->``. Targets: review page p95 <= 0.3 s, weekly PDF <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from adapters.config import AppSettings
from adapters.db import make_engine, session_factory, upgrade
from adapters.keys import create_key
from adapters.uow import SqlUnitOfWork
from api.http.app import create_app
from api.services.runs import create_run, store_result
from benchmarks.harness import RESULTS_MD, write_section
from domain.facts import Facts
from domain.generator import generate
from solver.solve import Result

TARGETS = {"review page": 0.3, "weekly schedule PDF (4 weeks)": 1.0}


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _seed(url: str) -> tuple[str, int, str, str]:
    from solver.greedy import greedy

    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(factory)

    problem = generate(60, 4, seed=1, tightness="normal")
    with uow() as u:
        u.stores.save_problem(problem)
        u.commit()
    h = problem.horizon
    run = create_run(uow, problem.store, h.start, h.end, problem.today, status="running")
    proposal = greedy(problem, Facts(problem))
    result = Result(proposal, "FEASIBLE", None, None, None, 0.0, 0.0, dict(proposal.score))
    store_result(uow, run.id, problem, result)
    with factory() as session:
        _, key = create_key(session, problem.store, "bench")
        session.commit()
    engine.dispose()
    return problem.store, run.id, key, f"from={h.start}&to={h.end}&start={h.start}"


def measure(repeat: int) -> list[tuple[str, float, float, float, int]]:
    """(page, median s, p95 s, median CPU s of this process, KiB) per page."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'ui.db'}"
        store, run_id, key, query = _seed(url)
        with TestClient(create_app(AppSettings(database_url=url))) as client:
            form = client.get("/ui/login").text
            token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
            client.post("/ui/login", data={"key": key, "csrf": token})
            pages = [
                ("review page", f"/ui/runs/{run_id}"),
                ("week page", f"/ui/stores/{store}/week?{query}"),
                ("weekly schedule PDF (4 weeks)", f"/ui/stores/{store}/schedule.pdf?{query}"),
            ]
            rows = []
            for name, path in pages:
                times, cpu, size = [], [], 0
                for _ in range(repeat):
                    began, began_cpu = time.perf_counter(), time.process_time()
                    response = client.get(path)
                    times.append(time.perf_counter() - began)
                    cpu.append(time.process_time() - began_cpu)
                    assert response.status_code == 200, (path, response.text[:300])
                    size = len(response.content)
                rows.append(
                    (
                        name,
                        statistics.median(times),
                        _p95(times),
                        statistics.median(cpu),
                        size // 1024,
                    )
                )
    return rows


def table(rows: list[tuple[str, float, float, float, int]], repeat: int) -> str:
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "## Browser UI pages",
        "",
        "`python -m benchmarks.ui_bench` — generated 60 employees × 4 weeks (seed 1,",
        f"greedy proposal stored as a pending run), each page requested {repeat} times",
        "through the app in-process (TestClient, SQLite). Measured",
        f"{time.strftime('%Y-%m-%d')} with load average {load} on {os.cpu_count()} cores.",
        "",
        "CPU is this process's CPU time per request (the wall time of a loaded machine",
        "includes waiting for a core).",
        "",
        "| page | median s | p95 s | median CPU s | KiB | target |",
        "|---|---|---|---|---|---|",
    ]
    for name, median, p95, cpu, kib in rows:
        target = f"p95 <= {TARGETS[name]:g} s" if name in TARGETS else ""
        lines.append(f"| {name} | {median:.3f} | {p95:.3f} | {cpu:.3f} | {kib} | {target} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    body = table(measure(args.repeat), args.repeat)
    print(body)
    if not args.no_write:
        write_section(RESULTS_MD, "ui", body)


if __name__ == "__main__":
    main()
