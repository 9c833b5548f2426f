"""Publishing commands: ``schedsolve feeds``, ``hooks``, ``sender`` and ``sync pull``.

Feeds give each employee a calendar URL with a secret token; hooks send every
approval's changes to a URL, signed; the sender delivers them (``schedsolve
serve`` runs one too); ``sync pull`` imports a problem from an HTTP source.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Annotated

import typer

from api.cli.common import BadInput, bad_input_exits
from api.cli.db import DbOption, database_errors, database_url

feeds_app = typer.Typer(no_args_is_help=True, help="Per-employee calendar feeds (iCalendar).")
hooks_app = typer.Typer(no_args_is_help=True, help="Webhooks that receive approved changes.")
sync_app = typer.Typer(no_args_is_help=True, help="Import a store's data from elsewhere.")

StoreOpt = Annotated[str, typer.Option("--store", help="Store id.")]


def _factory(url: str):
    from adapters.db import make_engine, session_factory, upgrade
    from adapters.uow import SqlUnitOfWork

    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    return lambda: SqlUnitOfWork(factory)


@contextmanager
def _session(db: str | None):
    """A unit-of-work factory on the database; its errors and the services' are exit 2."""
    from api.services.publishing import PublishError

    url = database_url(db)
    with bad_input_exits(), database_errors(url):
        try:
            yield _factory(url)
        except PublishError as exc:
            raise BadInput(None, str(exc)) from None


# -- feeds --------------------------------------------------------------------
@feeds_app.command("create")
def feeds_create(
    store: StoreOpt,
    employee: Annotated[str, typer.Option("--employee", help="Employee id.")],
    base_url: Annotated[
        str, typer.Option("--base-url", help="Where the service is reached.")
    ] = "http://127.0.0.1:8000",
    db: DbOption = None,
) -> None:
    """Create a calendar feed for an employee; prints its URL once (the token is its secret)."""
    from api.services.publishing import create_feed

    with _session(db) as uow:
        feed, token = create_feed(uow, store, employee)
    typer.echo(f"feed {feed.id} ({feed.prefix}...) for employee {employee} of store {store};")
    typer.echo("subscribe to this URL in a calendar app (shown only once):")
    typer.echo(
        f"{base_url.rstrip('/')}/stores/{store}/employees/{employee}/schedule.ics?token={token}"
    )


@feeds_app.command("list")
def feeds_list(
    store: Annotated[str | None, typer.Option("--store", help="Only this store.")] = None,
    db: DbOption = None,
) -> None:
    """List feeds: id, prefix, store, employee, created, active or revoked."""
    from api.services.publishing import list_feeds

    with _session(db) as uow:
        feeds = list_feeds(uow, store)
    for f in feeds:
        state = "revoked" if f.revoked else "active"
        typer.echo(
            f"{f.id}\t{f.prefix}...\tstore {f.store}\t{f.employee}\t"
            f"{f.created_at:%Y-%m-%d}\t{state}"
        )


@feeds_app.command("revoke")
def feeds_revoke(
    feed_id: Annotated[int, typer.Argument(metavar="ID", help="The feed's id (feeds list).")],
    db: DbOption = None,
) -> None:
    """Revoke a feed: its URL answers 404 from now on."""
    from api.services.publishing import revoke_feed

    with _session(db) as uow:
        if not revoke_feed(uow, feed_id):
            raise BadInput(None, f"feed {feed_id} not found (see: schedsolve feeds list)")
    typer.echo(f"feed {feed_id} revoked")


@feeds_app.command("timezone")
def feeds_timezone(
    store: StoreOpt,
    tz: Annotated[
        str | None, typer.Argument(metavar="[TZ]", help="IANA zone, e.g. America/Chicago.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Show or set the store's time zone (feeds and webhooks give times in it)."""
    from api.services.publishing import get_timezone, set_timezone

    with _session(db) as uow:
        shown = set_timezone(uow, store, tz) if tz else get_timezone(uow, store)
    typer.echo(f"store {store}: time zone {shown}")


# -- hooks --------------------------------------------------------------------
@hooks_app.command("add")
def hooks_add(
    store: StoreOpt,
    url: Annotated[str, typer.Argument(metavar="URL", help="Where to POST the changes.")],
    secret: Annotated[
        str, typer.Option("--secret", help="HMAC-SHA256 key (16-200 characters), never sent.")
    ],
    db: DbOption = None,
) -> None:
    """Send every approval's changes of the store to URL (signed; retried; see hooks status)."""
    from api.services.publishing import add_hook

    with _session(db) as uow:
        hook = add_hook(uow, store, url, secret)
    typer.echo(f"webhook {hook.id} for store {store}: {hook.url}")


@hooks_app.command("list")
def hooks_list(
    store: Annotated[str | None, typer.Option("--store", help="Only this store.")] = None,
    db: DbOption = None,
) -> None:
    """List active webhooks: id, store, URL (never the secret)."""
    from api.services.publishing import list_hooks

    with _session(db) as uow:
        hooks = list_hooks(uow, store)
    for h in hooks:
        typer.echo(f"{h.id}\tstore {h.store}\t{h.url}\t{h.created_at:%Y-%m-%d}")


@hooks_app.command("remove")
def hooks_remove(
    hook_id: Annotated[int, typer.Argument(metavar="ID", help="The webhook's id (hooks list).")],
    db: DbOption = None,
) -> None:
    """Remove a webhook; its undelivered changes are marked dead."""
    from api.services.publishing import remove_hook

    with _session(db) as uow:
        if not remove_hook(uow, hook_id):
            raise BadInput(None, f"webhook {hook_id} not found (see: schedsolve hooks list)")
    typer.echo(f"webhook {hook_id} removed")


@hooks_app.command("status")
def hooks_status(
    store: Annotated[str | None, typer.Option("--store", help="Only this store.")] = None,
    db: DbOption = None,
) -> None:
    """Deliveries, newest first: counts by status, then each pending or dead one."""
    from api.services.publishing import deliveries

    with _session(db) as uow:
        rows = deliveries(uow, store)
    counts: dict[str, int] = {}
    for d in rows:
        counts[d.status] = counts.get(d.status, 0) + 1
    order = ("pending", "sending", "delivered", "dead")
    typer.echo(", ".join(f"{counts.get(s, 0)} {s}" for s in order))
    for d in rows:
        if d.status == "delivered":
            continue
        when = f"next try {d.next_attempt_at:%Y-%m-%d %H:%M:%S}" if d.status == "pending" else ""
        typer.echo(
            f"{d.id}\twebhook {d.webhook_id}\t{d.status}\t{d.attempts} tries\t{when}\t"
            f"{d.last_error or ''}".rstrip()
        )


# -- sender -------------------------------------------------------------------
def sender_command(
    once: Annotated[bool, typer.Option("--once", help="One pass over due deliveries.")] = False,
    poll: Annotated[float, typer.Option("--poll", min=0.1, help="Seconds between passes.")] = 2.0,
    lease: Annotated[
        float,
        typer.Option("--lease", min=1, help="Seconds a claimed delivery waits for its sender."),
    ] = 60.0,
    db: DbOption = None,
) -> None:
    """Deliver the outbox's changes to the webhooks until stopped (Ctrl-C)."""
    import datetime as dt
    import signal
    import threading

    from adapters import logs
    from adapters.webhook_sender import Sender

    logs.configure("INFO")
    with _session(db) as uow:
        sender = Sender(uow, lease=dt.timedelta(seconds=lease))
        if once:
            sent = sender.run_once()
            typer.echo(f"{sent} delivered")
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        try:
            sender.run(stop, poll)
        except KeyboardInterrupt:
            stop.set()


# -- sync ---------------------------------------------------------------------
@sync_app.command("pull")
def sync_pull(
    store: StoreOpt,
    url: Annotated[str, typer.Option("--url", help="Where the schedule-problem/1 JSON is.")],
    header: Annotated[
        list[str] | None, typer.Option("--header", metavar="K:V", help="Request header (repeat).")
    ] = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1)] = 5 * 1024 * 1024,
    db: DbOption = None,
) -> None:
    """Fetch the store's problem over HTTP and import it in one transaction, as `import` does."""
    from adapters.http_pull import PullError, fetch
    from domain.parse import InputError, parse_problem

    headers = {}
    for h in header or []:
        key, sep, value = h.partition(":")
        if not sep or not key.strip():
            raise BadInput(None, f"--header: '{h[:60]}' is not K:V")
        headers[key.strip()] = value.strip()
    with bad_input_exits():
        try:
            body = fetch(url, headers, max_bytes=max_bytes)
        except PullError as exc:
            raise BadInput(None, str(exc)) from None
        if not body.strip():
            raise BadInput(url, "the answer is empty; expected a schedule-problem/1 JSON")
        try:
            doc = parse_problem(body)
        except InputError as exc:
            raise BadInput(url, str(exc)) from None
        if doc.store != store:
            raise BadInput(url, f"store: the source is store {doc.store}, not --store {store}")
    with _session(db) as uow_factory, uow_factory() as uow:
        try:
            uow.stores.save_problem(doc)
        except InputError as exc:
            raise BadInput(url, str(exc)) from None
        uow.commit()
    typer.echo(
        f"pulled {url} into store {store}: {len(doc.employees)} employees,"
        f" {len(doc.events)} events, {len(doc.existing)} existing assignments"
    )
