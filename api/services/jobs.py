"""Running a stored run in another process (API workers, nightly pool, Celery).

:func:`run_job` is a plain top-level function of picklable arguments, so it
can be the target of a ``multiprocessing`` process, a process-pool task or a
Celery task alike. It opens its own engine (connections never cross a fork),
executes the run, and watches the run row for a cancel request so that a
cancel from another process stops the search within a fraction of a second.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from adapters import logs
from adapters.db import make_engine, session_factory
from adapters.uow import SqlUnitOfWork
from api.services.runs import execute_run

#: How often the cancel watcher looks at the run row.
CANCEL_POLL_SECONDS = 0.25


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
    if run is None or run.status not in ("queued", "running"):
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
