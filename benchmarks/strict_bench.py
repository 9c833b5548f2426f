"""Strict priority mode benchmark (issue 9 §2): ``python -m benchmarks.strict_bench``.

Every case is solved with ``priority_mode="strict"``, 2 workers, seed 0, the
strict greedy (waves in priority order) as hint. Targets:

- the three examples and the shipped weeks of up to 20 employees (and a
  generated 20-employee 2-week store): every level proven within 10 s;
- a generated 60-employee 4-week tight store: within 60 s, every level proven
  or within 0.5 % of its bound.

The larger shipped weeks (40-80 employees, one week) are run with the 10 s
limit too and reported for information. ``--write`` puts the table into
benchmarks/RESULTS.md between the ``strict`` markers; ``--quick`` runs only
the examples and the 60 x 4 store.
"""

from __future__ import annotations

import multiprocessing as mp
import platform
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.harness import EXAMPLES_DIR
from benchmarks.results import write_section

ROOT = Path(__file__).resolve().parents[1]
WEEKS = ROOT / "benchmarks" / "weeks"
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
PROVEN_10S = "every level proven <= 10 s"
WITHIN_60S = "every level proven or <= 0.5 % of its bound, 60 s"


def examples_dir() -> Path:
    """The examples the repository ships (tests/data/examples)."""
    return EXAMPLES_DIR


def cases(quick: bool = False) -> list[tuple[str, tuple, float, str]]:
    """(name, source, time limit, target); target '' for information only."""
    out = [
        (name, ("file", str(examples_dir() / f"{name}.json")), 10.0, PROVEN_10S)
        for name in ("small-week", "tight-week", "store-2weeks")
    ]
    if not quick:
        for path in sorted(WEEKS.glob("week*.json")):
            employees = int(re.search(r"-e(\d+)-", path.name).group(1))
            target = PROVEN_10S if employees <= 20 else ""
            out.append((path.stem, ("file", str(path)), 10.0, target))
        out.append(("generated 20 x 2 weeks (tight)", ("gen", 20, 2, "tight"), 10.0, PROVEN_10S))
    out.append(("generated 60 x 4 weeks (tight)", ("gen", 60, 4, "tight"), 60.0, WITHIN_60S))
    return out


def _load(source):
    from domain.generator import generate
    from domain.parse import parse_problem

    if source[0] == "file":
        return parse_problem(Path(source[1]).read_text())
    _, employees, weeks, tightness = source
    return generate(employees, weeks, seed=1, tightness=tightness)


def measure(source, time_limit: float) -> dict:
    """Solve one case in strict mode and return its figures."""
    from domain.validator import validate
    from solver.greedy import greedy
    from solver.solve import solve
    from solver.strict import proposal_levels

    problem = _load(source)
    began = time.perf_counter()
    baseline = greedy(problem, priority_mode="strict")
    greedy_seconds = time.perf_counter() - began
    result = solve(
        problem,
        time_limit=time_limit,
        workers=2,
        seed=0,
        hint=baseline,
        priority_mode="strict",
    )
    levels = result.proposal.levels or []
    base = proposal_levels(problem, baseline)
    gaps = [(lv.bound - lv.value) / max(1, lv.bound) for lv in levels]
    settled = [s["ended"] for s in result.stages if s["level"] != 0]
    return {
        "employees": len(problem.employees),
        "days": (problem.horizon.end - problem.horizon.start).days + 1,
        "events": len(problem.events),
        "levels": len(levels),
        "proven": sum(lv.proven for lv in levels),
        "worst_gap": max(gaps, default=0.0),
        "levels_s": max(settled, default=result.build_seconds),
        "searched": sum(1 for s in result.stages if s["level"] not in (None, 0)),
        "above_greedy": sum(lv.value > base.get(lv.priority, 0) for lv in levels),
        "below_greedy": sum(lv.value < base.get(lv.priority, 0) for lv in levels),
        "status": result.status,
        "gap": result.gap,
        "runtime": result.runtime,
        "greedy_seconds": greedy_seconds,
        "scheduled": len(result.proposal.assignments),
        "greedy_scheduled": len(baseline.assignments),
        "critical": validate(problem, result.proposal).critical,
    }


def _child(source, time_limit, queue) -> None:
    queue.put(measure(source, time_limit))


def run_case(source, time_limit: float) -> dict:
    """:func:`measure` in its own process, so one case's memory does not slow the next."""
    queue: mp.Queue = mp.Queue()
    proc = mp.Process(target=_child, args=(source, time_limit, queue))
    proc.start()
    row = queue.get()
    proc.join()
    return row


def met(row: dict, target: str) -> str:
    if not target:
        return "(info)"
    if row["critical"]:
        return "no (hard findings)"
    if target == PROVEN_10S:
        ok = row["proven"] == row["levels"] and row["levels_s"] <= 10.0
    else:
        ok = row["worst_gap"] <= 0.005 and row["runtime"] <= 60.5
    return "yes" if ok else "no"


HEADER = (
    "| case | employees × days | events | levels proven | worst level gap | levels done s "
    "| levels searched | levels vs strict greedy (+/−) | scheduled greedy / CP-SAT "
    "| final status | final gap | total s | target | met |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---|"
)


def line(name: str, row: dict, target: str) -> str:
    gap = "-" if row["gap"] is None else f"{100 * row['gap']:.2f} %"
    return (
        f"| {name} | {row['employees']} × {row['days']} | {row['events']} "
        f"| {row['proven']} / {row['levels']} | {100 * row['worst_gap']:.2f} % "
        f"| {row['levels_s']:.1f} | {row['searched']} "
        f"| +{row['above_greedy']} / −{row['below_greedy']} "
        f"| {row['greedy_scheduled']} / {row['scheduled']} | {row['status']} | {gap} "
        f"| {row['runtime']:.1f} | {target or '-'} | {met(row, target)} |"
    )


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    began = time.perf_counter()
    lines = [HEADER]
    failed = 0
    for name, source, limit, target in cases(quick):
        row = run_case(source, limit)
        lines.append(line(name, row, target))
        failed += met(row, target).startswith("no")
        print(lines[-1], flush=True)
    stamp = datetime.now(UTC)
    intro = (
        f"`python -m benchmarks.strict_bench`: priority_mode strict, 2 workers, seed 0, the strict "
        f"greedy as hint; {platform.machine()}, {mp.cpu_count()} cores, "
        f"{stamp:%Y-%m-%d %H:%M} UTC. Total wall time {time.perf_counter() - began:.0f} s."
    )
    table = intro + "\n\n" + "\n".join(lines)
    print("\n" + table)
    if "--write" in argv:
        write_results(table)
    return 1 if failed else 0


def write_results(table: str) -> None:
    """Replace the strict section of RESULTS.md (the reading outside the markers stays)."""
    write_section(RESULTS, "strict", table, heading="Strict priority mode")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
