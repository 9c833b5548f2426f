"""Worker processes for the service's solves: at most N at once, one process per run.

:class:`SolveSupervisor` starts :func:`api.services.jobs.run_job` in a new
process for each run (``forkserver`` context where available, with the solver
modules preloaded, so a start costs milliseconds; ``spawn`` elsewhere). A
slot is taken *before* the run row is written (:meth:`SolveSupervisor.reserve`)
so that the N+1th request is refused (:class:`TooBusy`, HTTP 429) without
leaving a run behind. A watcher thread per process releases the slot when the
process ends and marks the run ``interrupted`` if the process died without
finishing it. :meth:`SolveSupervisor.shutdown` stops what still runs.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from adapters.uow import SqlUnitOfWork
from api.services.control import api_lock, is_cancel_requested, mark_interrupted
from api.services.jobs import run_job


class TooBusy(RuntimeError):
    """Every solve slot is taken; try again after ``retry_after`` seconds."""

    def __init__(self, limit: int, retry_after: int) -> None:
        super().__init__(f"{limit} solve(s) are already running; try again later")
        self.limit = limit
        self.retry_after = retry_after


def _context() -> multiprocessing.context.BaseContext:
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["api.services.jobs", "solver.solve", "adapters.repository"])
        return ctx
    return multiprocessing.get_context("spawn")


@dataclass
class Slot:
    """One reserved solve slot; give it to :meth:`SolveSupervisor.start` or release it."""

    supervisor: SolveSupervisor
    released: bool = field(default=False)

    def release(self) -> None:
        self.supervisor._release(self)


class SolveSupervisor:
    """Runs stored runs in worker processes, at most ``limit`` at a time.

    Parameters
    ----------
    database_url
        Given to each worker (which opens its own engine).
    limit
        Most solves at once.
    uow_factory
        For marking runs whose worker died.
    retry_after
        Seconds suggested to a refused caller.
    """

    def __init__(
        self,
        database_url: str,
        limit: int,
        uow_factory: Callable[[], SqlUnitOfWork],
        retry_after: int = 5,
    ) -> None:
        self.database_url = database_url
        self.limit = limit
        self.uow_factory = uow_factory
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._taken = 0
        self._procs: dict[int, multiprocessing.process.BaseProcess] = {}
        self._watchers: list[threading.Thread] = []
        self._stopping = False

    @property
    def active(self) -> int:
        """Slots in use (reserved or running)."""
        return self._taken

    def reserve(self) -> Slot:
        """Take a slot, or raise :class:`TooBusy`."""
        with self._lock:
            if self._stopping or self._taken >= self.limit:
                raise TooBusy(self.limit, self.retry_after)
            self._taken += 1
        return Slot(self)

    def _release(self, slot: Slot) -> None:
        with self._lock:
            if not slot.released:
                slot.released = True
                self._taken -= 1

    def start(self, run_id: int, slot: Slot | None = None) -> None:
        """Solve stored run ``run_id`` in a new worker process (reserving a slot if none)."""
        slot = slot or self.reserve()
        try:
            with self.uow_factory() as uow:
                uow.runs.update(run_id, active_lock=api_lock(run_id))
                uow.commit()
            proc = _context().Process(
                target=run_job,
                name=f"schedsolve-run-{run_id}",
                args=(self.database_url, run_id, is_cancel_requested),
                daemon=True,
            )
            proc.start()
        except BaseException:
            slot.release()
            raise
        with self._lock:
            self._procs[run_id] = proc
        watcher = threading.Thread(
            target=self._watch,
            args=(run_id, proc, slot),
            daemon=True,
            name=f"schedsolve-watch-{run_id}",
        )
        self._watchers.append(watcher)
        watcher.start()

    def _watch(self, run_id: int, proc: multiprocessing.process.BaseProcess, slot: Slot) -> None:
        proc.join()
        try:
            why = (
                "interrupted: the service stopped while the run was active"
                if self._stopping
                else f"interrupted: the worker process ended (exit code {proc.exitcode})"
                " before the run finished"
            )
            mark_interrupted(self.uow_factory, run_id, why)
        except Exception:  # the database may be gone at shutdown; nothing else to do
            pass
        finally:
            with self._lock:
                self._procs.pop(run_id, None)
            slot.release()

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop every worker process and wait for the watchers."""
        with self._lock:
            self._stopping = True
            procs = list(self._procs.values())
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for watcher in self._watchers:
            watcher.join(timeout)
