"""Repositories: what the services may ask of the database, in domain terms.

A unit of work (:mod:`adapters.uow`) exposes four repositories, whose
interfaces are here; the SQL ones (:mod:`adapters.sql_repository`) work on
the unit of work's session, the in-memory ones
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
    (fields of ``domain.runs.RUN_UPDATABLE``);
    ``find_by_idempotency_key(store, key) -> Run | None`` (the first run of
    ``store`` created with that ``Idempotency-Key``);
    ``cancel_requested(run_id) -> bool`` and ``request_cancel(run_id)`` (the
    flag a solving process polls; a missing run has none).
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

from adapters.mapping import NotFound, StoreNotFound
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
    "LockTaken",
    "StoreRepository",
    "RunRepository",
    "PendingRepository",
    "ScheduleRepository",
]


class RunNotFound(NotFound):
    def __init__(self, run_id: int) -> None:
        super().__init__(f"run {run_id} not found")
        self.run_id = run_id


class UnknownCode(NotFound):
    """An event or employee code the store does not have."""


class LockTaken(ValueError):
    """A run's ``active_lock`` is held by another run (one active nightly per store)."""

    def __init__(self, lock: str) -> None:
        super().__init__(f"active_lock '{lock}' is taken")
        self.lock = lock


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
    def add(self, run: Run) -> Run:
        """Store ``run`` (raises :class:`LockTaken` when its ``active_lock`` is held)."""

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

    @abstractmethod
    def find_by_idempotency_key(self, store: str, key: str) -> Run | None: ...

    @abstractmethod
    def cancel_requested(self, run_id: int) -> bool: ...

    @abstractmethod
    def request_cancel(self, run_id: int) -> None: ...


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
