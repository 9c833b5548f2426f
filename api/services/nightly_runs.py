"""Executing and repairing nightly runs: the solving process's side of the nightly batch.

:func:`execute_nightly_run` is the Celery task's body (every solving process
runs :func:`api.services.jobs.execute_stored_run`); :func:`mark_interrupted`
repairs runs whose processes are gone. The coordinator lives in :mod:`api.services.nightly`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from adapters import logs
from adapters.locks import LockSession
from adapters.uow import AbstractUnitOfWork
from api.services.control import end_run
from api.services.jobs import EXIT_SKIPPED, execute_stored_run  # noqa: F401
from domain.runs import ACTIVE_STATUSES, Run

UowFactory = Callable[[], AbstractUnitOfWork]

#: ``active_lock`` of a store's active nightly run.
LOCK_PREFIX = "nightly:"


def log_store_outcome(o: Any) -> None:
    """One ``nightly.store`` event for a store's outcome (a ``StoreOutcome``)."""
    ok = o.status in ("succeeded", "skipped")
    logs.event(
        "nightly.store",
        level=logging.INFO if ok else logging.WARNING,
        **{k: getattr(o, k) for k in ("store", "run_id", "status", "assigned", "unscheduled")},
        objective=o.objective,
        wall_seconds=o.wall_seconds,
        note=o.note,
    )


def execute_nightly_run(database_url: str, run_id: int) -> str:
    """Solve stored nightly run ``run_id`` holding its store's solve lock (the Celery
    task's body; see :func:`api.services.jobs.execute_stored_run`)."""
    return execute_stored_run(database_url, run_id, hold_lock=True)


# --- repair ----------------------------------------------------------------------------


def database_url_of(uow_factory: UowFactory) -> str | None:
    with uow_factory() as uow:
        return uow.database_url


def why_interrupted(run: Run) -> str:
    worker = run.timings.get("worker") if isinstance(run.timings, dict) else None
    who = (
        f" (last solved by pid {worker.get('pid')} on {worker.get('host')})"
        if isinstance(worker, dict)
        else ""
    )
    return (
        f"interrupted: the nightly process{who} stopped before the run finished"
        " (no nightly lock of the store is held any more); the next nightly solves"
        " the store again"
    )


def mark_interrupted(
    uow_factory: UowFactory, *, database_url: str | None = None, stores: Sequence[str] | None = None
) -> list[int]:
    """Nightly runs left ``queued``/``running`` by processes that are gone become ``interrupted``.

    A run is alive while its store's claim lock (a coordinator) or solve lock
    (a solving process) is held; PostgreSQL and the kernel free those locks
    when a process dies, so a run whose locks are both free has lost its
    processes. Its ``active_lock`` is cleared so the next nightly can run the
    store. Returns the ids of the runs marked.
    """
    url = database_url or database_url_of(uow_factory)
    if url is None:
        return []
    with uow_factory() as uow:
        runs = [
            r
            for r in uow.runs.list(status=ACTIVE_STATUSES, kind="nightly")
            if r.active_lock is None or r.active_lock.startswith(LOCK_PREFIX)
        ]
    if stores is not None:
        runs = [r for r in runs if r.store in set(stores)]
    marked = []
    with LockSession(url) as probe:
        for run in runs:
            if probe.is_held("claim", run.store) or probe.is_held("solve", run.store):
                continue
            if end_run(uow_factory, run.id, "interrupted", why_interrupted(run)):
                marked.append(run.id)
    return marked


# --- the coordinator --------------------------------------------------------------------
