"""Repositories: what the services may ask of the database, in domain terms.

A unit of work (:mod:`adapters.uow`) exposes four repositories; the SQL ones
here work on the unit of work's session, the in-memory ones
(``tests/fakes.py``) on plain dicts. Both raise the same errors:
:class:`NotFound` (``StoreNotFound``, ``RunNotFound``, ``UnknownCode``) and
``ValueError`` for a bad status or field name.

``uow.stores`` (:class:`StoreRepository`)
    ``get(store_id) -> StoreInfo | None``; ``list() -> list[StoreInfo]``;
    ``save_problem(problem, lookaround_days=28) -> None`` (upsert, see
    :mod:`adapters.mapping` for what is replaced);
    ``load_problem(store, start, end, today, lookaround_days=28) -> Problem``.
``uow.runs`` (:class:`RunRepository`)
    ``add(run) -> Run`` (with its new ``id``); ``get(run_id) -> Run | None``;
    ``get_for_update(run_id) -> Run | None`` (row lock until the end of the
    transaction: ``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the
    database write lock, so call it first in the unit of work);
    ``list(store=None, status=None, kind=None) -> list[Run]`` (by id; status
    and kind may be one value or several); ``update(run_id, **changes) -> Run``
    (fields of ``domain.runs.RUN_UPDATABLE``).
``uow.pending`` (:class:`PendingRepository`)
    ``add_many(run_id, lines) -> list[PendingSchedule]`` (with ids, in order);
    ``list_by_run(run_id, status=None) -> list[PendingSchedule]`` (by id);
    ``set_status(ids, status) -> int``;
    ``set_status_by_run(run_id, status, from_status=("proposed",)) -> int``.
``uow.schedules`` (:class:`ScheduleRepository`)
    ``list(store, start, end) -> list[ScheduleEntry]`` (entries starting on a
    day in ``start..end``, by start then id);
    ``list_for_events(store, events) -> list[ScheduleEntry]``;
    ``add(store, entries) -> list[ScheduleEntry]`` (replaces the schedule rows of
    the same events); ``add_from_pending(lines, locked=False) ->
    list[ScheduleEntry]`` (assignment lines of runs, ``run_id`` recorded);
    ``delete_by_event(store, events) -> int``.

Events and employees are named by their codes (the problem file's ids).
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from adapters import mapping
from adapters.mapping import NotFound, StoreNotFound
from adapters.mapping_runs import (
    entry_from_pending,
    pending_from_domain,
    pending_to_domain,
    run_from_domain,
    run_to_domain,
    schedule_from_domain,
    schedule_to_domain,
)
from adapters.orm import (
    EmployeeRow,
    EventRow,
    PendingScheduleRow,
    ScheduleRow,
    SchedulerRunRow,
    StoreRow,
    TimeOffRow,
)
from domain.models import Problem
from domain.runs import (
    PENDING_STATUSES,
    RUN_UPDATABLE,
    PendingSchedule,
    Run,
    ScheduleEntry,
    StoreInfo,
)

__all__ = [
    "NotFound",
    "StoreNotFound",
    "RunNotFound",
    "UnknownCode",
    "StoreRepository",
    "RunRepository",
    "PendingRepository",
    "ScheduleRepository",
    "SqlStoreRepository",
    "SqlRunRepository",
    "SqlPendingRepository",
    "SqlScheduleRepository",
]


class RunNotFound(NotFound):
    def __init__(self, run_id: int) -> None:
        super().__init__(f"run {run_id} is not in the database")
        self.run_id = run_id


class UnknownCode(NotFound):
    """An event or employee code the store does not have."""


def check_pending_status(status: str) -> None:
    if status not in PENDING_STATUSES:
        raise ValueError(f"status: '{status}' is not one of {', '.join(PENDING_STATUSES)}")


def check_run_changes(changes: dict[str, Any]) -> None:
    bad = sorted(set(changes) - RUN_UPDATABLE)
    if bad:
        raise ValueError(f"cannot update run field(s) {', '.join(bad)}")


def as_tuple(value: str | Collection[str] | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


# --- interfaces ------------------------------------------------------------------


class StoreRepository(ABC):
    @abstractmethod
    def get(self, store_id: str) -> StoreInfo | None: ...

    @abstractmethod
    def list(self) -> list[StoreInfo]: ...

    @abstractmethod
    def save_problem(self, problem: Problem, lookaround_days: int = 28) -> None: ...

    @abstractmethod
    def load_problem(
        self, store: str, start: dt.date, end: dt.date, today: dt.date, lookaround_days: int = 28
    ) -> Problem: ...

    @abstractmethod
    def add_time_off(self, store: str, employee: str, start: dt.date, end: dt.date) -> None:
        """Record one time-off range (a call-out); an unknown employee is :class:`UnknownCode`."""


class RunRepository(ABC):
    @abstractmethod
    def add(self, run: Run) -> Run: ...

    @abstractmethod
    def get(self, run_id: int) -> Run | None: ...

    @abstractmethod
    def get_for_update(self, run_id: int) -> Run | None: ...

    @abstractmethod
    def list(
        self,
        store: str | None = None,
        status: str | Collection[str] | None = None,
        kind: str | Collection[str] | None = None,
    ) -> list[Run]: ...

    @abstractmethod
    def update(self, run_id: int, **changes: Any) -> Run: ...


class PendingRepository(ABC):
    @abstractmethod
    def add_many(self, run_id: int, lines: Iterable[PendingSchedule]) -> list[PendingSchedule]: ...

    @abstractmethod
    def list_by_run(
        self, run_id: int, status: str | Collection[str] | None = None
    ) -> list[PendingSchedule]: ...

    @abstractmethod
    def set_status(self, ids: Iterable[int], status: str) -> int: ...

    @abstractmethod
    def set_status_by_run(
        self, run_id: int, status: str, from_status: Collection[str] = ("proposed",)
    ) -> int: ...


class ScheduleRepository(ABC):
    @abstractmethod
    def list(self, store: str, start: dt.date, end: dt.date) -> list[ScheduleEntry]: ...

    @abstractmethod
    def list_for_events(self, store: str, events: Iterable[str]) -> list[ScheduleEntry]: ...

    @abstractmethod
    def add(self, store: str, entries: Iterable[ScheduleEntry]) -> list[ScheduleEntry]: ...

    @abstractmethod
    def add_from_pending(
        self, lines: Iterable[PendingSchedule], locked: bool = False
    ) -> list[ScheduleEntry]: ...

    @abstractmethod
    def delete_by_event(self, store: str, events: Iterable[str]) -> int: ...


def _ids(
    session: Session,
    model: type[EventRow] | type[EmployeeRow],
    store: str,
    codes: Iterable[str],
    what: str,
) -> dict[str, int]:
    wanted = set(codes)
    if not wanted:
        return {}
    found = dict(
        session.execute(
            select(model.code, model.id).where(model.store_id == store, model.code.in_(wanted))
        ).all()
    )
    missing = sorted(wanted - set(found))
    if missing:
        raise UnknownCode(f"store {store} has no {what} {', '.join(map(repr, missing))}")
    return found


class SqlStoreRepository(StoreRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, store_id: str) -> StoreInfo | None:
        row = self.session.get(StoreRow, store_id)
        return StoreInfo(row.id, row.name, dict(row.settings)) if row is not None else None

    def list(self) -> list[StoreInfo]:
        rows = self.session.scalars(select(StoreRow).order_by(StoreRow.id))
        return [StoreInfo(r.id, r.name, dict(r.settings)) for r in rows]

    def save_problem(self, problem: Problem, lookaround_days: int = 28) -> None:
        mapping.save_problem(self.session, problem, lookaround_days)

    def load_problem(
        self, store: str, start: dt.date, end: dt.date, today: dt.date, lookaround_days: int = 28
    ) -> Problem:
        return mapping.load_problem(self.session, store, start, end, today, lookaround_days)

    def add_time_off(self, store: str, employee: str, start: dt.date, end: dt.date) -> None:
        ids = _ids(self.session, EmployeeRow, store, [employee], "employee")
        self.session.add(TimeOffRow(employee_id=ids[employee], start=start, end=end))
        self.session.flush()


class SqlRunRepository(RunRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, run: Run) -> Run:
        if self.session.get(StoreRow, run.store) is None:
            raise StoreNotFound(run.store)
        row = run_from_domain(run)
        self.session.add(row)
        self.session.flush()
        return run_to_domain(row)

    def get(self, run_id: int) -> Run | None:
        row = self.session.get(SchedulerRunRow, run_id)
        return run_to_domain(row) if row is not None else None

    def get_for_update(self, run_id: int) -> Run | None:
        if self.session.get_bind().dialect.name == "sqlite":
            # No row locks in SQLite: a no-op write takes the database's write lock.
            self.session.execute(
                update(SchedulerRunRow.__table__)
                .where(SchedulerRunRow.__table__.c.id == run_id)
                .values(id=SchedulerRunRow.__table__.c.id)
            )
        row = self.session.get(
            SchedulerRunRow, run_id, with_for_update=True, populate_existing=True
        )
        return run_to_domain(row) if row is not None else None

    def list(
        self,
        store: str | None = None,
        status: str | Collection[str] | None = None,
        kind: str | Collection[str] | None = None,
    ) -> list[Run]:
        stmt = select(SchedulerRunRow).order_by(SchedulerRunRow.id)
        if store is not None:
            stmt = stmt.where(SchedulerRunRow.store_id == store)
        if (statuses := as_tuple(status)) is not None:
            stmt = stmt.where(SchedulerRunRow.status.in_(statuses))
        if (kinds := as_tuple(kind)) is not None:
            stmt = stmt.where(SchedulerRunRow.kind.in_(kinds))
        return [run_to_domain(r) for r in self.session.scalars(stmt)]

    def update(self, run_id: int, **changes: Any) -> Run:
        check_run_changes(changes)
        if self.session.get_bind().dialect.name == "sqlite":
            # Write before reading: a SQLite transaction that reads, then writes fails at
            # once ("database is locked") if another process committed in between.
            self.session.execute(
                update(SchedulerRunRow.__table__)
                .where(SchedulerRunRow.__table__.c.id == run_id)
                .values(id=SchedulerRunRow.__table__.c.id)
            )
        row = self.session.get(SchedulerRunRow, run_id)
        if row is None:
            raise RunNotFound(run_id)
        for name, value in changes.items():
            setattr(row, name, value)
        self.session.flush()
        return run_to_domain(row)


class SqlPendingRepository(PendingRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add_many(self, run_id: int, lines: Iterable[PendingSchedule]) -> list[PendingSchedule]:
        run = self.session.get(SchedulerRunRow, run_id)
        if run is None:
            raise RunNotFound(run_id)
        lines = list(lines)
        for line in lines:
            check_pending_status(line.status)
        events = _ids(self.session, EventRow, run.store_id, (x.event for x in lines), "event")
        staff = _ids(
            self.session,
            EmployeeRow,
            run.store_id,
            (x.employee for x in lines if x.employee is not None),
            "employee",
        )
        rows = [
            pending_from_domain(
                x, run_id, events[x.event], staff[x.employee] if x.employee is not None else None
            )
            for x in lines
        ]
        self.session.add_all(rows)
        self.session.flush()
        return [pending_to_domain(r) for r in rows]

    def list_by_run(
        self, run_id: int, status: str | Collection[str] | None = None
    ) -> list[PendingSchedule]:
        stmt = (
            select(PendingScheduleRow)
            .where(PendingScheduleRow.run_id == run_id)
            .order_by(PendingScheduleRow.id)
        )
        if (statuses := as_tuple(status)) is not None:
            stmt = stmt.where(PendingScheduleRow.status.in_(statuses))
        return [pending_to_domain(r) for r in self.session.scalars(stmt)]

    def set_status(self, ids: Iterable[int], status: str) -> int:
        check_pending_status(status)
        ids = list(ids)
        if not ids:
            return 0
        result = self.session.execute(
            update(PendingScheduleRow)
            .where(PendingScheduleRow.id.in_(ids))
            .values(status=status)
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount  # type: ignore[attr-defined]

    def set_status_by_run(
        self, run_id: int, status: str, from_status: Collection[str] = ("proposed",)
    ) -> int:
        check_pending_status(status)
        result = self.session.execute(
            update(PendingScheduleRow)
            .where(
                PendingScheduleRow.run_id == run_id,
                PendingScheduleRow.status.in_(as_tuple(from_status) or ()),
            )
            .values(status=status)
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount  # type: ignore[attr-defined]


class SqlScheduleRepository(ScheduleRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def list(self, store: str, start: dt.date, end: dt.date) -> list[ScheduleEntry]:
        stmt = (
            select(ScheduleRow)
            .where(
                ScheduleRow.store_id == store,
                ScheduleRow.start >= dt.datetime.combine(start, dt.time.min),
                ScheduleRow.start < dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min),
            )
            .order_by(ScheduleRow.start, ScheduleRow.id)
        )
        return [schedule_to_domain(r) for r in self.session.scalars(stmt)]

    def list_for_events(self, store: str, events: Iterable[str]) -> list[ScheduleEntry]:
        stmt = (
            select(ScheduleRow)
            .join(ScheduleRow.event)
            .where(ScheduleRow.store_id == store, EventRow.code.in_(list(events)))
            .order_by(ScheduleRow.id)
        )
        return [schedule_to_domain(r) for r in self.session.scalars(stmt)]

    def add(self, store: str, entries: Iterable[ScheduleEntry]) -> list[ScheduleEntry]:
        entries = list(entries)
        events = _ids(self.session, EventRow, store, (e.event for e in entries), "event")
        staff = _ids(self.session, EmployeeRow, store, (e.employee for e in entries), "employee")
        self.delete_by_event(store, list(events))
        rows = [schedule_from_domain(e, store, events[e.event], staff[e.employee]) for e in entries]
        self.session.add_all(rows)
        self.session.flush()
        return [schedule_to_domain(r) for r in rows]

    def add_from_pending(
        self, lines: Iterable[PendingSchedule], locked: bool = False
    ) -> list[ScheduleEntry]:
        out: list[ScheduleEntry] = []
        by_store: dict[str, list[ScheduleEntry]] = {}
        stores: dict[int, str] = {}
        for line in lines:
            entry_from_pending(line)  # raises for an unscheduled line
            if line.run_id not in stores:
                run = self.session.get(SchedulerRunRow, line.run_id)
                if run is None:
                    raise RunNotFound(line.run_id)
                stores[line.run_id] = run.store_id
            by_store.setdefault(stores[line.run_id], []).append(entry_from_pending(line, locked))
        for store, entries in by_store.items():
            out += self.add(store, entries)
        return out

    def delete_by_event(self, store: str, events: Iterable[str]) -> int:
        codes = list(events)
        if not codes:
            return 0
        ids = select(EventRow.id).where(EventRow.store_id == store, EventRow.code.in_(codes))
        result = self.session.execute(
            delete(ScheduleRow)
            .where(ScheduleRow.store_id == store, ScheduleRow.event_id.in_(ids.scalar_subquery()))
            .execution_options(synchronize_session="fetch")
        )
        return result.rowcount  # type: ignore[attr-defined]
