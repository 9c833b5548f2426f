"""Solver benchmarks of the CP-SAT issue: run with ``python -m benchmarks.solver_bench``.

Each case runs in its own process so that the peak resident memory
(``ru_maxrss``) belongs to that case alone. Results are printed as a Markdown
table to paste into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import platform
import resource
import sys
import time
from datetime import datetime

from benchmarks.harness import EXAMPLES_DIR as EXAMPLES

CASES = [
    # name, source, time limit, target
    (
        "store-2weeks (example)",
        ("file", "store-2weeks.json"),
        10.0,
        "optimal or gap <= 0.5 % in 10 s",
    ),
    (
        "generated 60 employees x 4 weeks",
        ("gen", 60, 4, "normal"),
        60.0,
        "gap <= 1 % in 60 s, build <= 2 s",
    ),
    (
        "generated 120 employees x 2 weeks (tight)",
        ("gen", 120, 2, "tight"),
        10.0,
        "first feasible <= 10 s",
    ),
]


def _load(source):
    from domain.generator import generate
    from domain.parse import parse_problem

    if source[0] == "file":
        return parse_problem((EXAMPLES / source[1]).read_text())
    _, employees, weeks, tightness = source
    return generate(employees, weeks, seed=1, tightness=tightness)


def _run(source, time_limit: float, presolve: bool, out) -> None:
    from domain.validator import validate
    from solver.greedy import greedy
    from solver.solve import solve

    problem = _load(source)
    started = time.perf_counter()
    baseline = greedy(problem)
    greedy_seconds = time.perf_counter() - started
    first: list[float] = []
    result = solve(
        problem,
        time_limit=time_limit,
        workers=2,
        seed=0,
        hint=baseline,
        presolve=presolve,
        on_progress=lambda p: first.append(p.elapsed) if not first else None,
    )
    out.put(
        {
            "events": len(problem.events),
            "employees": len(problem.employees),
            "status": result.status,
            "objective": result.objective,
            "bound": result.bound,
            "gap": result.gap,
            "runtime": result.runtime,
            "build": result.build_seconds,
            "first": first[0] if first else None,
            "greedy_objective": baseline.objective,
            "greedy_seconds": greedy_seconds,
            "scheduled": len(result.proposal.assignments),
            "greedy_scheduled": len(baseline.assignments),
            "critical": validate(problem, result.proposal).critical,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            **result.stats,
        }
    )


def run_case(source, time_limit: float, presolve: bool = True) -> dict:
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_run, args=(source, time_limit, presolve, queue))
    proc.start()
    row = queue.get()
    proc.join()
    return row


def main(argv: list[str]) -> None:
    presolve_off = "--presolve-off" in argv
    print(
        f"Machine: {platform.machine()}, {mp.cpu_count()} cores, Python "
        f"{platform.python_version()}; {datetime.now():%Y-%m-%d}; 2 workers, seed 0.\n"
    )
    print(
        "| case | events | greedy (sched/obj) | CP-SAT (sched/obj) | status | gap | build s "
        "| first feasible s | total s | peak MB | target |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, source, limit, target in CASES:
        for presolve in [True, False] if presolve_off else [True]:
            r = run_case(source, limit, presolve)
            label = name if presolve else f"{name}, presolve off"
            gap = "-" if r["gap"] is None else f"{100 * r['gap']:.2f} %"
            first = "-" if r["first"] is None else f"{r['first']:.2f}"
            print(
                f"| {label} | {r['events']} | {r['greedy_scheduled']} / "
                f"{r['greedy_objective']:.0f} | {r['scheduled']} / {r['objective']:.0f} | "
                f"{r['status']} | {gap} | {r['build']:.2f} | {first} | {r['runtime']:.1f} | "
                f"{r['peak_mb']:.0f} | {target} |",
                flush=True,
            )
            sys.stderr.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
