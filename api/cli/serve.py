"""Service commands: ``schedsolve serve`` (uvicorn) and ``schedsolve keys`` (API keys)."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.common import BadInput, bad_input_exits
from api.cli.db import DbOption, database_errors, database_url

keys_app = typer.Typer(no_args_is_help=True, help="Manage the HTTP service's API keys.")


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    sender: Annotated[
        bool, typer.Option("--sender/--no-sender", help="Deliver webhooks from this process.")
    ] = True,
    db: DbOption = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs); migrates the database first.

    Limits come from the environment (SCHEDSOLVE_MAX_CONCURRENT_SOLVES,
    SCHEDSOLVE_MAX_TIME_LIMIT, SCHEDSOLVE_MAX_BODY_BYTES, ...; see
    adapters/config.py).
    """
    import uvicorn

    from adapters import logs
    from adapters.config import AppSettings
    from adapters.db import upgrade
    from api.http.app import create_app

    logs.configure("INFO")  # request and run events as JSON lines on stderr
    url = database_url(db)
    with bad_input_exits(), database_errors(url):
        upgrade(url)
    app = create_app(AppSettings(database_url=url, webhook_sender=sender))
    # Our handler, not uvicorn's config; the request middleware replaces its access
    # log (which would print query strings).
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)


@keys_app.command("create")
def keys_create(
    store: Annotated[
        str | None, typer.Option("--store", help="The one store the key may see.")
    ] = None,
    admin: Annotated[bool, typer.Option("--admin", help="A key that sees every store.")] = False,
    name: Annotated[str, typer.Option("--name", help="A label to tell keys apart.")] = "",
    db: DbOption = None,
) -> None:
    """Create an API key and print it as the last line (only its hash is stored)."""
    from adapters.db import make_engine, session_factory, upgrade
    from adapters.keys import create_key
    from adapters.orm import StoreRow

    url = database_url(db)
    with bad_input_exits():
        if (store is None) == (not admin):
            raise BadInput(None, "give exactly one of --store S and --admin")
        with database_errors(url):
            upgrade(url)
            engine = make_engine(url)
            try:
                with session_factory(engine)() as session:
                    # A key for a store that is not there would see nothing, ever:
                    # say so now, before a key is handed out (issue 10, defect 14).
                    if store is not None and session.get(StoreRow, store) is None:
                        raise BadInput(
                            "--store",
                            f"store {store} not found (import it first: schedsolve import)",
                        )
                    key, text = create_key(session, store, name)
                    session.commit()
            finally:
                engine.dispose()
    scope = "admin (every store)" if key.store is None else f"store {key.store}"
    typer.echo(f"key {key.id} ({key.prefix}...) for {scope}; it is shown only once:")
    typer.echo(text)


@keys_app.command("list")
def keys_list(db: DbOption = None) -> None:
    """List the API keys (id, prefix, scope, name, revoked)."""
    from adapters.db import make_engine, session_factory
    from adapters.keys import list_keys

    url = database_url(db)
    with bad_input_exits(), database_errors(url):
        engine = make_engine(url)
        try:
            with session_factory(engine)() as session:
                keys = list_keys(session)
        finally:
            engine.dispose()
    for k in keys:
        scope = "admin" if k.store is None else f"store {k.store}"
        typer.echo(
            f"{k.id}\t{k.prefix}...\t{scope}\t{k.name}\t{'revoked' if k.revoked else 'active'}"
        )


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[int, typer.Argument(metavar="ID", help="The key's id (keys list).")],
    db: DbOption = None,
) -> None:
    """Revoke an API key: it is refused (401) from now on."""
    from adapters.db import make_engine, session_factory
    from adapters.keys import revoke_key

    url = database_url(db)
    with bad_input_exits(), database_errors(url):
        engine = make_engine(url)
        try:
            with session_factory(engine)() as session:
                found = revoke_key(session, key_id)
                session.commit()
        finally:
            engine.dispose()
        if not found:
            raise BadInput(None, f"key {key_id} not found (see: schedsolve keys list)")
    typer.echo(f"key {key_id} revoked")
