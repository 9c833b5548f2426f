"""Use case: late changes to events (RULES.md §8): an import cancels, adds or re-dates events.

:func:`late_changes` compares the store's events before an import with what
the import wrote: events of the live schedule canceled (active before, inactive
now) or re-dated (another start or due), and events added. :func:`offer_repair`
answers them with a ``repair`` run over the weeks they touch instead of a full
re-solve (``schedsolve import --repair``, ``import-csv events --repair``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from api.services.repairs import add_repair_run, execute_repair
from api.services.runs import SolveParams, UowFactory
from domain.models import Event, Problem
from domain.rules import is_active_condition
from domain.runs import Run
from solver.repair import RepairResult

#: A repair over more weeks than this is a re-solve: the window is cut there.
MAX_DAYS = 28


@dataclass
class LateChanges:
    """Events an import changed that a repair should answer (ids, sorted)."""

    canceled: list[str] = field(default_factory=list)
    redated: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    #: Every day the changes touch: old assignment days, new windows.
    days: set[dt.date] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.canceled or self.redated or self.added)

    def describe(self, source: str = "") -> dict[str, Any]:
        return {
            "kind": "late_changes",
            "source": source,
            "canceled": self.canceled,
            "redated": self.redated,
            "added": self.added,
        }

    def summary(self) -> str:
        parts = [
            f"{len(ids)} {what}"
            for ids, what in (
                (self.canceled, "canceled"),
                (self.redated, "re-dated"),
                (self.added, "added"),
            )
            if ids
        ]
        return ", ".join(parts) if parts else "no change to the live schedule's events"


def _active(ev: Event) -> bool:
    return is_active_condition(ev.condition)


def _window(ev: Event) -> set[dt.date]:
    first, last = ev.start.date(), (ev.due - dt.timedelta(minutes=1)).date()
    span = min((last - first).days, MAX_DAYS)
    return {first + dt.timedelta(days=i) for i in range(max(0, span) + 1)}


def late_changes(before: Problem | None, after: Iterable[Event]) -> LateChanges:
    """What ``after`` (the events an import wrote) changes of ``before`` (the store then).

    Canceled and re-dated count only for events with a live assignment; an
    added event counts when it is active.
    """
    out = LateChanges()
    if before is None:
        return out
    old = {e.id: e for e in before.events}
    live: dict[str, list[dt.date]] = {}
    for x in before.existing:
        live.setdefault(x.event, []).append(x.start.date())
    for ev in after:
        was = old.get(ev.id)
        active = _active(ev)
        if was is None:
            if active:
                out.added.append(ev.id)
                out.days |= _window(ev)
            continue
        if ev.id not in live:
            continue
        if _active(was) and not active:
            out.canceled.append(ev.id)
            out.days |= set(live[ev.id])
        elif (ev.start, ev.due) != (was.start, was.due):
            out.redated.append(ev.id)
            out.days |= set(live[ev.id]) | _window(ev)
    for ids in (out.canceled, out.redated, out.added):
        ids.sort()
    return out


def offer_repair(
    uow_factory: UowFactory,
    store: str,
    changes: LateChanges,
    *,
    today: dt.date,
    source: str = "",
    params: SolveParams | None = None,
) -> tuple[Run, RepairResult] | None:
    """A repair run over the weeks the changes touch from ``today`` on; None when
    there is nothing to repair (no change, or every day touched is past)."""
    days = sorted(d for d in changes.days if d >= today)
    if not changes or not days:
        return None
    first, last = days[0], min(days[-1], days[0] + dt.timedelta(days=MAX_DAYS - 1))
    with uow_factory() as uow:
        run = add_repair_run(uow, store, first, last, today, changes.describe(source), params)
        uow.commit()
    return execute_repair(uow_factory, run.id)


__all__ = ["LateChanges", "late_changes", "offer_repair"]
