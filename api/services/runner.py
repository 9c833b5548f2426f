"""One runner for every stored run: the service's runs and the nightly's alike.

A run row is written first (:func:`api.services.runs.create_run`, the
nightly's claim); a runner then has it solved by
:func:`api.services.jobs.execute_stored_run` in another process, and ends it
when that process ends without finishing it:

- :class:`LocalRunner` (the default): a process of this machine per run, at
  most ``limit`` at once, started by :mod:`adapters.processes` so that it dies
  with the process that started it (``kill -9`` of the service included);
- :class:`api.services.runner_celery.CeleryRunner` (when a broker is
  configured): a Celery task per run, solved by ``schedsolve worker`` on any
  machine.

Both hand back a :class:`RunHandle`. What happens to a run whose process or
task ended is decided in one place, :func:`settle`; a run that has already
ended is never changed again (:func:`api.services.control.end_run` is a
compare-and-set), so a solver that outlived its service cannot revive it.
A cancel request is read from the run row by the solving process itself
(:func:`api.services.jobs.run_job`), whichever runner started it.
"""

from __future__ import annotations

import threading
from typing import Any

from adapters import processes
from api.services.control import api_lock
from api.services.jobs import EXIT_SKIPPED, solve_in_child
from api.services.runner_base import (
    Ending,
    RunHandle,
    Runner,
    Slot,
    TooBusy,
    UowFactory,
    _Slots,
    settle,
    wait_any,
)
from api.services.runner_celery import CeleryRunner

#: Imported once in the fork server, so a solving process starts in milliseconds.
PRELOAD = ("api.services.jobs", "solver.solve", "adapters.repository")


class LocalRunner(_Slots):
    """Solves each run in a process of this machine that dies with this process.

    Parameters
    ----------
    database_url
        Given to each solving process (which opens its own engine).
    uow_factory
        For ending runs whose process ended without finishing them.
    limit
        Most solves at once.
    retry_after
        Seconds suggested to a refused caller.
    """

    def __init__(
        self, database_url: str, uow_factory: UowFactory, limit: int = 2, retry_after: int = 5
    ) -> None:
        super().__init__(limit, retry_after)
        self.database_url = database_url
        self.uow_factory = uow_factory
        self._ctx = processes.context(PRELOAD)
        self._procs: dict[int, Any] = {}
        self._watchers: list[threading.Thread] = []
        self._stop_why: str | None = None

    def warm_up(self) -> None:
        """Start the fork server now: the first run then starts in milliseconds."""
        processes.warm_up(self._ctx)

    def start(
        self, run_id: int, *, slot: Slot | None = None, hold_lock: bool = False, store: str = ""
    ) -> RunHandle:
        """Solve stored run ``run_id`` in a new process (reserving a slot if none).

        ``hold_lock``: the process holds the store's solve lock (nightly runs);
        without it the run is tagged with this process's pid, so a restarted
        service finds it orphaned (:func:`api.services.control.interrupt_orphans`).
        """
        slot = slot or self.reserve()
        try:
            if not hold_lock:
                with self.uow_factory() as uow:
                    uow.runs.update(run_id, active_lock=api_lock(run_id))
                    uow.commit()
            proc = processes.start(
                self._ctx,
                solve_in_child,
                (self.database_url, run_id, hold_lock),
                name=f"schedsolve-run-{run_id}",
                daemon=not hold_lock,
            )
        except BaseException:
            slot.release()
            raise
        handle = RunHandle(run_id, store, proc.pid)
        with self._lock:
            self._procs[run_id] = proc
        watcher = threading.Thread(
            target=self._watch, args=(handle, proc, slot), daemon=True, name=f"watch-{run_id}"
        )
        self._watchers.append(watcher)
        watcher.start()
        return handle

    def _watch(self, handle: RunHandle, proc: Any, slot: Slot) -> None:
        proc.join()
        code = proc.exitcode
        if code == 0:
            ending = Ending("finished")
        elif code == EXIT_SKIPPED:
            ending = Ending("skipped")
        else:
            how = f"signal {-code}" if code is not None and code < 0 else f"exit {code}"
            ending = Ending(
                "died",
                self._stop_why
                or f"interrupted: the solving process (pid {proc.pid}) died ({how})"
                " before the run finished",
            )
        try:
            settle(self.uow_factory, handle.run_id, ending)
        except Exception:  # the database may be gone at shutdown; nothing else to do
            pass
        finally:
            with self._lock:
                self._procs.pop(handle.run_id, None)
            slot.release()
            handle._end(ending)

    def shutdown(self, why: str | None = None, timeout: float = 5.0) -> None:
        """Stop every solving process; their runs end ``interrupted`` with ``why``."""
        with self._lock:
            self._stopping = True
            self._stop_why = why or "interrupted: the service stopped while the run was active"
            procs = list(self._procs.values())
        for proc in procs:
            if proc.is_alive():
                proc.terminate()
        for watcher in self._watchers:
            watcher.join(timeout)


def make_runner(
    database_url: str,
    uow_factory: UowFactory,
    *,
    broker_url: str | None = None,
    limit: int = 2,
    retry_after: int = 5,
) -> Runner:
    """Celery when a broker is configured, local processes otherwise."""
    if broker_url:
        return CeleryRunner(
            broker_url, database_url, uow_factory, limit=limit, retry_after=retry_after
        )
    return LocalRunner(database_url, uow_factory, limit=limit, retry_after=retry_after)


__all__ = [
    "CeleryRunner",
    "Ending",
    "LocalRunner",
    "RunHandle",
    "Runner",
    "Slot",
    "TooBusy",
    "make_runner",
    "settle",
    "wait_any",
]
