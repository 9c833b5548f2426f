"""The solving process's side of a stored run (local processes and Celery tasks alike).

:func:`execute_stored_run` is what every solving process runs, whoever
started it (:mod:`api.services.runner`): a plain top-level function of
picklable arguments, the target of a local process (:func:`solve_in_child`)
or the body of the Celery task. It opens its own engine (connections never
cross a fork), optionally holds the store's *solve* lock, and calls
:func:`run_job`, which executes the run and watches the run row for a cancel
request so that a cancel from another process stops the search within a
fraction of a second.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from collections.abc import Callable

from adapters import logs
from adapters.db import make_engine, session_factory
from adapters.locks import LockSession
from adapters.uow import AbstractUnitOfWork, SqlUnitOfWork
from api.services.control import end_run, is_cancel_requested
from api.services.runs import execute_run
from domain.runs import ACTIVE_STATUSES, FINAL_STATUSES, Run

#: How often the cancel watcher looks at the run row.
CANCEL_POLL_SECONDS = 0.1
#: Exit code of a solving process that found the store's solve lock taken.
EXIT_SKIPPED = 3


def uow_factory_for(database_url: str) -> tuple[Callable[[], SqlUnitOfWork], Callable[[], None]]:
    """A unit-of-work factory on a fresh engine, and a function that disposes of it."""
    engine = make_engine(database_url)
    factory = session_factory(engine)
    return (lambda: SqlUnitOfWork(factory)), engine.dispose


def run_job(
    database_url: str,
    run_id: int,
    is_cancel_requested: Callable[[Callable[[], SqlUnitOfWork], int], bool] | None = None,
) -> str:
    """Execute stored run ``run_id``; returns its final status.

    Parameters
    ----------
    database_url
        Where the run lives.
    run_id
        A ``queued`` run (see :func:`api.services.runs.create_run`).
    is_cancel_requested
        Called every :data:`CANCEL_POLL_SECONDS` with the factory and the run
        id; when it answers true the search stops and the best proposal so far
        is stored with status ``cancelled``. Must be a top-level function when
        the job crosses a process boundary.
    """
    logs.inherit()  # a spawned worker starts with logging unconfigured
    uow_factory, dispose = uow_factory_for(database_url)
    with uow_factory() as uow:
        run = uow.runs.get(run_id)
    if run is None or run.status not in ACTIVE_STATUSES:
        dispose()  # already finished (a task delivered twice never solves twice)
        return run.status if run else "missing"
    cancel = threading.Event()
    finished = threading.Event()

    def watch() -> None:
        while not finished.wait(CANCEL_POLL_SECONDS):
            try:
                if is_cancel_requested is not None and is_cancel_requested(uow_factory, run_id):
                    cancel.set()
                    return
            except Exception:  # a watcher hiccup must not kill the solve
                continue

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        run, _ = execute_run(uow_factory, run_id, cancel=cancel)
        return run.status
    except Exception:
        return "failed"  # execute_run recorded the error on the run row
    finally:
        finished.set()
        watcher.join(timeout=1)
        dispose()


def execute_stored_run(database_url: str, run_id: int, hold_lock: bool = True) -> str:
    """Solve stored run ``run_id``; returns its final status.

    ``hold_lock``: hold the store's *solve* lock for the whole solve (nightly
    runs: two nightlies never solve one store at once), answering
    ``"skipped"`` without touching the run when another process holds it.
    A no-op answering the status when the run has already ended (a Celery
    task delivered twice never solves twice); ``"missing"`` when there is no
    such run. A cancel request on the run row stops the search.
    """
    factory, dispose = uow_factory_for(database_url)
    locks = LockSession(database_url) if hold_lock else None
    try:
        with factory() as uow:
            run = uow.runs.get(run_id)
        if run is None:
            return "missing"
        if run.status in FINAL_STATUSES:
            return run.status
        if locks is not None and not locks.try_lock("solve", run.store):
            return "skipped"
        with factory() as uow:  # again, under the lock: another delivery may have finished it
            run = uow.runs.get_for_update(run_id)  # write lock first (SQLite: no stale snapshot)
            if run.status in FINAL_STATUSES:
                return run.status
            uow.runs.update(
                run_id, timings={"worker": {"pid": os.getpid(), "host": socket.gethostname()}}
            )
            uow.commit()
        run_job(database_url, run_id, is_cancel_requested)
        with factory() as uow:
            run = uow.runs.get(run_id)
        if run.status not in FINAL_STATUSES:
            # run_job swallows errors raised before the solve starts (loading the store).
            end_run(factory, run_id, "failed", _why_unfinished(factory, run))
            with factory() as uow:
                run = uow.runs.get(run_id)
        return run.status
    finally:
        if locks is not None:
            locks.close()
        dispose()


def _why_unfinished(factory: Callable[[], AbstractUnitOfWork], run: Run) -> str:
    try:
        with factory() as uow:
            uow.stores.load_problem(run.store, run.horizon_start, run.horizon_end, run.today)
    except Exception as exc:  # the likely cause: report it on the run
        return f"{type(exc).__name__}: {exc}"
    return "the solve ended without storing a result (see the worker's log)"


def solve_in_child(database_url: str, run_id: int, hold_lock: bool = True) -> None:
    """Target of a local solving process: exit 0 when done, EXIT_SKIPPED when the lock was taken."""
    status = execute_stored_run(database_url, run_id, hold_lock)
    sys.exit(EXIT_SKIPPED if status == "skipped" else 0)
