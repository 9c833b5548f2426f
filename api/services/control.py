"""Use cases around API runs: cancel flags, orphan recovery, idempotent creation.

- :func:`is_cancel_requested` ``(uow_factory, run_id) -> bool``: the top-level
  function a worker process (:func:`api.services.jobs.run_job`) polls.
- :func:`request_cancel` ``(uow_factory, run_id) -> Run``: set the flag.
- :func:`interrupt_orphans` ``(uow_factory) -> list[int]``: on start-up, runs
  that an API process started (``active_lock`` ``api:<pid>:<run>``) and that
  are still ``queued`` or ``running`` although that process is gone become
  ``interrupted``.
- :func:`end_run` ``(uow_factory, run_id, status, why) -> bool``: the one
  compare-and-set that ends a run from outside its solve (interrupted,
  failed): a run that has already ended never changes again.
- :func:`mark_interrupted` ``(uow_factory, run_id, why)``.
- :func:`find_idempotent` ``(uow_factory, store, key) -> Run | None``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from adapters import logs, processes
from adapters.uow import AbstractUnitOfWork
from domain.runs import ACTIVE_STATUSES, Run, utcnow

SqlUowFactory = Callable[[], AbstractUnitOfWork]

#: ``active_lock`` of a run started by an API process: ``api:<pid>:<run id>``.
API_LOCK = "api:{pid}:{run}"


def api_lock(run_id: int) -> str:
    return API_LOCK.format(pid=os.getpid(), run=run_id)


def is_cancel_requested(uow_factory: SqlUowFactory, run_id: int) -> bool:
    """Whether someone asked run ``run_id`` to stop (top-level: picklable)."""
    with uow_factory() as uow:
        return uow.runs.cancel_requested(run_id)


def request_cancel(uow_factory: SqlUowFactory, run_id: int) -> Run:
    """Set run ``run_id``'s cancel flag; returns the run as it is now."""
    with uow_factory() as uow:
        uow.runs.request_cancel(run_id)
        run = uow.runs.get(run_id)
        uow.commit()
    return run


def end_run(uow_factory: SqlUowFactory, run_id: int, status: str, why: str) -> bool:
    """End run ``run_id`` as ``status`` with ``why`` if it is still queued or running.

    A compare-and-set on the locked row: a run that is already ``succeeded``,
    ``cancelled``, ``failed`` or ``interrupted`` keeps its status (issue 10,
    defect 1). Returns whether the run was ended here.
    """
    with uow_factory() as uow:
        run = uow.runs.get_for_update(run_id)
        if run is None or run.status not in ACTIVE_STATUSES:
            return False
        uow.runs.update(run_id, status=status, finished_at=utcnow(), error=why, active_lock=None)
        uow.commit()
    logs.event(f"run.{status}", level=logging.WARNING, store=run.store, run_id=run_id, why=why)
    return True


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a run of an earlier app instance in this very process
    return processes.alive(pid)


def interrupt_orphans(uow_factory: SqlUowFactory) -> list[int]:
    """Runs left queued/running by an API process that is gone become ``interrupted``."""
    with uow_factory() as uow:
        runs = uow.runs.list(status=ACTIVE_STATUSES)
    done = []
    for run_id, lock in [
        (r.id, r.active_lock) for r in runs if (r.active_lock or "")[:4] == "api:"
    ]:
        try:
            pid = int(lock.split(":")[1])
        except (IndexError, ValueError):
            continue
        if _alive(pid):
            continue
        why = (
            f"interrupted: the service process (pid {pid}) that ran this run stopped"
            " before it finished; start a new run"
        )
        if end_run(uow_factory, run_id, "interrupted", why):
            done.append(run_id)
    return done


def find_idempotent(uow_factory: SqlUowFactory, store: str, key: str) -> Run | None:
    """The run of ``store`` created with ``Idempotency-Key`` ``key``, if any."""
    with uow_factory() as uow:
        return uow.runs.find_by_idempotency_key(store, key)


def cancel_flag(uow_factory: SqlUowFactory, run_id: int) -> bool:
    """Whether a cancel was requested for run ``run_id``."""
    return is_cancel_requested(uow_factory, run_id)
