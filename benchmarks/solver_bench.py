"""Solver benchmarks of the CP-SAT issue: run with ``python -m benchmarks.solver_bench``.

Each case runs in its own process so that the peak resident memory
(``ru_maxrss``) belongs to that case alone. Results are printed as a Markdown
table to paste into ``benchmarks/RESULTS.md``.

``python -m benchmarks.solver_bench --build [--write]`` (issue 9 §4) times the
model build alone, without the greedy hint: facts + candidates + model
(variables, hard rules, soft terms), per phase, the best and the median of
``BUILD_REPEATS`` builds in one fresh process per case; ``--write`` puts the
table into the ``build`` section of ``benchmarks/RESULTS.md``.
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
from benchmarks.harness import in_own_process

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
    return in_own_process(_run, source, time_limit, presolve)


#: (name, employees, weeks, tightness, target seconds). The generator has no
#: "adversarial" tightness: ``tight`` (Core demand ~110 % of capacity) is its
#: tightest.
BUILD_CASES = [
    ("generated 60 x 4 weeks (tight)", 60, 4, "tight", 1.5),
    ("generated 200 x 4 weeks (tight)", 200, 4, "tight", 3.0),
    ("generated 60 x 4 weeks (normal)", 60, 4, "normal", None),
    ("generated 200 x 4 weeks (normal)", 200, 4, "normal", None),
]
BUILD_REPEATS = 5
BUILD_PHASES = ("facts", "candidates", "variables", "hard rules", "objective")


def build_once(problem) -> dict[str, float]:
    """Seconds of each phase of one model build (no greedy hint), and its size."""
    from ortools.sat.python import cp_model

    from domain.facts import Facts
    from solver.constraints import add_hard_rules
    from solver.index import build_index
    from solver.objective import soft_terms
    from solver.variables import Vars

    cpu = time.process_time()
    marks = [time.perf_counter()]
    facts = Facts(problem)
    marks.append(time.perf_counter())
    idx = build_index(facts)
    marks.append(time.perf_counter())
    model = cp_model.CpModel()
    v = Vars(model, idx)
    marks.append(time.perf_counter())
    add_hard_rules(v, relax_frozen_pairs=False)
    marks.append(time.perf_counter())
    model.maximize(sum(soft_terms(v).values()))
    marks.append(time.perf_counter())
    out = {name: b - a for name, a, b in zip(BUILD_PHASES, marks[:-1], marks[1:], strict=True)}
    out["total"] = marks[-1] - marks[0]
    # CPU seconds of this (single-threaded) build: on a machine shared with other
    # jobs the wall time also counts the time spent waiting for a core.
    out["cpu"] = time.process_time() - cpu
    out["n_variables"] = len(model.proto.variables)
    out["n_constraints"] = len(model.proto.constraints)
    return out


def _build_child(employees: int, weeks: int, tightness: str, queue) -> None:
    from domain.generator import generate

    problem = generate(employees, weeks, seed=1, tightness=tightness)
    builds = [build_once(problem) for _ in range(BUILD_REPEATS)]
    builds.sort(key=lambda b: b["total"])
    queue.put(
        {
            "events": len(problem.events),
            "best": builds[0],
            "median": builds[len(builds) // 2]["total"],
            "cpu": min(b["cpu"] for b in builds),
        }
    )


def run_build(employees: int, weeks: int, tightness: str) -> dict:
    return in_own_process(_build_child, employees, weeks, tightness)


def build_table() -> str:
    """The model-build table (every case), with a line on the machine and its load."""
    import os

    load = os.getloadavg()[0]
    lines = [
        f"`python -m benchmarks.solver_bench --build --write`: generated stores (seed 1), "
        f"best and median of {BUILD_REPEATS} builds in one fresh process per case, no greedy "
        f"hint; {platform.machine()}, {mp.cpu_count()} cores, load average {load:.1f} at the "
        f"start, {datetime.now():%Y-%m-%d %H:%M}. Per-phase seconds are wall seconds of the best "
        "build; CPU s is its process time (on a loaded machine the wall time also counts the "
        "wait for a core). The generator has no adversarial tightness: `tight` (Core demand "
        "~110 % of capacity) is its tightest.",
        "",
        "| case | events | variables | constraints | "
        + " | ".join(f"{p} s" for p in BUILD_PHASES)
        + " | build s (best) | build s (median) | CPU s (best) | target | met (wall / CPU) |",
        "|---|" + "---:|" * (6 + len(BUILD_PHASES)) + "---|---|",
    ]
    for name, employees, weeks, tightness, target in BUILD_CASES:
        r = run_build(employees, weeks, tightness)
        b = r["best"]
        met = "-"
        if target is not None:
            met = " / ".join("yes" if s <= target else "no" for s in (b["total"], r["cpu"]))
        lines.append(
            f"| {name} | {r['events']} | {b['n_variables']:,} | {b['n_constraints']:,} | "
            + " | ".join(f"{b[p]:.2f}" for p in BUILD_PHASES)
            + f" | {b['total']:.2f} | {r['median']:.2f} | {r['cpu']:.2f} | "
            + ("-" if target is None else f"<= {target:g} s")
            + f" | {met} |"
        )
        print(lines[-1], flush=True)
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    if "--build" in argv:
        text = build_table()
        print("\n" + text)
        if "--write" in argv:
            from benchmarks.harness import RESULTS_MD, write_section

            write_section(RESULTS_MD, "build", "## Model build (issue 9 §4)\n\n" + text)
        return
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
