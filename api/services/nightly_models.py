"""What the nightly reports: per-store outcomes, the batch report, and each store's horizon.

The values :func:`api.services.nightly.run_nightly` hands back (and updates
live through ``on_update``); see that module for the batch itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from api.services.nightly_runs import LOCK_PREFIX
from domain.runs import StoreInfo

__all__ = [
    "DEFAULT_BUFFER_DAYS",
    "NightlyReport",
    "StoreOutcome",
    "UnknownStores",
    "horizon_for",
    "nightly_lock",
]

#: Default first horizon day after ``today`` when a store has no ``buffer_days``.
DEFAULT_BUFFER_DAYS = 3


class UnknownStores(ValueError):
    """``--stores`` names stores the database does not have."""


def nightly_lock(store: str) -> str:
    return f"{LOCK_PREFIX}{store}"


def horizon_for(store: StoreInfo, today: dt.date, days: int) -> tuple[dt.date, dt.date]:
    """``days`` days from ``today + buffer_days`` (the store's setting, default 3)."""
    raw = store.settings.get("buffer_days", DEFAULT_BUFFER_DAYS)
    buffer = raw if isinstance(raw, int) and raw >= 0 else DEFAULT_BUFFER_DAYS
    start = today + dt.timedelta(days=buffer)
    return start, start + dt.timedelta(days=days - 1)


@dataclass
class StoreOutcome:
    """What the nightly did with one store (updated live while it runs)."""

    store: str
    #: waiting | queued | running | succeeded | failed | cancelled | interrupted | skipped
    status: str = "waiting"
    run_id: int | None = None
    horizon: tuple[dt.date, dt.date] | None = None
    assigned: int | None = None
    unscheduled: int | None = None
    objective: float | None = None
    gap: float | None = None
    #: CP-SAT's status of the finished solve (OPTIMAL, FEASIBLE, ...).
    solver_status: str | None = None
    #: Solver seconds (model build + search) as the run records them.
    solve_seconds: float | None = None
    #: Seconds from handing the run to a process until the coordinator saw it end.
    wall_seconds: float | None = None
    note: str | None = None
    started: float | None = field(default=None, repr=False)

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "interrupted")


@dataclass
class NightlyReport:
    today: dt.date
    horizon_days: int
    mode: str  # "local" | "celery"
    outcomes: list[StoreOutcome]
    wall_seconds: float = 0.0
    interrupted: list[int] = field(default_factory=list)

    @property
    def failed(self) -> list[StoreOutcome]:
        return [o for o in self.outcomes if o.failed]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0
