"""The nightly batch over generated stores: wall time and per-store time.

``python -m benchmarks.nightly_bench [--stores 10] [--employees 18] [--weeks 2]
[--parallel 2] [--workers 1] [--time-limit 20] [--db URL] [--no-write]``
generates ``--stores`` stores (normal tightness, seeds 100, 101, ...), imports
them into a fresh database (default: a SQLite file in a temporary folder; a
PostgreSQL URL is used as given, so give an empty database), runs the nightly
with ``--parallel`` local worker processes, prints the figures and writes them
into ``benchmarks/RESULTS.md`` between ``<!-- nightly:start -->`` and
``<!-- nightly:end -->`` (the rest of the file kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import tempfile
from pathlib import Path

from benchmarks.harness import RESULTS_MD, write_section

START = dt.date(2026, 3, 1)


def seed(url: str, stores: int, employees: int, weeks: int) -> list[str]:
    from adapters.db import upgrade
    from api.services.jobs import uow_factory_for
    from domain.generator import generate

    upgrade(url)
    factory, dispose = uow_factory_for(url)
    names = []
    with factory() as uow:
        for i in range(stores):
            problem = generate(
                employees, weeks, seed=100 + i, tightness="normal", start=START, store=str(7001 + i)
            )
            uow.stores.save_problem(problem)
            names.append(problem.store)
        uow.commit()
    dispose()
    return names


def measure(
    url: str,
    *,
    stores: int = 10,
    employees: int = 18,
    weeks: int = 2,
    parallel: int = 2,
    workers: int = 1,
    time_limit: float = 20.0,
):
    from api.services.nightly import run_nightly
    from api.services.runs import SolveParams

    names = seed(url, stores, employees, weeks)
    return run_nightly(
        url,
        stores=names,
        horizon_days=7 * weeks,
        today=START - dt.timedelta(days=3),
        parallel=parallel,
        params=SolveParams(time_limit=time_limit, workers=workers, seed=0),
    )


def markdown(
    report,
    *,
    stores: int,
    employees: int,
    weeks: int,
    parallel: int,
    workers: int,
    time_limit: float,
    backend: str,
) -> str:
    rows = report.outcomes
    solve = [o.solve_seconds or 0.0 for o in rows]
    wall = [o.wall_seconds or 0.0 for o in rows]
    serial = sum(wall)
    lines = [
        "## Nightly batch: 10 stores on 2 worker processes",
        "",
        f"`python -m benchmarks.nightly_bench` — {stores} generated stores ({employees} employees,"
        f" {weeks} weeks, normal tightness, seeds 100-{99 + stores}), horizon {7 * weeks} days"
        f" each, {parallel} local worker processes (spawn), {workers} CP-SAT worker per solve,"
        f" time limit {time_limit:g} s, {backend}; {platform.machine()}, {os.cpu_count()}"
        f" cores, Python {platform.python_version()}, {dt.date.today().isoformat()}.",
        "",
        "| wall time | stores succeeded | per-store solve s (median / max) |"
        " per-store wall s (median / max) | sum of per-store wall s | speed-up |",
        "|---|---|---|---|---|---|",
        f"| **{report.wall_seconds:.1f} s** | {sum(o.status == 'succeeded' for o in rows)}"
        f"/{len(rows)} | {statistics.median(solve):.2f} / {max(solve):.2f}"
        f" | {statistics.median(wall):.2f} / {max(wall):.2f} | {serial:.1f}"
        f" | {serial / report.wall_seconds:.2f}x |",
        "",
        "Per store (solve = model build + search as the run records it; wall = from handing"
        " the run to a process until the coordinator saw it end: process start, imports,"
        " loading the store, greedy hint, solve, validation and storing the pending lines):",
        "",
        "| store | status | CP-SAT | assigned / unscheduled | objective | solve s | wall s |",
        "|---|---|---|---|---|---|---|",
    ]
    for o in rows:
        if o.objective is None:
            lines.append(f"| {o.store} | {o.status} | - | - | - | - | - |")
            continue
        lines.append(
            f"| {o.store} | {o.status} | {o.solver_status}"
            f" | {o.assigned} / {o.unscheduled} | {o.objective:,.0f}"
            f" | {o.solve_seconds:.2f} | {o.wall_seconds:.2f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stores", type=int, default=10)
    parser.add_argument("--employees", type=int, default=18)
    parser.add_argument("--weeks", type=int, default=2)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=20.0)
    parser.add_argument(
        "--db", default=None, help="Database URL (default: a temporary SQLite file)."
    )
    parser.add_argument("--no-write", action="store_true", help="Do not touch RESULTS.md.")
    args = parser.parse_args(argv)
    options = dict(
        stores=args.stores,
        employees=args.employees,
        weeks=args.weeks,
        parallel=args.parallel,
        workers=args.workers,
        time_limit=args.time_limit,
    )
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'nightly-bench.db'}"
        report = measure(url, **options)
    backend = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    body = markdown(report, backend=backend, **options)
    print(body)
    if not args.no_write:
        write_section(RESULTS_MD, "nightly", body)
        print(f"\nwritten into {RESULTS_MD}")
    return 1 if report.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
