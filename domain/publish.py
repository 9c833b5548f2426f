"""Publishing, as plain data: feed tokens, webhooks, deliveries, and the
changes an approval makes to the live schedule (what a webhook receives).

Pure: no I/O. The tables are in :mod:`adapters.orm_publish`; the use cases in
:mod:`api.services.publishing`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from domain.runs import ScheduleEntry

ChangeKind = Literal["new", "moved", "dropped"]
DeliveryStatus = Literal["pending", "sending", "delivered", "dead"]


@dataclass(frozen=True)
class FeedToken:
    """A calendar feed's token as stored (never the token itself)."""

    id: int
    store: str
    employee: str
    prefix: str
    created_at: dt.datetime
    revoked: bool = False


@dataclass(frozen=True)
class Webhook:
    """A receiver of a store's approved changes (its secret is never part of this)."""

    id: int
    store: str
    url: str
    created_at: dt.datetime
    active: bool = True


@dataclass(frozen=True)
class Delivery:
    """One approval's changes on their way to one webhook."""

    id: int
    webhook_id: int
    store: str
    idempotency_key: str
    payload: dict[str, Any]
    status: DeliveryStatus
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None = None
    delivered_at: dt.datetime | None = None


@dataclass(frozen=True)
class Change:
    """One assignment of the live schedule that an approval added, moved or removed."""

    change: ChangeKind
    event: str
    employee: str
    start: dt.datetime
    block: int | None = None
    #: For ``moved``: the assignment as it was.
    before: ScheduleEntry | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "change": self.change,
            "event": self.event,
            "employee": self.employee,
            "start": self.start.isoformat(),
            "block": self.block,
        }
        if self.before is not None:
            out["before"] = {
                "employee": self.before.employee,
                "start": self.before.start.isoformat(),
                "block": self.before.block,
            }
        return out


def schedule_changes(
    before: list[ScheduleEntry], after: list[ScheduleEntry], dropped: list[str] = ()
) -> list[Change]:
    """What changes when ``after`` replaces the entries of its events and
    ``dropped`` events lose theirs, given the live entries ``before``.

    An entry equal to the one it replaces (same employee, start and block) is
    no change and is left out, so that re-approving what is live sends nothing.
    """
    was = {e.event: e for e in before}
    out: list[Change] = []
    for entry in after:
        old = was.get(entry.event)
        if old is None:
            out.append(Change("new", entry.event, entry.employee, entry.start, entry.block))
        elif (old.employee, old.start, old.block) != (entry.employee, entry.start, entry.block):
            out.append(Change("moved", entry.event, entry.employee, entry.start, entry.block, old))
    for event in dropped:
        old = was.get(event)
        if old is not None:
            out.append(Change("dropped", event, old.employee, old.start, old.block))
    return out


@dataclass
class FeedItem:
    """One assignment as a calendar entry of an employee's feed."""

    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    description: str = ""
    categories: list[str] = field(default_factory=list)


def feed_uid(store: str, event: str) -> str:
    """A calendar UID that stays the same while the event's assignment moves,
    so that calendar apps update the entry in place."""
    return f"schedsolve-{store}-{event}@schedsolve"
