"""What every runner of :mod:`api.services.runner` shares: slots, handles, and
:func:`settle`, the one rule for a run whose solving process or task is over."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from adapters.uow import AbstractUnitOfWork
from api.services.control import end_run

UowFactory = Callable[[], AbstractUnitOfWork]


class TooBusy(RuntimeError):
    """Every solve slot is taken; try again after ``retry_after`` seconds."""

    def __init__(self, limit: int, retry_after: int) -> None:
        super().__init__(f"{limit} solve(s) are already running; try again later")
        self.limit = limit
        self.retry_after = retry_after


@dataclass(frozen=True)
class Ending:
    """How a run's process or task ended: ``finished``, ``skipped``, ``died`` or ``lost``.

    ``finished``: it ended normally (the run should have ended with it);
    ``skipped``: another process holds the store's solve lock; ``died``: it
    was killed or crashed; ``lost``: a task that no worker finished.
    """

    kind: str
    why: str = ""


def settle(uow_factory: UowFactory, run_id: int, ending: Ending) -> str | None:
    """End run ``run_id`` as ``ending`` requires, if it is still active; returns its status.

    The one rule for a run whose solving process or task is over: ``died``
    and ``skipped`` make it ``interrupted``, ``finished`` and ``lost`` make it
    ``failed`` (a finished process that left its run active lost its result).
    A run that ended already keeps its status.
    """
    status = "interrupted" if ending.kind in ("died", "skipped") else "failed"
    why = ending.why or {
        "skipped": "not solved: another process was solving this store",
        "finished": "the solving process ended without finishing the run",
    }.get(ending.kind, "the run's process ended before the run finished")
    end_run(uow_factory, run_id, status, why)
    with uow_factory() as uow:
        run = uow.runs.get(run_id)
    return run.status if run is not None else None


@dataclass
class RunHandle:
    """A run being solved by a runner; :attr:`ending` is set once it is over."""

    run_id: int
    store: str = ""
    pid: int | None = None
    ending: Ending | None = None
    started: float = field(default_factory=time.monotonic)
    _over: threading.Event = field(default_factory=threading.Event, repr=False)

    def done(self) -> bool:
        return self._over.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self._over.wait(timeout)

    def _end(self, ending: Ending) -> None:
        self.ending = ending
        self._over.set()


class Runner(Protocol):
    """What the service and the nightly need of a runner."""

    limit: int

    @property
    def active(self) -> int: ...
    def warm_up(self) -> None: ...
    def reserve(self) -> Slot: ...
    def start(
        self, run_id: int, *, slot: Slot | None = None, hold_lock: bool = False, store: str = ""
    ) -> RunHandle: ...
    def shutdown(self, why: str | None = None, timeout: float = 5.0) -> None: ...


@dataclass
class Slot:
    """One reserved solve slot; give it to ``start`` or release it."""

    runner: _Slots
    released: bool = False

    def release(self) -> None:
        self.runner._release(self)


class _Slots:
    """At most ``limit`` solves at once; the N+1th is refused before its run is written."""

    def __init__(self, limit: int, retry_after: int) -> None:
        self.limit = limit
        self.retry_after = retry_after
        self._lock = threading.Lock()
        self._taken = 0
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


def wait_any(handles: Sequence[RunHandle], timeout: float) -> list[RunHandle]:
    """The handles that are over, waiting up to ``timeout`` s for the first one."""
    deadline = time.monotonic() + timeout
    while True:
        over = [h for h in handles if h.done()]
        if over or time.monotonic() >= deadline:
            return over
        time.sleep(min(0.05, max(0.0, deadline - time.monotonic())))


__all__ = ["Ending", "RunHandle", "Runner", "Slot", "TooBusy", "UowFactory", "settle", "wait_any"]
