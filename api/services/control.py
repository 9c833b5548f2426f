"""Use cases around API runs: cancel flags, orphan recovery, idempotent creation.

- :func:`is_cancel_requested` ``(uow_factory, run_id) -> bool``: the top-level
  function a worker process (:func:`api.services.jobs.run_job`) polls.
- :func:`request_cancel` ``(uow_factory, run_id) -> Run``: set the flag.
- :func:`interrupt_orphans` ``(uow_factory) -> list[int]``: on start-up, runs
  that an API process started (``active_lock`` ``api:<pid>:<run>``) and that
  are still ``queued`` or ``running`` although that process is gone become
  ``interrupted``.
- :func:`mark_interrupted` ``(uow_factory, run_id, why)``.
- :func:`find_idempotent` ``(uow_factory, store, key) -> Run | None``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from sqlalchemy import select, update

from adapters import logs
from adapters.orm import SchedulerRunRow
from adapters.uow import SqlUnitOfWork
from domain.runs import Run, utcnow

SqlUowFactory = Callable[[], SqlUnitOfWork]

#: ``active_lock`` of a run started by an API process: ``api:<pid>:<run id>``.
API_LOCK = "api:{pid}:{run}"
ACTIVE = ("queued", "running")


def api_lock(run_id: int) -> str:
    return API_LOCK.format(pid=os.getpid(), run=run_id)


def is_cancel_requested(uow_factory: SqlUowFactory, run_id: int) -> bool:
    """Whether someone asked run ``run_id`` to stop (top-level: picklable)."""
    with uow_factory() as uow:
        return bool(
            uow.session.scalar(
                select(SchedulerRunRow.cancel_requested).where(SchedulerRunRow.id == run_id)
            )
        )


def request_cancel(uow_factory: SqlUowFactory, run_id: int) -> Run:
    """Set run ``run_id``'s cancel flag; returns the run as it is now."""
    with uow_factory() as uow:
        uow.session.execute(
            update(SchedulerRunRow)
            .where(SchedulerRunRow.id == run_id)
            .values(cancel_requested=True)
        )
        run = uow.runs.get(run_id)
        uow.commit()
    return run


def mark_interrupted(uow_factory: SqlUowFactory, run_id: int, why: str) -> bool:
    """Mark run ``run_id`` ``interrupted`` if it is still queued or running."""
    with uow_factory() as uow:
        run = uow.runs.get_for_update(run_id)
        if run is None or run.status not in ACTIVE:
            return False
        uow.runs.update(
            run_id, status="interrupted", finished_at=utcnow(), error=why, active_lock=None
        )
        uow.commit()
    logs.event("run.interrupted", level=logging.WARNING, store=run.store, run_id=run_id, why=why)
    return True


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a run of an earlier app instance in this very process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def interrupt_orphans(uow_factory: SqlUowFactory) -> list[int]:
    """Runs left queued/running by an API process that is gone become ``interrupted``."""
    with uow_factory() as uow:
        rows = uow.session.execute(
            select(SchedulerRunRow.id, SchedulerRunRow.active_lock).where(
                SchedulerRunRow.status.in_(ACTIVE), SchedulerRunRow.active_lock.like("api:%")
            )
        ).all()
    done = []
    for run_id, lock in rows:
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
        if mark_interrupted(uow_factory, run_id, why):
            done.append(run_id)
    return done


def find_idempotent(uow_factory: SqlUowFactory, store: str, key: str) -> Run | None:
    """The run of ``store`` created with ``Idempotency-Key`` ``key``, if any."""
    with uow_factory() as uow:
        run_id = uow.session.scalar(
            select(SchedulerRunRow.id)
            .where(SchedulerRunRow.store_id == store, SchedulerRunRow.idempotency_key == key)
            .order_by(SchedulerRunRow.id)
            .limit(1)
        )
        return uow.runs.get(run_id) if run_id is not None else None


def cancel_flag(uow_factory: SqlUowFactory, run_id: int) -> bool:
    """Whether a cancel was requested for run ``run_id``."""
    return is_cancel_requested(uow_factory, run_id)
