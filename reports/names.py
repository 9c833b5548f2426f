"""How reports name things: employees, events, slots, reasons; and the day grouping they share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from domain.facts import Facts
from domain.models import Assignment, Finding, Problem
from domain.rules import EventType

REASON_TEXT: dict[str, str] = {
    "inactive": "inactive",
    "window_closed": "window closed",
    "no_eligible_employee": "no eligible employee",
    "no_available_employee": "no available employee",
    "pair_unscheduled": "pair unscheduled",
    "capacity": "no capacity",
    "dropped": "dropped",
}


def employee(facts: Facts, emp_id: str | None) -> str:
    """``Gina Khan (E01)``; the bare id for an employee the problem does not know."""
    if emp_id is None:
        return "-"
    emp = facts.employees.get(emp_id)
    if emp is None or not emp.name:
        return emp_id
    return f"{emp.name} ({emp_id})"


def event(facts: Facts, event_id: str) -> str:
    """The event's name as the retailer wrote it (its id when the problem does not know it)."""
    ev = facts.events.get(event_id)
    return ev.name if ev is not None else event_id


def type_of(facts: Facts, event_id: str) -> str:
    etype = facts.types.get(event_id)
    return etype.value if etype is not None else "?"


def is_core(facts: Facts, event_id: str) -> bool:
    return facts.types.get(event_id) is EventType.CORE


def hhmm(moment: dt.datetime | None) -> str:
    return "-" if moment is None else f"{moment:%H:%M}"


def slot(facts: Facts, emp_id: str, start: dt.datetime, block: int | None) -> str:
    """``Gina Khan (E01), Mon 2026-05-25 10:15, block 1``."""
    where = f"{employee(facts, emp_id)}, {start:%a %Y-%m-%d %H:%M}"
    return where + (f", block {block}" if block is not None else "")


def day_heading(day: dt.date) -> str:
    return f"{day:%A %Y-%m-%d}"


def sort_key(a: Assignment) -> tuple:
    return (a.start, a.block or 0, a.event)


def by_day(assignments: Iterable[Assignment]) -> dict[dt.date, list[Assignment]]:
    """Assignments per day, in start/block/event order."""
    out: dict[dt.date, list[Assignment]] = {}
    for a in sorted(assignments, key=sort_key):
        out.setdefault(a.start.date(), []).append(a)
    return out


def unscheduled_day(problem: Problem, facts: Facts, event_id: str) -> dt.date:
    """The day a report lists an unscheduled event on: its due day, inside the horizon."""
    last, first = problem.horizon.end, problem.horizon.start
    ev = facts.events.get(event_id)
    due = ev.due.date() if ev is not None else last
    return max(min(due, last), first)


def finding_rows(facts: Facts, findings: Sequence[Finding], *, with_date: bool = True) -> list:
    """Table rows of findings: rule, severity, (date), employee, events, sentence."""
    head = ["Rule", "Severity", *(["Date"] if with_date else []), "Employee", "Events", "Finding"]
    rows: list[list[str]] = [head]
    for f in findings:
        rows.append(
            [
                f.rule,
                f.severity,
                *([f"{f.date:%a %Y-%m-%d}" if f.date else "-"] if with_date else []),
                employee(facts, f.employee),
                ", ".join(event(facts, e) for e in f.events) or "-",
                f.message,
            ]
        )
    return rows


def severity_colors(findings: Sequence[Finding], first_row: int = 1) -> list[tuple]:
    """Row backgrounds: critical findings red, warnings yellow."""
    from reports.style import CRIT, WARN

    return [
        ("BACKGROUND", (0, i), (-1, i), CRIT if f.severity == "critical" else WARN)
        for i, f in enumerate(findings, start=first_row)
    ]
