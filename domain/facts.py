"""Derived facts of a problem, computed once: types, windows, calendars, rotations.

``Facts`` answers the questions every reader of the rule book asks
(what type is this event, on which days may it run, is this employee
available on that day, who is the juicer of the day) so that the validator,
the scorer, the generator and the solver read the rules the same way.
It holds no rule *judgement*: each reader decides what a fact means for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from domain.integrity import event_type, resolve_pairing
from domain.models import Employee, Event, Problem, hhmm_to_time
from domain.rules import (
    ELIGIBLE_ROLES,
    PAIRED_TYPES,
    START_DATE_ONLY,
    SUPPORT_TYPES,
    WEEKDAYS,
    EventType,
    is_active_condition,
)


def week_start(day: date) -> date:
    """The Sunday that starts the (Sunday-Saturday) week of ``day``."""
    return day - timedelta(days=(day.weekday() + 1) % 7)


def weekday_key(day: date) -> str:
    return WEEKDAYS[day.weekday()]


def days_between(first: date, last: date) -> list[date]:
    """Every date from ``first`` to ``last`` inclusive."""
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


@dataclass(frozen=True)
class Rota:
    """Who a rotation names for one day: the employee and the backup."""

    employee: str | None
    backup: str | None


class Facts:
    """Read-only derived view of a :class:`~domain.models.Problem`."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.settings = problem.settings
        self.events: dict[str, Event] = {e.id: e for e in problem.events}
        self.employees: dict[str, Employee] = {e.id: e for e in problem.employees}
        self.types: dict[str, EventType] = {e.id: event_type(e) for e in problem.events}
        self.pair_of: dict[str, str | None] = resolve_pairing(problem)
        self.holidays: set[date] = {h.date for h in problem.holidays}
        self.locked_days: set[date] = set(problem.locked_days)
        self.first_new_day: date = max(
            problem.today + timedelta(days=self.settings.buffer_days), problem.horizon.start
        )
        self._time_off: dict[str, list[tuple[date, date]]] = {}
        for t in problem.time_off:
            self._time_off.setdefault(t.employee, []).append((t.start, t.end))
        self._overrides: dict[tuple[str, date], bool] = {}
        for o in problem.availability_overrides:
            key = (o.employee, o.date)
            # Where overrides disagree, "not available" wins (FORMAT.md).
            self._overrides[key] = self._overrides.get(key, True) and o.available
        self._rotations = {(r.weekday, r.kind): r for r in problem.rotations}
        self._exceptions = {(x.date, x.kind): x.employee for x in problem.rotation_exceptions}

    # --- events -----------------------------------------------------------
    def is_active(self, event_id: str) -> bool:
        return is_active_condition(self.events[event_id].condition)

    def duration(self, event_id: str) -> int:
        ev = self.events[event_id]
        return ev.duration_min or self.settings.duration(self.types[event_id])

    def work_minutes(self, event_id: str) -> int:
        """Duration less unpaid lunch; 0 for a support task (H19 counts none)."""
        etype = self.types[event_id]
        if etype in SUPPORT_TYPES:
            return 0
        return max(0, self.duration(event_id) - self.settings.lunch(etype))

    def start_times(self, event_id: str) -> list[time]:
        """Allowed start times of the event's type (H08); block starts for Core."""
        etype = self.types[event_id]
        if etype is EventType.CORE:
            return sorted({b.start_time for b in self.blocks})
        return self.settings.start_times_for(etype)

    @cached_property
    def blocks(self) -> list[_Block]:
        return [_Block(b.block, hhmm_to_time(b.start), b.overflow) for b in self.settings.blocks()]

    @cached_property
    def block_start(self) -> dict[int, time]:
        return {b.number: b.start_time for b in self.blocks}

    def in_window(self, event_id: str, start: datetime) -> bool:
        """H07 window: event start <= start < due, on the start date for dated types."""
        ev = self.events[event_id]
        if not (ev.start <= start < ev.due):
            return False
        if self.types[event_id] in START_DATE_ONLY:
            return start.date() == ev.start.date()
        return True

    def window_days(self, event_id: str) -> list[date]:
        """Days with at least one allowed start time inside the event's window."""
        ev = self.events[event_id]
        days = days_between(ev.start.date(), ev.due.date())
        return [
            d
            for d in days
            if any(
                self.in_window(event_id, datetime.combine(d, t)) for t in self.start_times(event_id)
            )
        ]

    def new_days(self, event_id: str) -> list[date]:
        """Window days open to a new assignment: after the buffer, inside the horizon."""
        end = self.problem.horizon.end
        return [d for d in self.window_days(event_id) if self.first_new_day <= d <= end]

    def is_paired_type(self, event_id: str) -> bool:
        return self.types[event_id] in PAIRED_TYPES

    @cached_property
    def children(self) -> dict[str, list[str]]:
        """Core id -> its Supervisor events; Production id -> its Surveys."""
        out: dict[str, list[str]] = {}
        for child, parent in self.pair_of.items():
            if parent is not None:
                out.setdefault(parent, []).append(child)
        return out

    # --- employees --------------------------------------------------------
    def role_eligible(self, employee_id: str, event_id: str) -> bool:
        return self.employees[employee_id].role in ELIGIBLE_ROLES[self.types[event_id]]

    def employed(self, employee_id: str, day: date) -> bool:
        """H05: active and not terminated on ``day`` (termination date <= day)."""
        emp = self.employees[employee_id]
        return emp.active and (emp.termination_date is None or day < emp.termination_date)

    def on_time_off(self, employee_id: str, day: date) -> bool:
        """H02: ``day`` inside one of the employee's time-off ranges (inclusive)."""
        return any(a <= day <= b for a, b in self._time_off.get(employee_id, ()))

    def available(self, employee_id: str, day: date) -> bool:
        """H03: weekly pattern and date overrides; an override "no" always wins."""
        override = self._overrides.get((employee_id, day))
        if override is not None:
            return override
        pattern = self.employees[employee_id].weekly_availability
        return True if pattern is None else getattr(pattern, weekday_key(day))

    def day_blocker(self, employee_id: str, day: date) -> str | None:
        """The first of H01, H02, H03, H05 that keeps the employee off work that day."""
        if day in self.holidays:
            return "H01"
        if self.on_time_off(employee_id, day):
            return "H02"
        if not self.available(employee_id, day):
            return "H03"
        if not self.employed(employee_id, day):
            return "H05"
        return None

    # --- rotations --------------------------------------------------------
    def rota(self, kind: str, day: date) -> Rota:
        """The ``juicer`` or ``primary_lead`` of a day: exception, else rotation."""
        rot = self._rotations.get((weekday_key(day), kind))
        exception = self._exceptions.get((day, kind))
        employee = exception if exception is not None else (rot.employee if rot else None)
        backup = rot.backup if rot else None
        return Rota(employee, backup if backup != employee else None)

    # --- calendar ---------------------------------------------------------
    @cached_property
    def horizon_days(self) -> list[date]:
        return days_between(self.problem.horizon.start, self.problem.horizon.end)

    def end_of(self, event_id: str, start: datetime) -> datetime:
        return start + timedelta(minutes=self.duration(event_id))


@dataclass(frozen=True)
class _Block:
    number: int
    start_time: time
    overflow: bool
