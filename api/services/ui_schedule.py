"""Use cases of the browser UI's live-schedule pages: week, day, workload, who is free.

Plain functions over a unit of work (no SQL here). Each loads the store's
problem for the days shown (its ``existing`` is the live schedule) and
answers view values the templates show as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from api.services.runs import UowFactory
from api.services.ui_review import FindingView, finding_view
from domain.facts import Facts, days_between, week_start
from domain.models import Problem
from domain.rules import HARD_RULES, EventType
from domain.schedule import ScheduleView, existing_as_assignments
from domain.score import CORE_ROLES
from domain.validator import validate
from reports import names as n

#: Why someone is off a whole day, as the week grid shades it (Facts.day_blocker).
OFF_TEXT = {"H01": "holiday", "H02": "time off", "H03": "unavailable", "H05": "not employed"}


def default_week(uow_factory: UowFactory, store: str, today: dt.date) -> dt.date:
    """The Sunday of the latest run's first week, else of today's week."""
    with uow_factory() as uow:
        runs = uow.runs.list(store=store)
    return week_start(runs[-1].horizon_start if runs else today)


def _live(uow_factory: UowFactory, store: str, start: dt.date, end: dt.date) -> Problem:
    with uow_factory() as uow:
        return uow.stores.load_problem(store, start, end, start - dt.timedelta(days=1))


def short(facts: Facts, event_id: str, width: int = 26) -> str:
    ev = facts.events.get(event_id)
    name = (ev.product or ev.name) if ev is not None else event_id
    return name if len(name) <= width else name[: width - 1] + "…"


@dataclass
class Cell:
    entries: list[str] = field(default_factory=list)
    off: str = ""


@dataclass
class EmployeeWeek:
    id: str
    name: str
    role: str
    cells: list[Cell]
    cores: int = 0
    minutes: int = 0


@dataclass
class WeekView:
    start: dt.date
    end: dt.date
    days: list[dt.date]
    rows: list[EmployeeWeek]
    holidays: dict[dt.date, str]


def week_view(uow_factory: UowFactory, store: str, start: dt.date) -> WeekView:
    """The live schedule of the Sunday-Saturday week holding ``start``: employees × days."""
    first = week_start(start)
    days = days_between(first, first + dt.timedelta(days=6))
    problem = _live(uow_factory, store, days[0], days[-1])
    facts = Facts(problem)
    rows = {
        e.id: EmployeeWeek(e.id, e.name or e.id, e.role, [Cell() for _ in days])
        for e in sorted(problem.employees, key=lambda e: (e.name or e.id, e.id))
    }
    for row in rows.values():
        for i, day in enumerate(days):
            blocker = facts.day_blocker(row.id, day)
            if blocker is not None:
                row.cells[i].off = OFF_TEXT.get(blocker, blocker)
    for a in sorted(existing_as_assignments(problem, facts), key=n.sort_key):
        row = rows.get(a.employee)
        if row is None or not days[0] <= a.start.date() <= days[-1]:
            continue
        kind = n.type_of(facts, a.event)
        label = f"{kind} B{a.block}" if a.block is not None else kind
        cell = row.cells[(a.start.date() - days[0]).days]
        cell.entries.append(f"{a.start:%H:%M} {label} · {short(facts, a.event)}")
        row.cores += facts.types.get(a.event) is EventType.CORE
        row.minutes += facts.work_minutes(a.event) if a.event in facts.events else 0
    holidays = {h.date: h.name or "holiday" for h in problem.holidays}
    return WeekView(days[0], days[-1], days, list(rows.values()), holidays)


@dataclass(frozen=True)
class DayLine:
    time: str
    block: int | None
    employee: str
    arrives: str
    event: str
    ends: str
    type: str = ""
    checks: str = ""


@dataclass
class DayView:
    day: dt.date
    holiday: str
    cores: list[DayLine]
    checks: list[DayLine]
    support: list[DayLine]
    findings: list[FindingView]


def day_view(uow_factory: UowFactory, store: str, day: dt.date) -> DayView:
    """One day of the live schedule: Cores by start and block, checks, support, findings."""
    problem = _live(uow_factory, store, day, day)
    facts = Facts(problem)
    items = [
        a
        for a in sorted(existing_as_assignments(problem, facts), key=n.sort_key)
        if a.start.date() == day
    ]
    arrives: dict[str, dt.datetime] = {}
    for a in items:
        arrives.setdefault(a.employee, a.start)

    def line(a, **extra) -> DayLine:
        return DayLine(
            n.hhmm(a.start),
            a.block,
            n.employee(facts, a.employee),
            n.hhmm(arrives[a.employee]),
            n.event(facts, a.event),
            n.hhmm(a.end),
            n.type_of(facts, a.event),
            **extra,
        )

    cores = [a for a in items if facts.types.get(a.event) is EventType.CORE]
    checks = [a for a in items if facts.types.get(a.event) is EventType.SUPERVISOR]
    support = [a for a in items if a not in cores and a not in checks]
    findings = [f for f in validate(problem).findings if f.date == day]
    holiday = next((h.name or "holiday" for h in problem.holidays if h.date == day), "")
    return DayView(
        day,
        holiday,
        [line(a) for a in sorted(cores, key=lambda a: (a.start, a.block or 0))],
        [line(a, checks=n.event(facts, facts.pair_of.get(a.event) or a.event)) for a in checks],
        [line(a) for a in support],
        [finding_view(facts, f) for f in findings],
    )


@dataclass(frozen=True)
class Load:
    employee: str
    role: str
    cores: int
    minutes: int
    counted: bool  # in the S7 fairness count (a Core role, free some day of the week)


@dataclass
class WorkloadView:
    start: dt.date
    end: dt.date
    loads: list[Load]
    spread: int
    max_minutes: int
    max_core: int


def workload_view(uow_factory: UowFactory, store: str, start: dt.date) -> WorkloadView:
    """Per employee the Cores and work minutes of the week, and the S7 spread of Cores."""
    first = week_start(start)
    days = days_between(first, first + dt.timedelta(days=6))
    problem = _live(uow_factory, store, days[0], days[-1])
    facts = Facts(problem)
    view = ScheduleView(facts, existing_as_assignments(problem, facts))
    loads = []
    for e in sorted(problem.employees, key=lambda e: (e.name or e.id, e.id)):
        items = [it for it in view.by_employee.get(e.id, ()) if days[0] <= it.day <= days[-1]]
        counted = e.role in CORE_ROLES and any(facts.day_blocker(e.id, d) is None for d in days)
        loads.append(
            Load(
                n.employee(facts, e.id),
                e.role,
                sum(it.type is EventType.CORE for it in items),
                sum(facts.work_minutes(it.event) for it in items),
                counted,
            )
        )
    counts = [x.cores for x in loads if x.counted]
    spread = max(counts) - min(counts) if len(counts) >= 2 else 0
    settings = problem.settings
    return WorkloadView(
        days[0], days[-1], loads, spread, settings.max_week_minutes, settings.max_core_per_week
    )


@dataclass(frozen=True)
class Availability:
    employee: str
    role: str
    available: bool
    why: str
    working: list[str]


def who_on(uow_factory: UowFactory, store: str, day: dt.date) -> list[Availability]:
    """Every employee on ``day``: free (with what they already work) or why not."""
    problem = _live(uow_factory, store, day, day)
    facts = Facts(problem)
    work: dict[str, list[str]] = {}
    for a in sorted(existing_as_assignments(problem, facts), key=n.sort_key):
        if a.start.date() == day:
            work.setdefault(a.employee, []).append(
                f"{a.start:%H:%M}-{a.end:%H:%M} {n.type_of(facts, a.event)} {short(facts, a.event)}"
            )
    out = []
    for e in sorted(problem.employees, key=lambda e: (e.name or e.id, e.id)):
        rule = facts.day_blocker(e.id, day)
        why = "" if rule is None else f"{rule}: {HARD_RULES.get(rule, '')}"
        out.append(
            Availability(n.employee(facts, e.id), e.role, rule is None, why, work.get(e.id, []))
        )
    out.sort(key=lambda x: (not x.available, x.employee))
    return out


def store_events(uow_factory: UowFactory, store: str, start: dt.date, end: dt.date) -> list:
    """(id, label) of the store's events in the days, for a pick list."""
    problem = _live(uow_factory, store, start, end)
    facts = Facts(problem)
    return [
        (e.id, f"{e.name} ({n.type_of(facts, e.id)}, {e.start:%m-%d} to {e.due:%m-%d})")
        for e in sorted(problem.events, key=lambda e: (e.start, e.id))
    ]


def store_employees(uow_factory: UowFactory, store: str, day: dt.date) -> list:
    problem = _live(uow_factory, store, day, day)
    return [(e.id, f"{e.name or e.id} ({e.role})") for e in problem.employees]


__all__ = [
    "WeekView",
    "DayView",
    "WorkloadView",
    "day_view",
    "default_week",
    "week_view",
    "who_on",
    "workload_view",
]
