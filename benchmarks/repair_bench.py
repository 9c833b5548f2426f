"""Repair-solve benchmark (issue 12): ``python -m benchmarks.repair_bench [--write]``.

A generated 60-employee 2-week store (seed 1) is solved (CP-SAT, 60 s) and its
proposal becomes the approved live schedule. Then, as the call-out service
does, each call-out is repaired over the weeks it touches
(:func:`solver.repair.repair`, 2 workers, seed 0):

- 20 random call-outs of a specialist for one day (someone with an assignment
  that day): target p95 <= 1 s, the number of changes proven minimal;
- 5 random call-outs of a lead for 3 days: target <= 2 s.

Each is compared with a full re-solve of the same change (the store's whole
horizon, weighted objective where stability is only S10's penalty, 20 s): the
time, and how many existing assignments each moves or drops. ``--write``
puts the table into benchmarks/RESULTS.md between the ``repair`` markers;
``--quick`` runs 3 + 1 call-outs.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.results import write_section
from domain.facts import week_start
from domain.generator import generate
from domain.models import Problem, TimeOff
from domain.validator import validate
from solver.repair import Change, apply_change, count_changes, repair
from solver.solve import solve

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def live_store(employees: int = 60, weeks: int = 2, time_limit: float = 60.0) -> Problem:
    """A generated store whose live schedule is a CP-SAT proposal (all unlocked)."""
    p = generate(employees, weeks, seed=1)
    first = solve(p, time_limit=time_limit, workers=2, seed=0)
    live = [
        {"event": a.event, "employee": a.employee, "start": a.start.isoformat(), "block": a.block}
        for a in first.proposal.assignments
    ]
    return Problem.model_validate({**p.model_dump(mode="json"), "existing": live})


def call_outs(p: Problem, role: str, days: int, n: int, seed: int) -> list[TimeOff]:
    """``n`` call-outs of employees of ``role`` from a day they work, ``days`` long."""
    roles = {e.id: e.role.value for e in p.employees}
    last_start = p.horizon.end - dt.timedelta(days=days - 1)  # the whole call-out fits
    worked = sorted(
        {
            (x.employee, x.start.date())
            for x in p.existing
            if roles[x.employee] == role and p.horizon.start <= x.start.date() <= last_start
        }
    )
    rng = random.Random(seed)
    out = []
    for emp, day in rng.sample(worked, min(n, len(worked))):
        out.append(TimeOff(employee=emp, start=day, end=day + dt.timedelta(days=days - 1)))
    return out


def weeks_of(p: Problem, off: TimeOff) -> Problem:
    """``p`` over the weeks the call-out touches (what a repair run solves)."""
    start = max(week_start(off.start), p.horizon.start)
    end = min(week_start(off.end) + dt.timedelta(days=6), p.horizon.end)
    horizon = p.horizon.model_copy(update={"start": start, "end": end})
    return p.model_copy(update={"horizon": horizon})


@dataclass
class Row:
    employee: str
    days: str
    seconds: float
    cpu: float
    changes: int
    bound: int
    proven: bool
    status: str
    critical: int
    full_seconds: float | None = None
    full_changes: int | None = None
    full_status: str = ""


def measure(p: Problem, off: TimeOff, *, full_limit: float | None = 20.0) -> Row:
    """Repair one call-out (and, unless ``full_limit`` is None, re-solve it in full)."""
    change = Change(time_off=[off])
    began, cpu = time.perf_counter(), time.process_time()
    # A limit far above the target: the proof is part of what is measured.
    r = repair(weeks_of(p, off), change, time_limit=30.0, polish=0.2, workers=2, seed=0)
    seconds = time.perf_counter() - began
    row = Row(
        off.employee,
        f"{off.start:%m-%d}..{off.end:%m-%d}",
        seconds,
        time.process_time() - cpu,
        r.changes,
        r.changes_bound,
        r.changes_proven,
        r.result.status,
        validate(r.problem, r.proposal).critical,
    )
    if full_limit is not None:
        whole = apply_change(p, change)
        began = time.perf_counter()
        full = solve(whole, time_limit=full_limit, workers=2, seed=0)
        row.full_seconds = time.perf_counter() - began
        row.full_changes = count_changes(whole, full.proposal)
        row.full_status = full.status
    return row


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def summary(name: str, rows: list[Row], target: float) -> str:
    secs = [r.seconds for r in rows]
    cpus = [r.cpu for r in rows]
    full = [r.full_seconds for r in rows if r.full_seconds is not None]
    fch = [r.full_changes for r in rows if r.full_changes is not None]
    proven = sum(r.proven for r in rows)
    ok = proven == len(rows) and not any(r.critical for r in rows)
    met = (
        "yes" if ok and p95(secs) <= target else "CPU only" if ok and p95(cpus) <= target else "no"
    )
    return (
        f"| {name} | {len(rows)} | {p95(secs):.2f} | {max(secs):.2f} | {p95(cpus):.2f} "
        f"| {proven} / {len(rows)} "
        f"| {sum(r.changes for r in rows) / len(rows):.1f} "
        f"| {sum(fch) / max(1, len(fch)):.1f} | {p95(full) if full else 0:.1f} "
        f"| {sum(r.critical for r in rows)} | p95 <= {target:g} s, proven | {met} |"
    )


HEADER = (
    "| case | call-outs | repair p95 s | repair max s | repair CPU p95 s | changes proven minimal "
    "| repair changes (mean) | full re-solve changes (mean) | full re-solve p95 s "
    "| critical | target | met |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
)
DETAIL = (
    "| case | employee | days out | repair s | CPU s | changes | bound | proven | status "
    "| full s | full changes | full status |\n"
    "|---|---|---|---:|---:|---:|---:|---|---|---:|---:|---|"
)


def detail(name: str, r: Row) -> str:
    fs = "-" if r.full_seconds is None else f"{r.full_seconds:.1f}"
    return (
        f"| {name} | {r.employee} | {r.days} | {r.seconds:.2f} | {r.cpu:.2f} | {r.changes} "
        f"| {r.bound} "
        f"| {'yes' if r.proven else 'no'} | {r.status} | {fs} | {r.full_changes} "
        f"| {r.full_status} |"
    )


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    began = time.perf_counter()
    p = live_store()
    built = time.perf_counter() - began
    cases = [
        ("specialist out 1 day", call_outs(p, "specialist", 1, 3 if quick else 20, 0), 1.0),
        ("lead out 3 days", call_outs(p, "lead", 3, 1 if quick else 5, 1), 2.0),
    ]
    lines, details, failed = [HEADER], [DETAIL], 0
    for name, offs, target in cases:
        rows = []
        for off in offs:
            rows.append(measure(p, off))
            details.append(detail(name, rows[-1]))
            print(details[-1], flush=True)
        lines.append(summary(name, rows, target))
        failed += lines[-1].endswith("| no |")
    load = os.getloadavg()
    intro = (
        f"`python -m benchmarks.repair_bench`: generated store 60 employees x 2 weeks (seed 1, "
        f"{len(p.events)} events, {len(p.existing)} live assignments from a 60 s CP-SAT solve,"
        f" {built:.0f} s); repairs over the weeks touched, 2 workers, seed 0; full re-solves of"
        f" the whole horizon, 20 s. {platform.machine()}, {os.cpu_count()} cores,"
        f" {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, load average"
        f" {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}."
    )
    table = intro + "\n\n" + "\n".join(lines) + "\n\n" + "\n".join(details)
    print("\n" + table)
    if "--write" in argv:
        write_results(table)
    return 1 if failed else 0


def write_results(table: str) -> None:
    """Replace the repair section of RESULTS.md (the reading outside the markers stays)."""
    write_section(RESULTS, "repair", table, heading="Repair solves (call-outs)")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
