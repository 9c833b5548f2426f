"""The review table a scheduler reads before approving: one row per day.

Per day: the Core blocks (block, employee, demo), the support events (time,
type, employee) and the events left unscheduled that are due that day (or,
when due after the horizon, listed on its last day), each with its reason.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from rich.table import Table

from domain.facts import Facts
from domain.models import Problem, Proposal
from domain.rules import EventType


def _short(name: str, width: int = 22) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def review_table(problem: Problem, proposal: Proposal, facts: Facts | None = None) -> Table:
    """A rich table of the proposal, one row per horizon day."""
    f = facts or Facts(problem)
    cores: dict[date, list[str]] = defaultdict(list)
    support: dict[date, list[str]] = defaultdict(list)
    for a in sorted(proposal.assignments, key=lambda a: (a.start, a.block or 0, a.event)):
        day = a.start.date()
        emp = f.employees.get(a.employee)
        who = (emp.name or emp.id) if emp else a.employee
        mark = "" if a.change == "new" else f" ({a.change})"
        event = f.events.get(a.event)
        label = _short(event.product or event.name) if event else a.event
        if f.types.get(a.event) is EventType.CORE:
            cores[day].append(f"{a.block}: {who} · {label}{mark}")
        else:
            kind = f.types[a.event].value if a.event in f.types else "?"
            support[day].append(f"{a.start:%H:%M} {kind}: {who}{mark}")
    for day, lines in support.items():
        # Supervisor checks come in bunches at 12:00: one line per bunch.
        counts = Counter(lines)
        support[day] = [line if n == 1 else f"{line} ×{n}" for line, n in counts.items()]
    left: dict[date, list[str]] = defaultdict(list)
    last = problem.horizon.end
    for u in proposal.unscheduled:
        if u.reason == "inactive" or u.event not in f.events:
            continue
        due = min(f.events[u.event].due.date(), last)
        left[max(due, problem.horizon.start)].append(
            f"{f.types[u.event].value} {u.event}: {u.reason}"
        )

    table = Table(title=f"Proposal for store {problem.store}", show_lines=True)
    table.add_column("day", no_wrap=True)
    table.add_column("Core blocks")
    table.add_column("support events")
    table.add_column("unscheduled (reason)")
    for day in f.horizon_days:
        table.add_row(
            f"{day:%a %Y-%m-%d}",
            "\n".join(cores[day]) or "-",
            "\n".join(support[day]) or "-",
            "\n".join(left[day]) or "-",
        )
    return table
