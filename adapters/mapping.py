"""A store's problem data <-> database rows.

:func:`save_problem` writes a whole ``schedule-problem/1`` document into the
store ``problem.store``; :func:`load_problem` reads one back for a store, a
horizon and a ``today``. Row-level mapping is explicit: ``*_to_domain(row)``
builds a domain model from a row, ``*_from_domain(model, row)`` fills a row
from a domain model.

Import semantics (what ``save_problem`` replaces)
-------------------------------------------------
Importing the same file twice leaves the database as after the first import.

- **store**: created if new; its settings become the file's *explicitly set*
  settings (``model_dump(exclude_unset=True)``), so that defaults keep
  following RULES.md.
- **employees**: upserted by code (``id`` in the file), roster position = the
  file's order; weekly availability replaced. Employees missing from the file
  are kept (history refers to them) and move behind the file's roster.
- **events**: upserted by code, never deleted by an import (runs and
  schedules refer to them); the file's events get positions after the
  store's other events, in file order.
- **rotations**: store-wide configuration, replaced as a whole by the file's.
- **time off, availability overrides, holidays, locked days, rotation
  exceptions**: replaced within the file's *covered span*: the horizon widened
  by the lookaround (28 days each side), further widened to every date the
  file itself names. Entries outside the span are kept; time off is replaced
  when its range meets the span.
- **existing** -> ``schedules``: the schedule rows of the file's events are
  replaced by the file's ``existing``; other events' schedules are kept.

Loading (``load_problem``)
--------------------------
All employees of the store (roster order); events whose window meets
``[start - lookaround, end + lookaround]`` (file order, i.e. by position); the
time off, overrides, holidays, locked days and rotation exceptions meeting
that span, all rotations (each in insertion order); ``existing`` = the
schedule rows of the loaded events (insertion order). A file imported into an
empty store thus loads back equal to itself for its own store, horizon and
today, provided all its dated data lies within the lookaround.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from datetime import timedelta

from pydantic import ValidationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from adapters.mapping_rows import (
    employee_from_domain,
    employee_to_domain,
    event_from_domain,
    event_to_domain,
    existing_from_domain,
    existing_to_domain,
    settings_from_domain,
    settings_to_domain,
)
from adapters.orm import (
    AvailabilityOverrideRow,
    EmployeeRow,
    EventRow,
    HolidayRow,
    LockedDayRow,
    RotationExceptionRow,
    RotationRow,
    ScheduleRow,
    StoreRow,
    TimeOffRow,
)
from domain.models import (
    AvailabilityOverride,
    Holiday,
    Horizon,
    Problem,
    Rotation,
    RotationException,
    TimeOff,
)
from domain.parse import InputError, describe

#: Days of history and look-ahead that travel with a loaded problem.
LOOKAROUND_DAYS = 28
_SYNC = {"synchronize_session": "fetch"}


class NotFound(LookupError):
    """A store, run or code that the database does not have."""


class StoreNotFound(NotFound):
    """No store with that id in the database."""

    def __init__(self, store: str) -> None:
        super().__init__(f"store {store} not found")
        self.store = store


def load_window(
    start: dt.date, end: dt.date, lookaround_days: int = LOOKAROUND_DAYS
) -> tuple[dt.date, dt.date]:
    """The span of days loaded with a horizon: ``[start - lookaround, end + lookaround]``."""
    pad = timedelta(days=lookaround_days)
    return start - pad, end + pad


def covered_span(
    problem: Problem, lookaround_days: int = LOOKAROUND_DAYS
) -> tuple[dt.date, dt.date]:
    """Days whose calendar entries an import of ``problem`` replaces (see the module doc)."""
    lo, hi = load_window(problem.horizon.start, problem.horizon.end, lookaround_days)
    dates = [d for t in problem.time_off for d in (t.start, t.end)]
    dates += [o.date for o in problem.availability_overrides]
    dates += [h.date for h in problem.holidays]
    dates += list(problem.locked_days)
    dates += [x.date for x in problem.rotation_exceptions]
    return min([lo, *dates]), max([hi, *dates])


def check_storable(problem: Problem) -> None:
    """Raise ``InputError`` for what the file format allows but the tables cannot hold.

    Holidays and locked days are one per store and date (a file naming a date
    twice is refused rather than silently merged).
    """
    seen: set[dt.date] = set()
    for i, holiday in enumerate(problem.holidays):
        if holiday.date in seen:
            raise InputError(f"holidays[{i}].date: a second holiday on {holiday.date.isoformat()}")
        seen.add(holiday.date)
    seen = set()
    for i, day in enumerate(problem.locked_days):
        if day in seen:
            raise InputError(f"locked_days[{i}]: {day.isoformat()} is locked twice")
        seen.add(day)


# --- save ----------------------------------------------------------------------


def save_problem(
    session: Session, problem: Problem, lookaround_days: int = LOOKAROUND_DAYS
) -> None:
    """Upsert ``problem`` into the store ``problem.store`` (flushes, does not commit).

    Raises
    ------
    InputError
        See :func:`check_storable`.
    """
    check_storable(problem)
    store = session.get(StoreRow, problem.store)
    if store is None:
        store = StoreRow(id=problem.store, name="", settings={})
        session.add(store)
    store.settings = settings_from_domain(problem.settings)
    session.flush()
    employees = _save_employees(session, problem)
    session.flush()
    ids = {code: row.id for code, row in employees.items()}
    _replace_calendar(session, problem, ids, covered_span(problem, lookaround_days))
    events = _save_events(session, problem)
    session.flush()
    event_ids = [events[e.id].id for e in problem.events]
    session.execute(
        delete(ScheduleRow).where(ScheduleRow.event_id.in_(event_ids)), execution_options=_SYNC
    )
    session.add_all(
        existing_from_domain(a, problem.store, events[a.event].id, ids[a.employee])
        for a in problem.existing
    )
    session.flush()


def _save_employees(session: Session, problem: Problem) -> dict[str, EmployeeRow]:
    rows = {
        r.code: r
        for r in session.scalars(select(EmployeeRow).where(EmployeeRow.store_id == problem.store))
    }
    in_file = {e.id for e in problem.employees}
    for position, employee in enumerate(problem.employees):
        row = rows.get(employee.id)
        if row is None:
            row = EmployeeRow(store_id=problem.store, code=employee.id, weekly=[])
            session.add(row)
            rows[employee.id] = row
        employee_from_domain(employee, row)
        row.position = position
    others = sorted(
        (r for c, r in rows.items() if c not in in_file), key=lambda r: (r.position, r.code)
    )
    for offset, row in enumerate(others):
        row.position = len(problem.employees) + offset
    return rows


def _save_events(session: Session, problem: Problem) -> dict[str, EventRow]:
    rows = {
        r.code: r
        for r in session.scalars(select(EventRow).where(EventRow.store_id == problem.store))
    }
    in_file = {e.id for e in problem.events}
    base = 1 + max((r.position for c, r in rows.items() if c not in in_file), default=-1)
    for offset, event in enumerate(problem.events):
        row = rows.get(event.id)
        if row is None:
            row = EventRow(store_id=problem.store)
            session.add(row)
            rows[event.id] = row
        event_from_domain(event, row)
        row.position = base + offset
    return rows


def _replace_calendar(
    session: Session, problem: Problem, ids: dict[str, int], span: tuple[dt.date, dt.date]
) -> None:
    store, (lo, hi) = problem.store, span
    staff = select(EmployeeRow.id).where(EmployeeRow.store_id == store).scalar_subquery()
    for stmt in (
        delete(TimeOffRow).where(
            TimeOffRow.employee_id.in_(staff), TimeOffRow.end >= lo, TimeOffRow.start <= hi
        ),
        delete(AvailabilityOverrideRow).where(
            AvailabilityOverrideRow.employee_id.in_(staff),
            AvailabilityOverrideRow.date.between(lo, hi),
        ),
        delete(HolidayRow).where(HolidayRow.store_id == store, HolidayRow.date.between(lo, hi)),
        delete(LockedDayRow).where(
            LockedDayRow.store_id == store, LockedDayRow.date.between(lo, hi)
        ),
        delete(RotationExceptionRow).where(
            RotationExceptionRow.store_id == store, RotationExceptionRow.date.between(lo, hi)
        ),
        delete(RotationRow).where(RotationRow.store_id == store),
    ):
        session.execute(stmt, execution_options=_SYNC)
    rows: list[object] = []
    rows += [
        TimeOffRow(employee_id=ids[t.employee], start=t.start, end=t.end) for t in problem.time_off
    ]
    rows += [
        AvailabilityOverrideRow(employee_id=ids[o.employee], date=o.date, available=o.available)
        for o in problem.availability_overrides
    ]
    rows += [HolidayRow(store_id=store, date=h.date, name=h.name) for h in problem.holidays]
    rows += [LockedDayRow(store_id=store, date=d) for d in problem.locked_days]
    rows += [
        RotationRow(
            store_id=store,
            weekday=r.weekday,
            kind=r.kind,
            employee_id=ids[r.employee],
            backup_id=ids[r.backup] if r.backup is not None else None,
        )
        for r in problem.rotations
    ]
    rows += [
        RotationExceptionRow(store_id=store, date=x.date, kind=x.kind, employee_id=ids[x.employee])
        for x in problem.rotation_exceptions
    ]
    session.add_all(rows)


# --- load ----------------------------------------------------------------------


def load_problem(
    session: Session,
    store: str,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    lookaround_days: int = LOOKAROUND_DAYS,
) -> Problem:
    """The store's problem for the horizon ``start..end`` as seen on ``today``.

    Raises
    ------
    StoreNotFound
        No such store.
    InputError
        The stored data does not form a valid problem (one line, as for files).
    """
    store_row = session.get(StoreRow, store)
    if store_row is None:
        raise StoreNotFound(store)
    lo, hi = load_window(start, end, lookaround_days)
    employees = list(
        session.scalars(
            select(EmployeeRow)
            .where(EmployeeRow.store_id == store)
            .order_by(EmployeeRow.position, EmployeeRow.id)
        )
    )
    code = {e.id: e.code for e in employees}
    in_window = (
        EventRow.store_id == store,
        EventRow.due >= dt.datetime.combine(lo, dt.time.min),
        EventRow.start < dt.datetime.combine(hi + timedelta(days=1), dt.time.min),
    )
    events = list(
        session.scalars(select(EventRow).where(*in_window).order_by(EventRow.position, EventRow.id))
    )
    staff = select(EmployeeRow.id).where(EmployeeRow.store_id == store).scalar_subquery()

    def rows(model: type, *where: object) -> Iterable:
        return session.scalars(select(model).where(*where).order_by(model.id))

    time_off = [
        TimeOff(employee=code[r.employee_id], start=r.start, end=r.end)
        for r in rows(
            TimeOffRow,
            TimeOffRow.employee_id.in_(staff),
            TimeOffRow.end >= lo,
            TimeOffRow.start <= hi,
        )
    ]
    overrides = [
        AvailabilityOverride(employee=code[r.employee_id], date=r.date, available=r.available)
        for r in rows(
            AvailabilityOverrideRow,
            AvailabilityOverrideRow.employee_id.in_(staff),
            AvailabilityOverrideRow.date.between(lo, hi),
        )
    ]
    holidays = [
        Holiday(date=r.date, name=r.name)
        for r in rows(HolidayRow, HolidayRow.store_id == store, HolidayRow.date.between(lo, hi))
    ]
    locked = [
        r.date
        for r in rows(
            LockedDayRow, LockedDayRow.store_id == store, LockedDayRow.date.between(lo, hi)
        )
    ]
    rotations = [
        Rotation(
            weekday=r.weekday,
            kind=r.kind,
            employee=code[r.employee_id],
            backup=code[r.backup_id] if r.backup_id is not None else None,
        )
        for r in rows(RotationRow, RotationRow.store_id == store)
    ]
    exceptions = [
        RotationException(date=r.date, kind=r.kind, employee=code[r.employee_id])
        for r in rows(
            RotationExceptionRow,
            RotationExceptionRow.store_id == store,
            RotationExceptionRow.date.between(lo, hi),
        )
    ]
    existing = [
        existing_to_domain(r)
        for r in rows(
            ScheduleRow,
            ScheduleRow.event_id.in_(select(EventRow.id).where(*in_window).scalar_subquery()),
        )
    ]
    try:
        return Problem(
            format="schedule-problem/1",
            store=store,
            today=today,
            horizon=Horizon(start=start, end=end),
            settings=settings_to_domain(store_row),
            employees=[employee_to_domain(e) for e in employees],
            events=[event_to_domain(e) for e in events],
            time_off=time_off,
            availability_overrides=overrides,
            holidays=holidays,
            locked_days=locked,
            rotations=rotations,
            rotation_exceptions=exceptions,
            existing=existing,
        )
    except ValidationError as exc:
        raise InputError(f"store {store}: {describe(exc)}") from None
