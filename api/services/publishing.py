"""Use cases of publishing: calendar feeds, webhooks and what an approval sends.

Plain functions over a unit of work (``uow.publish`` holds the queries, see
:mod:`adapters.publish_repo`). An approval calls :func:`publish_changes` inside
its own transaction, so the outbox gets the changes exactly when the live
schedule does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from api.services.runs import UowFactory
from domain.facts import Facts
from domain.publish import Change, Delivery, FeedItem, FeedToken, Webhook, feed_uid
from domain.runs import utcnow

#: What an employee's feed shows around today: the last two weeks and the next
#: eight (an approved schedule rarely reaches further).
FEED_DAYS_BACK = 14
FEED_DAYS_AHEAD = 56


class PublishError(ValueError):
    """A publishing request names something that does not exist or is not allowed."""


class FeedDenied(PublishError):
    """The feed token is unknown, revoked, or not this employee's."""


def publish_changes(uow, store: str, run_id: int, changes: Sequence[Change]) -> None:
    """Queue ``changes`` for the store's webhooks, in the caller's open transaction."""
    if not changes:
        return
    payload = {
        "store": store,
        "run_id": run_id,
        "timezone": _timezone_of(uow, store),
        "changes": [c.as_json() for c in changes],
    }
    uow.publish.enqueue(store, payload, utcnow())


def _timezone_of(uow, store: str) -> str:
    return uow.publish.timezone(store) or "UTC"


def check_timezone(name: str) -> str:
    """``name`` if it is an IANA time zone, else :class:`PublishError`."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise PublishError(
            f"timezone: '{name}' is not an IANA time zone (e.g. America/Chicago)"
        ) from None
    return name


def _check_store(uow, store: str) -> None:
    if uow.stores.get(store) is None:
        raise PublishError(f"store {store} not found")


# -- time zone ----------------------------------------------------------------
def set_timezone(uow_factory: UowFactory, store: str, tz: str) -> str:
    """Set the store's time zone (its local times, as feeds and webhooks show them)."""
    check_timezone(tz)
    with uow_factory() as uow:
        _check_store(uow, store)
        uow.publish.set_timezone(store, tz)
        uow.commit()
    return tz


def get_timezone(uow_factory: UowFactory, store: str) -> str:
    with uow_factory() as uow:
        _check_store(uow, store)
        return _timezone_of(uow, store)


# -- feeds --------------------------------------------------------------------
def create_feed(uow_factory: UowFactory, store: str, employee: str) -> tuple[FeedToken, str]:
    """A new calendar feed token for ``employee`` of ``store`` (the token is shown once)."""
    with uow_factory() as uow:
        _check_store(uow, store)
        if uow.publish.employee_name(store, employee) is None:
            raise PublishError(f"employee {employee} not found in store {store}")
        made = uow.publish.add_token(store, employee, utcnow())
        uow.commit()
    return made


def list_feeds(uow_factory: UowFactory, store: str | None = None) -> list[FeedToken]:
    with uow_factory() as uow:
        return uow.publish.list_tokens(store)


def revoke_feed(uow_factory: UowFactory, token_id: int) -> bool:
    with uow_factory() as uow:
        done = uow.publish.revoke_token(token_id)
        uow.commit()
    return done


def employee_feed(
    uow_factory: UowFactory,
    store: str,
    employee: str,
    token: str,
    today: dt.date | None = None,
) -> tuple[str, str, list[FeedItem]]:
    """The employee's assignments around ``today`` as calendar entries.

    Returns ``(timezone, employee name, items)``; the times are the store's
    local times. Raises :class:`FeedDenied` unless ``token`` is a live token
    of this employee of this store (the answer does not say which part failed).
    """
    today = today or utcnow().date()
    with uow_factory() as uow:
        found = uow.publish.find_token(token) if token else None
        if found is None or found.revoked or (found.store, found.employee) != (store, employee):
            raise FeedDenied("unknown or revoked feed token")
        name = uow.publish.employee_name(store, employee) or employee
        tz = _timezone_of(uow, store)
        first = today - timedelta(days=FEED_DAYS_BACK)
        problem = uow.stores.load_problem(
            store, first, today + timedelta(days=FEED_DAYS_AHEAD), first - timedelta(days=1)
        )
    facts = Facts(problem)
    events = {e.id: e for e in problem.events}
    items = []
    for x in sorted(problem.existing, key=lambda x: (x.start, x.event)):
        if x.employee != employee or x.event not in events:
            continue
        ev = events[x.event]
        detail = [f"Event {ev.id}", f"Type {facts.types[ev.id]}"]
        if ev.product:
            detail.append(f"Product {ev.product}")
        if x.block is not None:
            detail.append(f"Block {x.block}")
        items.append(
            FeedItem(
                uid=feed_uid(store, ev.id),
                summary=ev.name,
                start=x.start,
                end=facts.end_of(ev.id, x.start),
                description="; ".join(detail),
                categories=[str(facts.types[ev.id])],
            )
        )
    return tz, name, items


# -- webhooks -----------------------------------------------------------------
def add_hook(uow_factory: UowFactory, store: str, url: str, secret: str) -> Webhook:
    """Register ``url`` for the store's approved changes, signed with ``secret``."""
    if not url.startswith(("http://", "https://")) or len(url) > 2000:
        raise PublishError(f"url: '{url[:80]}' is not an http(s) URL of at most 2000 characters")
    if not 16 <= len(secret) <= 200:
        raise PublishError("--secret: give 16 to 200 characters (a random string)")
    with uow_factory() as uow:
        _check_store(uow, store)
        hook = uow.publish.add_hook(store, url, secret, utcnow())
        uow.commit()
    return hook


def list_hooks(uow_factory: UowFactory, store: str | None = None) -> list[Webhook]:
    with uow_factory() as uow:
        return uow.publish.list_hooks(store)


def remove_hook(uow_factory: UowFactory, hook_id: int) -> bool:
    with uow_factory() as uow:
        done = uow.publish.remove_hook(hook_id)
        uow.commit()
    return done


def deliveries(uow_factory: UowFactory, store: str | None = None) -> list[Delivery]:
    """The latest deliveries (newest first): pending, sending, delivered or dead."""
    with uow_factory() as uow:
        return uow.publish.deliveries(store)
