"""In-memory repositories and unit of work with the SQL ones' interface and semantics.

For fast tests only (production code never imports this module). The
repositories keep domain values in a :class:`FakeState`; :class:`FakeUnitOfWork`
gives each unit of work a private copy and writes it back on commit, so a
rollback (or an exception) leaves the shared state untouched, as a database
transaction would. Ids are handed out from one counter per state.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Self

from pydantic import ValidationError

from adapters.mapping import (
    LOOKAROUND_DAYS,
    StoreNotFound,
    check_storable,
    covered_span,
    load_window,
)
from adapters.mapping_rows import settings_from_domain
from adapters.mapping_runs import entry_from_pending
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
from adapters.uow import AbstractUnitOfWork
from domain.models import Employee, Event, Horizon, Problem, Settings, TimeOff
from domain.parse import InputError, describe
from domain.runs import PendingSchedule, Run, ScheduleEntry, StoreInfo


@dataclass
class FakeStore:
    """One store's data as domain values (dicts keep roster / event order)."""

    id: str
    settings: dict[str, Any] = field(default_factory=dict)
    employees: dict[str, Employee] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    time_off: list = field(default_factory=list)
    overrides: list = field(default_factory=list)
    holidays: list = field(default_factory=list)
    locked_days: list = field(default_factory=list)
    rotations: list = field(default_factory=list)
    exceptions: list = field(default_factory=list)


@dataclass
class FakeState:
    stores: dict[str, FakeStore] = field(default_factory=dict)
    runs: dict[int, Run] = field(default_factory=dict)
    pending: dict[int, PendingSchedule] = field(default_factory=dict)
    #: schedule entry id -> (store, entry)
    schedules: dict[int, tuple[str, ScheduleEntry]] = field(default_factory=dict)
    #: (store, payload) of each approval's changes, as the outbox would get them
    outbox: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: runs whose cancel was requested
    cancels: set[int] = field(default_factory=set)
    #: (pending line id, employee) -> stored why-not answer (``adapters.explanations``)
    why_not: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    last_id: int = 0

    def next_id(self) -> int:
        self.last_id += 1
        return self.last_id


def _in(lo: dt.date, hi: dt.date, day: dt.date) -> bool:
    return lo <= day <= hi


class FakeStoreRepository(StoreRepository):
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def get(self, store_id: str) -> StoreInfo | None:
        st = self.state.stores.get(store_id)
        return StoreInfo(st.id, "", dict(st.settings)) if st is not None else None

    def list(self) -> list[StoreInfo]:
        return [StoreInfo(s.id, "", dict(s.settings)) for _, s in sorted(self.state.stores.items())]

    def save_problem(self, problem: Problem, lookaround_days: int = LOOKAROUND_DAYS) -> None:
        check_storable(problem)
        st = self.state.stores.setdefault(problem.store, FakeStore(problem.store))
        st.settings = settings_from_domain(problem.settings)
        file_staff = {e.id: e for e in problem.employees}
        st.employees = file_staff | {c: e for c, e in st.employees.items() if c not in file_staff}
        file_events = {e.id: e for e in problem.events}
        st.events = {c: e for c, e in st.events.items() if c not in file_events} | file_events
        lo, hi = covered_span(problem, lookaround_days)
        st.time_off = [t for t in st.time_off if not (t.end >= lo and t.start <= hi)]
        st.time_off += problem.time_off
        st.overrides = [o for o in st.overrides if not _in(lo, hi, o.date)]
        st.overrides += problem.availability_overrides
        st.holidays = [h for h in st.holidays if not _in(lo, hi, h.date)] + problem.holidays
        st.locked_days = [d for d in st.locked_days if not _in(lo, hi, d)] + problem.locked_days
        st.exceptions = [x for x in st.exceptions if not _in(lo, hi, x.date)]
        st.exceptions += problem.rotation_exceptions
        st.rotations = list(problem.rotations)
        schedules = FakeScheduleRepository(self.state)
        schedules.delete_by_event(problem.store, file_events)
        for a in problem.existing:
            entry = ScheduleEntry(
                event=a.event,
                employee=a.employee,
                start=a.start,
                block=a.block,
                locked=a.locked,
                id=self.state.next_id(),
            )
            self.state.schedules[entry.id] = (problem.store, entry)  # type: ignore[index]

    def add_time_off(self, store: str, employee: str, start: dt.date, end: dt.date) -> None:
        st = self.state.stores.get(store)
        if st is None:
            raise StoreNotFound(store)
        if employee not in st.employees:
            raise UnknownCode(f"employee {employee} not found in store {store}")
        st.time_off.append(TimeOff(employee=employee, start=start, end=end))

    def load_problem(
        self,
        store: str,
        start: dt.date,
        end: dt.date,
        today: dt.date,
        lookaround_days: int = LOOKAROUND_DAYS,
    ) -> Problem:
        st = self.state.stores.get(store)
        if st is None:
            raise StoreNotFound(store)
        lo, hi = load_window(start, end, lookaround_days)
        events = [
            e
            for e in st.events.values()
            if e.due >= dt.datetime.combine(lo, dt.time.min)
            and e.start < dt.datetime.combine(hi + dt.timedelta(days=1), dt.time.min)
        ]
        codes = {e.id for e in events}
        existing = [
            entry.to_existing()
            for _, (s, entry) in sorted(self.state.schedules.items())
            if s == store and entry.event in codes
        ]
        try:
            return Problem(
                format="schedule-problem/1",
                store=store,
                today=today,
                horizon=Horizon(start=start, end=end),
                settings=Settings.model_validate(st.settings),
                employees=list(st.employees.values()),
                events=events,
                time_off=[t for t in st.time_off if t.end >= lo and t.start <= hi],
                availability_overrides=[o for o in st.overrides if _in(lo, hi, o.date)],
                holidays=[h for h in st.holidays if _in(lo, hi, h.date)],
                locked_days=[d for d in st.locked_days if _in(lo, hi, d)],
                rotations=list(st.rotations),
                rotation_exceptions=[x for x in st.exceptions if _in(lo, hi, x.date)],
                existing=existing,
            )
        except ValidationError as exc:
            raise InputError(f"store {store}: {describe(exc)}") from None


class FakeRunRepository(RunRepository):
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add(self, run: Run) -> Run:
        if run.store not in self.state.stores:
            raise StoreNotFound(run.store)
        if run.active_lock is not None and any(
            r.active_lock == run.active_lock for r in self.state.runs.values()
        ):
            raise LockTaken(run.active_lock)
        run = replace(run, id=self.state.next_id())
        self.state.runs[run.id] = run  # type: ignore[index]
        return run

    def get(self, run_id: int) -> Run | None:
        return self.state.runs.get(run_id)

    def get_for_update(self, run_id: int) -> Run | None:
        return self.state.runs.get(run_id)

    def list(
        self,
        store: str | None = None,
        status: str | Collection[str] | None = None,
        kind: str | Collection[str] | None = None,
    ) -> list[Run]:
        statuses, kinds = as_tuple(status), as_tuple(kind)
        return [
            r
            for _, r in sorted(self.state.runs.items())
            if (store is None or r.store == store)
            and (statuses is None or r.status in statuses)
            and (kinds is None or r.kind in kinds)
        ]

    def update(self, run_id: int, **changes: Any) -> Run:
        check_run_changes(changes)
        if run_id not in self.state.runs:
            raise RunNotFound(run_id)
        run = replace(self.state.runs[run_id], **changes)
        self.state.runs[run_id] = run
        return run

    def find_by_idempotency_key(self, store: str, key: str) -> Run | None:
        return next(
            (
                r
                for _, r in sorted(self.state.runs.items())
                if r.store == store and r.idempotency_key == key
            ),
            None,
        )

    def cancel_requested(self, run_id: int) -> bool:
        return run_id in self.state.cancels

    def request_cancel(self, run_id: int) -> None:
        if run_id in self.state.runs:
            self.state.cancels.add(run_id)


class FakePendingRepository(PendingRepository):
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def add_many(self, run_id: int, lines: Iterable[PendingSchedule]) -> list[PendingSchedule]:
        run = self.state.runs.get(run_id)
        if run is None:
            raise RunNotFound(run_id)
        st = self.state.stores[run.store]
        out = []
        for line in lines:
            check_pending_status(line.status)
            _known(st, line.event, line.employee)
            out.append(replace(line, run_id=run_id, id=self.state.next_id()))
        for line in out:
            self.state.pending[line.id] = line  # type: ignore[index]
        return out

    def list_by_run(
        self, run_id: int, status: str | Collection[str] | None = None
    ) -> list[PendingSchedule]:
        statuses = as_tuple(status)
        return [
            p
            for _, p in sorted(self.state.pending.items())
            if p.run_id == run_id and (statuses is None or p.status in statuses)
        ]

    def set_status(self, ids: Iterable[int], status: str) -> int:
        check_pending_status(status)
        hits = [i for i in set(ids) if i in self.state.pending]
        for i in hits:
            self.state.pending[i] = replace(self.state.pending[i], status=status)  # type: ignore[arg-type]
        return len(hits)

    def set_status_by_run(
        self, run_id: int, status: str, from_status: Collection[str] = ("proposed",)
    ) -> int:
        froms = as_tuple(from_status) or ()
        ids = [i for i, p in self.state.pending.items() if p.run_id == run_id and p.status in froms]
        return self.set_status(ids, status)


def _known(st: FakeStore, event: str, employee: str | None) -> None:
    if event not in st.events:
        raise UnknownCode(f"event {event} not found in store {st.id}")
    if employee is not None and employee not in st.employees:
        raise UnknownCode(f"employee {employee} not found in store {st.id}")


class FakeScheduleRepository(ScheduleRepository):
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def _entries(self, store: str) -> list[ScheduleEntry]:
        st = self.state.stores.get(store)
        return [  # with the names, as the SQL repository joins them
            replace(
                e, employee_name=st.employees[e.employee].name, event_name=st.events[e.event].name
            )
            for _, (s, e) in sorted(self.state.schedules.items())
            if s == store
        ]

    def list(self, store: str, start: dt.date, end: dt.date) -> list[ScheduleEntry]:
        hits = [e for e in self._entries(store) if start <= e.start.date() <= end]
        return sorted(hits, key=lambda e: (e.start, e.id))

    def list_for_events(self, store: str, events: Iterable[str]) -> list[ScheduleEntry]:
        codes = set(events)
        return [e for e in self._entries(store) if e.event in codes]

    def add(self, store: str, entries: Iterable[ScheduleEntry]) -> list[ScheduleEntry]:
        entries = list(entries)
        st = self.state.stores.get(store)
        if st is None:
            raise UnknownCode(f"events not found in store {store}")
        for e in entries:
            _known(st, e.event, e.employee)
        self.delete_by_event(store, [e.event for e in entries])
        out = [replace(e, id=self.state.next_id()) for e in entries]
        for e in out:
            self.state.schedules[e.id] = (store, e)  # type: ignore[index]
        return out

    def add_from_pending(
        self, lines: Iterable[PendingSchedule], locked: bool = False
    ) -> list[ScheduleEntry]:
        by_store: dict[str, list[ScheduleEntry]] = {}
        for line in lines:
            entry = entry_from_pending(line, locked)
            run = self.state.runs.get(line.run_id)  # type: ignore[arg-type]
            if run is None:
                raise RunNotFound(line.run_id)  # type: ignore[arg-type]
            by_store.setdefault(run.store, []).append(entry)
        out: list[ScheduleEntry] = []
        for store, entries in by_store.items():
            out += self.add(store, entries)
        return out

    def delete_by_event(self, store: str, events: Iterable[str]) -> int:
        codes = set(events)
        ids = [i for i, (s, e) in self.state.schedules.items() if s == store and e.event in codes]
        for i in ids:
            del self.state.schedules[i]
        return len(ids)


class FakePublishRepository:
    """The outbox part of :class:`adapters.publish_repo.SqlPublishRepository`:
    records each approval's changes (there are no webhooks to send them to)."""

    def __init__(self, state: FakeState) -> None:
        self.state = state

    def timezone(self, store: str) -> str | None:
        return None  # the fake keeps no store time zone: UTC

    def enqueue(self, store: str, payload: dict[str, Any], now: dt.datetime) -> list:
        self.state.outbox.append((store, payload))
        return []


from tests.fakes_explanations import FakeExplanationRepository  # noqa: E402


class FakeUnitOfWork(AbstractUnitOfWork):
    """In-memory unit of work; ``state`` is shared by the units made from it.

    Each ``with`` block works on a deep copy of ``state``; ``commit()`` puts the
    copy back. ``commits`` counts commits, for tests.
    """

    def __init__(self, state: FakeState | None = None) -> None:
        self.state = state if state is not None else FakeState()
        self.commits = 0
        self._work = self.state

    def __enter__(self) -> Self:
        self._begin()
        return super().__enter__()

    def _begin(self) -> None:
        self._work = copy.deepcopy(self.state)
        self.stores = FakeStoreRepository(self._work)
        self.runs = FakeRunRepository(self._work)
        self.pending = FakePendingRepository(self._work)
        self.schedules = FakeScheduleRepository(self._work)
        self.publish = FakePublishRepository(self._work)
        self.explanations = FakeExplanationRepository(self._work)

    def commit(self) -> None:
        self.state.__dict__.update(copy.deepcopy(self._work).__dict__)
        self.commits += 1

    def rollback(self) -> None:
        self._begin()
