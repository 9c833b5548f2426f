"""The Celery side of :mod:`api.services.runner`: each run a task on a broker."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from api.services.runner_base import Ending, RunHandle, Slot, UowFactory, _Slots, settle
from domain.runs import FINAL_STATUSES

#: ``active_lock`` of a run handed to Celery by the service (no local process to watch).
CELERY_LOCK = "celery:{run}"


class CeleryRunner(_Slots):
    """Sends each run as a Celery task (``schedsolve worker`` solves it).

    A task is acknowledged when it has finished and put back on the queue when
    its worker process dies (:mod:`adapters.celery_app`), so a lost worker's
    run is solved again by another one, not ended. A handle is over when its
    run has ended, its task ended without ending it, or ``timeout`` s passed.
    ``is_solving(store)`` answers whether some process holds the store's solve
    lock: a ``skipped`` answer while it does comes from a re-delivered copy of
    a task whose first delivery still solves.
    """

    def __init__(
        self,
        broker_url: str,
        database_url: str,
        uow_factory: UowFactory,
        *,
        limit: int = 1000,
        retry_after: int = 5,
        timeout: float = 3600.0,
        is_solving: Callable[[str], bool] = lambda _store: False,
    ) -> None:
        from adapters.celery_app import make_celery

        super().__init__(limit, retry_after)
        self.app = make_celery(broker_url)
        self.database_url = database_url
        self.uow_factory = uow_factory
        self.timeout = timeout
        self.is_solving = is_solving
        self._sent: dict[int, tuple[RunHandle, Any, Slot]] = {}
        self._poller: threading.Thread | None = None

    def warm_up(self) -> None:
        """Nothing to start: the workers are other processes."""

    def start(
        self, run_id: int, *, slot: Slot | None = None, hold_lock: bool = False, store: str = ""
    ) -> RunHandle:
        """Send stored run ``run_id`` as a task; the poller thread follows it."""
        from adapters.celery_app import TASK_NAME

        slot = slot or self.reserve()
        try:
            if not hold_lock:
                with self.uow_factory() as uow:
                    uow.runs.update(run_id, active_lock=CELERY_LOCK.format(run=run_id))
                    uow.commit()
            result = self.app.send_task(TASK_NAME, args=[self.database_url, run_id, hold_lock])
        except BaseException:
            slot.release()
            raise
        handle = RunHandle(run_id, store)
        with self._lock:
            self._sent[run_id] = (handle, result, slot)
            if self._poller is None:
                self._poller = threading.Thread(target=self._poll, daemon=True, name="celery-poll")
                self._poller.start()
        return handle

    def _poll(self, every: float = 0.25) -> None:
        while not self._stopping:
            with self._lock:
                sent = list(self._sent.values())
            for handle, result, slot in sent:
                try:
                    ending = self._ending(handle, result)
                except Exception:  # broker or database hiccup: look again next round
                    continue
                if ending is None:
                    continue
                try:
                    settle(self.uow_factory, handle.run_id, ending)
                finally:
                    with self._lock:
                        self._sent.pop(handle.run_id, None)
                    slot.release()
                    handle._end(ending)
            time.sleep(every)

    def _ending(self, handle: RunHandle, result: Any) -> Ending | None:
        with self.uow_factory() as uow:
            run = uow.runs.get(handle.run_id)
        if run is None or run.status in FINAL_STATUSES:
            return Ending("finished")
        state = result.state
        if state == "SUCCESS" and result.result == "skipped":
            return None if self.is_solving(handle.store) else Ending("skipped")
        if state in ("SUCCESS", "FAILURE"):
            why = f"the Celery task ended ({state}) without finishing the run: {result.result!r}"
            return Ending("lost", why[:500])
        if time.monotonic() - handle.started > self.timeout:
            result.revoke()
            return Ending(
                "lost",
                f"no Celery worker finished the run within {self.timeout:.0f} s"
                " (is `schedsolve worker` running against the same broker?)",
            )
        return None

    def shutdown(self, why: str | None = None, timeout: float = 5.0) -> None:
        """Stop following the tasks (the workers go on solving them)."""
        self._stopping = True
        if self._poller is not None:
            self._poller.join(timeout)


__all__ = ["CELERY_LOCK", "CeleryRunner"]
