"""Executing and repairing nightly runs: the solving process's side of the nightly batch.

:func:`execute_nightly_run` runs in the solving process (a local pool process
or a Celery task); :func:`mark_interrupted` repairs runs whose processes are
gone. The coordinator lives in :mod:`api.services.nightly`.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Callable, Sequence
from typing import Any

from adapters import logs
from adapters.locks import LockSession
from adapters.uow import AbstractUnitOfWork
from api.services.jobs import run_job, uow_factory_for
from domain.runs import Run, utcnow

UowFactory = Callable[[], AbstractUnitOfWork]

TERMINAL = ("succeeded", "failed", "cancelled", "interrupted")
ACTIVE = ("queued", "running")
#: ``active_lock`` of a store's active nightly run.
LOCK_PREFIX = "nightly:"
#: Exit code of a solving process that found the store's solve lock taken.
EXIT_SKIPPED = 3


def record_outcome(factory: UowFactory, run_id: int, status: str, why: str) -> bool:
    """End run ``run_id`` as ``status`` with ``why`` if it is still queued/running."""
    with factory() as uow:
        run = uow.runs.get_for_update(run_id)
        if run is None or run.status not in ACTIVE:
            return False
        uow.runs.update(run_id, status=status, finished_at=utcnow(), error=why, active_lock=None)
        uow.commit()
    logs.event(f"run.{status}", level=logging.WARNING, store=run.store, run_id=run_id, why=why)
    return True


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
    """Solve stored run ``run_id`` holding its store's solve lock; returns the final status.

    A no-op answering the status when the run has already ended (a Celery
    task delivered twice never solves twice); ``"skipped"`` without touching
    the run when another process holds the store's solve lock; ``"missing"``
    when there is no such run.
    """
    factory, dispose = uow_factory_for(database_url)
    locks = LockSession(database_url)
    try:
        with factory() as uow:
            run = uow.runs.get(run_id)
        if run is None:
            return "missing"
        if run.status in TERMINAL:
            return run.status
        if not locks.try_lock("solve", run.store):
            return "skipped"
        with factory() as uow:  # again, under the lock: another delivery may have finished it
            run = uow.runs.get_for_update(run_id)  # write lock first (SQLite: no stale snapshot)
            if run.status in TERMINAL:
                return run.status
            uow.runs.update(
                run_id, timings={"worker": {"pid": os.getpid(), "host": socket.gethostname()}}
            )
            uow.commit()
        run_job(database_url, run_id)
        with factory() as uow:
            run = uow.runs.get(run_id)
        if run.status not in TERMINAL:
            # run_job swallows errors raised before the solve starts (loading the store).
            record_outcome(factory, run_id, "failed", _why_unfinished(factory, run))
            with factory() as uow:
                run = uow.runs.get(run_id)
        return run.status
    finally:
        locks.close()
        dispose()


def _why_unfinished(factory: UowFactory, run: Run) -> str:
    try:
        with factory() as uow:
            uow.stores.load_problem(run.store, run.horizon_start, run.horizon_end, run.today)
    except Exception as exc:  # the likely cause: report it on the run
        return f"{type(exc).__name__}: {exc}"
    return "the solve ended without storing a result (see the worker's log)"


def solve_in_child(database_url: str, run_id: int) -> None:
    """Target of a local spawn process: exit 0 when done, EXIT_SKIPPED when the lock was taken."""
    status = execute_nightly_run(database_url, run_id)
    sys.exit(EXIT_SKIPPED if status == "skipped" else 0)


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
            for r in uow.runs.list(status=ACTIVE, kind="nightly")
            if r.active_lock is None or r.active_lock.startswith(LOCK_PREFIX)
        ]
    if stores is not None:
        runs = [r for r in runs if r.store in set(stores)]
    marked = []
    with LockSession(url) as probe:
        for run in runs:
            if probe.is_held("claim", run.store) or probe.is_held("solve", run.store):
                continue
            if record_outcome(uow_factory, run.id, "interrupted", why_interrupted(run)):
                marked.append(run.id)
    return marked


# --- the coordinator --------------------------------------------------------------------
