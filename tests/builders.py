"""Tiny-problem builders shared by the domain and solver tests.

The default calendar: today is Thu 2026-02-26, the horizon is the week Sun
2026-03-01 to Sat 2026-03-07 and the buffer is 3 days, so the first day open to
new assignments is Sun 2026-03-01. Dates may be given as ``"2026-03-02"`` or as
a weekday key of that week (``"mon"``).

    p = problem(employees=[employee("E03")], events=[event("C1")])
    report = judge(p, assign(p, "C1", "E03", "mon", block=1))
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from domain.facts import Facts
from domain.models import Assignment, Problem, Proposal, Unscheduled, hhmm_to_time
from domain.rules import EventType

TODAY = "2026-02-26"
HORIZON = ("2026-03-01", "2026-03-07")
WEEK = {
    k: date(2026, 3, 1) + timedelta(days=i)
    for i, k in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))
}

#: A small roster: two leads, two specialists, a juicer and a club supervisor.
ROSTER: list[tuple[str, str, str]] = [
    ("E01", "lead", "Lena Lead"),
    ("E02", "lead", "Leo Backup"),
    ("E03", "specialist", "Sam Spec"),
    ("E04", "specialist", "Sue Spec"),
    ("E05", "juicer", "Jo Juice"),
    ("E06", "supervisor", "Cy Super"),
]


def day(value: str | date) -> date:
    """A date from ``date``, ``"YYYY-MM-DD"`` or a weekday key of the default week."""
    if isinstance(value, date):
        return value
    return WEEK[value] if value in WEEK else date.fromisoformat(value)


def at(when: str | date, hhmm: str = "00:00") -> datetime:
    return datetime.combine(day(when), hhmm_to_time(hhmm))


# --- problem documents (dicts, so that tests can tweak any field) -------------


def employee(emp_id: str, role: str = "specialist", name: str | None = None, **fields: Any) -> dict:
    """An employee dict; ``off=("sun", ...)`` sets a weekly pattern without those days."""
    off = fields.pop("off", None)
    out = {"id": emp_id, "role": role, "name": name if name is not None else emp_id, **fields}
    if off is not None:
        out["weekly_availability"] = {k: k not in off for k in WEEK}
    return out


def roster(*ids: str) -> list[dict]:
    """Employees of :data:`ROSTER` (all of them when no id is given)."""
    return [employee(i, role, name) for i, role, name in ROSTER if not ids or i in ids]


def event(
    ev_id: str,
    etype: str | None = "Core",
    first: str | date = "mon",
    last: str | date | None = None,
    *,
    name: str | None = None,
    **fields: Any,
) -> dict:
    """An event whose window runs from ``first`` 00:00 to ``last`` 23:59 (default: ``first``
    for dated types, else Saturday of the default week)."""
    if last is None:
        dated = etype in {
            "Juicer Production",
            "Freeosk",
            "Digital Setup",
            "Digital Refresh",
            "Digital Teardown",
        }
        last = first if dated else "sat"
    out = {
        "id": ev_id,
        "name": name if name is not None else f"{ev_id}-{etype or 'Other'}",
        "start": at(first).isoformat(),
        "due": at(last, "23:59").isoformat(),
        **fields,
    }
    if etype is not None:
        out["type"] = etype
    return out


def existing(
    ev_id: str,
    emp_id: str,
    when: str | date,
    hhmm: str,
    block: int | None = None,
    locked: bool = False,
) -> dict:
    return {
        "event": ev_id,
        "employee": emp_id,
        "start": at(when, hhmm).isoformat(),
        "block": block,
        "locked": locked,
    }


def problem_dict(
    employees: list[dict] | None = None, events: list[dict] | None = None, **fields: Any
) -> dict:
    """A ``schedule-problem/1`` dict with the default calendar; ``fields`` override."""
    return {
        "format": "schedule-problem/1",
        "store": "T1",
        "today": TODAY,
        "horizon": {"start": HORIZON[0], "end": HORIZON[1]},
        "employees": employees if employees is not None else roster(),
        "events": events if events is not None else [],
        **fields,
    }


def problem(
    employees: list[dict] | None = None, events: list[dict] | None = None, **fields: Any
) -> Problem:
    """A validated :class:`Problem` (see :func:`problem_dict`)."""
    return Problem.model_validate(problem_dict(employees, events, **fields))


# --- schedules ---------------------------------------------------------------


def assign(
    p: Problem | Facts,
    ev_id: str,
    emp_id: str,
    when: str | date,
    hhmm: str | None = None,
    block: int | None = None,
    change: str = "new",
) -> Assignment:
    """An assignment with its end computed. For a Core, the time defaults to its block's
    start; otherwise to the type's first allowed start time."""
    facts = p if isinstance(p, Facts) else Facts(p)
    if hhmm is None:
        if facts.types[ev_id] is EventType.CORE:
            start_time = facts.block_start[block if block is not None else 1]
        else:
            start_time = facts.start_times(ev_id)[0]
    else:
        start_time = hhmm_to_time(hhmm)
    start = datetime.combine(day(when), start_time)
    return Assignment(
        event=ev_id,
        employee=emp_id,
        start=start,
        end=facts.end_of(ev_id, start),
        block=block,
        change=change,
    )


def proposal(
    assignments: list[Assignment], unscheduled: list[Unscheduled] | None = None, store: str = "T1"
) -> Proposal:
    return Proposal(
        store=store,
        status="FEASIBLE",
        assignments=list(assignments),
        unscheduled=list(unscheduled or []),
    )


def kept(p: Problem) -> list[Assignment]:
    """The problem's existing assignments, unchanged."""
    from domain.schedule import existing_as_assignments

    return existing_as_assignments(p)


def listed(p: Problem, assignments: list[Assignment]) -> Proposal:
    """A proposal of ``assignments`` that lists every other event as unscheduled, as a
    solver's does (FORMAT.md: every active event exactly once, rule ``COV``)."""
    facts = Facts(p)
    done = {a.event for a in assignments}
    left = [
        Unscheduled(event=e.id, reason="capacity" if facts.is_active(e.id) else "inactive")
        for e in p.events
        if e.id not in done
    ]
    return proposal(assignments, left, store=p.store)


def judge(p: Problem, *assignments: Assignment):
    """``validate(p, listed(p, assignments))``: the schedule judged as a complete proposal."""
    from domain.validator import validate

    return validate(p, listed(p, list(assignments)))


def rules(report, severity: str | None = None) -> set[str]:
    """Rule ids of a report's findings (optionally of one severity)."""
    return {f.rule for f in report.findings if severity is None or f.severity == severity}
