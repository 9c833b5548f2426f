"""Explanation benchmark (issue 9 §3): ``python -m benchmarks.explain_bench [--write]``.

For each example (``tight-week``, ``store-2weeks`` of tests/data/examples): solve
it (CP-SAT, 10 s, 2 workers, seed 0), then explain every unscheduled event of
reason ``capacity`` with :func:`solver.explain.explain` and check each repair
with :func:`domain.repair.broken_promises` (applied to the proposal: no
critical finding, and ``objective_change`` equal to the scorer's difference).

Two ways of spending the 2 workers, each a row:

- ``side by side``: two explanations at a time, one CP-SAT worker each, as
  ``solve --explain`` computes them (:func:`solver.explain.explain_all`);
- ``one at a time``: each explanation with both CP-SAT workers.

Per event: the wall time of ``explain`` (blocks + repair, model build
included). Targets: p95 <= 2 s per event, 100 % of repairs valid.
``--write`` puts the table into the ``explain`` section of
benchmarks/RESULTS.md; ``--events N`` explains only the first N per example.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import platform
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.harness import EXAMPLES_DIR, RESULTS_MD, in_own_process, write_section

EXAMPLES = ("tight-week", "store-2weeks")
#: (label, explanations at a time, CP-SAT workers each)
MODES = (("side by side", 2, 1), ("one at a time", 1, 2))
P95_TARGET = 2.0
SOLVE_SECONDS = 10.0


@dataclass
class Timed:
    """One explained event: its time and what is wrong with its repair (empty: valid)."""

    event: str
    seconds: float
    feasible: bool
    proven: bool
    by_moves_alone: bool
    broken: list[str] = field(default_factory=list)


@dataclass
class Row:
    example: str
    mode: str
    events: list[Timed]
    wall: float
    solve_seconds: float

    @property
    def valid(self) -> int:
        return sum(1 for t in self.events if not t.broken)

    @property
    def timed_out(self) -> int:
        """Repairs that found no schedule within their time limit (not proven impossible)."""
        return sum(1 for t in self.events if not t.feasible and not t.proven)

    @property
    def broken(self) -> int:
        """Repairs found whose promise does not hold (apply it: a critical finding, or
        another objective change than the scorer's)."""
        return sum(1 for t in self.events if t.feasible and t.broken)

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile of the per-event seconds (0 when there are none)."""
        times = sorted(t.seconds for t in self.events)
        if not times:
            return 0.0
        return times[max(0, math.ceil(q / 100 * len(times)) - 1)]

    @property
    def met(self) -> bool:
        return self.percentile(95) <= P95_TARGET and self.valid == len(self.events)


def solved(problem, seconds: float = SOLVE_SECONDS):
    """The proposal the explanations are of (CP-SAT, 2 workers, seed 0)."""
    from solver.solve import solve

    return solve(problem, time_limit=seconds, workers=2, seed=0).proposal


def explain_events(
    problem,
    proposal,
    events: list[str],
    *,
    at_a_time: int = 2,
    workers: int = 1,
) -> tuple[list[Timed], float]:
    """Explain ``events`` ``at_a_time`` at once, each repair on ``workers`` CP-SAT
    workers; each repair checked. Returns the timed events and the wall time."""
    from domain.facts import Facts
    from domain.repair import broken_promises
    from solver.explain import explain

    facts = Facts(problem)

    def one(event: str) -> Timed:
        began = time.perf_counter()
        fix = explain(problem, proposal, event, workers=workers, facts=facts).repair
        seconds = time.perf_counter() - began
        if fix is None:
            return Timed(event, seconds, False, False, False, ["no repair (not a capacity event?)"])
        broken = broken_promises(problem, proposal, fix, event=event, facts=facts)
        return Timed(event, seconds, fix.feasible, fix.proven, fix.by_moves_alone, broken)

    began = time.perf_counter()
    # CP-SAT releases the GIL while it searches, so threads run repairs side by side.
    with ThreadPoolExecutor(max_workers=max(1, at_a_time)) as pool:
        timed = list(pool.map(one, events))
    return timed, time.perf_counter() - began


def capacity_events(proposal) -> list[str]:
    return [u.event for u in proposal.unscheduled if u.reason == "capacity"]


def measure(example: str, limit: int | None = None) -> list[Row]:
    """Both modes of one example (solved once)."""
    from domain.parse import parse_problem

    problem = parse_problem((EXAMPLES_DIR / f"{example}.json").read_text(encoding="utf-8"))
    began = time.perf_counter()
    proposal = solved(problem)
    solve_seconds = time.perf_counter() - began
    events = capacity_events(proposal)[:limit]
    rows = []
    for label, at_a_time, workers in MODES:
        timed, wall = explain_events(
            problem, proposal, events, at_a_time=at_a_time, workers=workers
        )
        rows.append(Row(example, label, timed, wall, solve_seconds))
    return rows


def _child(example: str, limit: int | None, queue) -> None:
    queue.put(measure(example, limit))


def run_example(example: str, limit: int | None = None) -> list[Row]:
    """:func:`measure` in its own process, so one example's memory does not slow the next."""
    return in_own_process(_child, example, limit)


HEADER = (
    "| example | mode | capacity events | p50 s | p95 s | max s | wall s | repairs valid "
    "| none found in time | promise broken | fit by moves alone | proven optimal | target | met |\n"
    "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
)


def line(row: Row) -> str:
    n = len(row.events)
    return (
        f"| {row.example} | {row.mode} | {n} | {row.percentile(50):.2f} "
        f"| {row.percentile(95):.2f} | {max((t.seconds for t in row.events), default=0):.2f} "
        f"| {row.wall:.1f} | {row.valid} / {n} | {row.timed_out} | {row.broken} "
        f"| {sum(t.by_moves_alone for t in row.events)} | {sum(t.proven for t in row.events)} "
        f"| p95 <= {P95_TARGET:g} s, 100 % valid | {'yes' if row.met else 'no'} |"
    )


def table(rows: list[Row], wall: float) -> str:
    stamp = datetime.now(UTC)
    intro = (
        "`python -m benchmarks.explain_bench --write`: every `capacity` event of the "
        f"example's CP-SAT proposal ({SOLVE_SECONDS:g} s, 2 workers, seed 0) explained with "
        "`solver.explain.explain` (blocks + repair, 2 s repair limit, model build included); "
        "2 workers: *side by side* = two explanations at a time with one CP-SAT worker each "
        "(as `solve --explain`), *one at a time* = both workers on each. Each repair is "
        "applied to the proposal and checked (`domain.repair.broken_promises`: no critical "
        "finding, `objective_change` = the scorer's difference). "
        f"{platform.machine()}, {mp.cpu_count()} cores, {stamp:%Y-%m-%d %H:%M} UTC; "
        f"total wall time {wall:.0f} s."
    )
    body = [intro, "", HEADER, *(line(r) for r in rows)]
    broken = [(r, t) for r in rows for t in r.events if t.broken]
    if broken:
        body += ["", "Repairs not valid (none found in time, or a promise broken):", ""]
        body += [f"- {r.example} ({r.mode}) {t.event}: {'; '.join(t.broken)}" for r, t in broken]
    return "\n".join(body)


def write_results(text: str, path: Path = RESULTS_MD) -> None:
    """The ``explain`` section of RESULTS.md (everything else kept)."""
    write_section(path, "explain", "## Explanations and repairs\n\n" + text)


def main(argv: list[str]) -> int:
    limit = None
    if "--events" in argv:
        limit = int(argv[argv.index("--events") + 1])
    began = time.perf_counter()
    rows: list[Row] = []
    for example in EXAMPLES:
        for row in run_example(example, limit):
            rows.append(row)
            print(line(row), flush=True)
    text = table(rows, time.perf_counter() - began)
    print("\n" + text)
    if "--write" in argv:
        write_results(text)
    return 0 if all(r.met for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
