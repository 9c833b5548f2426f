"""The SQL repositories: :mod:`adapters.repository`'s interfaces on a SQLAlchemy session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from adapters import mapping
from adapters.mapping import StoreNotFound
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
from adapters.repository import (
    LockTaken,
    PendingRepository,
    RunNotFound,
    RunRepository,
    ScheduleRepository,
    StoreRepository,
    UnknownCode,
    as_tuple,
    check_pending_status,
    check_run_changes,
)
from domain.models import Problem
from domain.runs import PendingSchedule, Run, ScheduleEntry, StoreInfo

__all__ = [
    "SqlStoreRepository",
    "SqlRunRepository",
    "SqlPendingRepository",
    "SqlScheduleRepository",
]


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
        raise UnknownCode(f"{what} {', '.join(missing)} not found in store {store}")
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
        try:
            self.session.flush()
        except IntegrityError as exc:
            if run.active_lock is not None and "active_lock" in str(exc.orig):
                raise LockTaken(run.active_lock) from exc
            raise
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

    def find_by_idempotency_key(self, store: str, key: str) -> Run | None:
        row = self.session.scalars(
            select(SchedulerRunRow)
            .where(SchedulerRunRow.store_id == store, SchedulerRunRow.idempotency_key == key)
            .order_by(SchedulerRunRow.id)
            .limit(1)
        ).first()
        return run_to_domain(row) if row is not None else None

    def cancel_requested(self, run_id: int) -> bool:
        return bool(
            self.session.scalar(
                select(SchedulerRunRow.cancel_requested).where(SchedulerRunRow.id == run_id)
            )
        )

    def request_cancel(self, run_id: int) -> None:
        self.session.execute(
            update(SchedulerRunRow)
            .where(SchedulerRunRow.id == run_id)
            .values(cancel_requested=True)
        )


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
        # The codes are the caller's: reading them back through the rows' relations
        # would lazy-load two rows per line (2 s for 600 lines on PostgreSQL).
        return [
            replace(x, id=r.id, run_id=run_id, status=r.status)
            for x, r in zip(lines, rows, strict=True)
        ]

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
