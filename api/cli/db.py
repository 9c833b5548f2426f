"""Database commands: ``schedsolve db upgrade``, ``schedsolve import``, ``schedsolve export``.

The database is ``--db URL`` if given, else ``SCHEDSOLVE_DATABASE_URL``, else
the SQLite file ``schedsolve.db`` in the working directory. A database that
cannot be reached or read is bad input too: exit 2 with one line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import (
    STDIN,
    BadInput,
    bad_input_exits,
    load_problem_file,
    parse_day,
    source_name,
    write_text_file,
)
from domain.models import Problem
from domain.parse import InputError, dump

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL",
        help="Database URL (default: SCHEDSOLVE_DATABASE_URL, else sqlite:///schedsolve.db).",
    ),
]
DateOption = Annotated[datetime, typer.Option(parser=parse_day, metavar="YYYY-MM-DD")]

db_app = typer.Typer(no_args_is_help=True, help="Manage the database (schema migrations).")


def database_url(db: str | None) -> str:
    """``--db`` if given, else the settings' URL."""
    from adapters.config import get_settings

    return db or get_settings().database_url


@contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Turn a database error (bad URL, server down, no tables) into :class:`BadInput`."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from adapters.db import safe_url

    try:
        shown = safe_url(url)
    except ArgumentError:
        raise BadInput(None, f"--db: '{url}' is not a database URL") from None
    try:
        yield
    except ArgumentError as exc:
        raise BadInput(None, f"--db: {shown}: {exc}") from None
    except SQLAlchemyError as exc:
        cause = getattr(exc, "orig", None) or exc
        first = str(cause).strip().splitlines()[0] if str(cause).strip() else type(cause).__name__
        raise BadInput(None, f"database {shown}: {first}") from None
    except ModuleNotFoundError as exc:
        raise BadInput(None, f"--db: {shown}: driver not installed ({exc.name})") from None


def _uow(url: str):
    from adapters.db import make_engine, session_factory
    from adapters.uow import SqlUnitOfWork

    return SqlUnitOfWork(session_factory(make_engine(url)))


def uow_factory(url: str):
    """A unit-of-work factory on ``url``, migrated first (the commands' database)."""
    from adapters.db import make_engine, session_factory, upgrade
    from adapters.uow import SqlUnitOfWork

    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    return lambda: SqlUnitOfWork(factory)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the database's tables or migrate them to the newest schema."""
    from adapters.db import current_revision, make_engine, safe_url, upgrade

    url = database_url(db)
    with bad_input_exits(), database_errors(url):
        engine = make_engine(url)
        try:
            upgrade(engine)
            revision = current_revision(engine)
        finally:
            engine.dispose()
    typer.echo(f"database {safe_url(url)} is at revision {revision} (head)")


def import_command(
    problem: Annotated[
        Path, typer.Argument(metavar="PROBLEM", help="schedule-problem/1 JSON file ('-' stdin).")
    ],
    repair: RepairOption = False,
    today: TodayOption = None,
    db: DbOption = None,
) -> None:
    """Load a problem file into its store (one transaction; migrates the database first).

    Employees and events are upserted by id; the file's time off, overrides,
    holidays, locked days and rotation exceptions replace the store's around the
    file's horizon, its rotations and settings replace the store's, and its
    existing assignments replace those of its events. Importing a file twice
    changes nothing. Events of the live schedule that the file cancels or
    re-dates, and events it adds, are reported; ``--repair`` answers them with
    a repair run (RULES.md §8).
    """
    from adapters.db import safe_url, upgrade

    url = database_url(db)
    with bad_input_exits():
        doc = load_problem_file(problem)
        with database_errors(url):
            upgrade(url)
            with _uow(url) as uow:
                before = stored_before(uow, doc.store, doc.horizon.start, doc.horizon.end)
                try:
                    uow.stores.save_problem(doc)
                except InputError as exc:
                    raise BadInput(source_name(problem), str(exc)) from None
                uow.commit()
    typer.echo(
        f"imported {source_name(problem)} into store {doc.store} of {safe_url(url)}:"
        f" {len(doc.employees)} employees, {len(doc.events)} events,"
        f" {len(doc.existing)} existing assignments"
    )
    late_change_repair(url, doc.store, before, doc.events, repair, today, source_name(problem))


RepairOption = Annotated[
    bool,
    typer.Option(
        "--repair",
        help="Answer events of the live schedule canceled, re-dated or added with a repair"
        " run (the fewest changes) instead of a full re-solve.",
    ),
]
TodayOption = Annotated[
    datetime | None,
    typer.Option(
        formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="The repair's today (default: today)."
    ),
]


def stored_before(uow, store: str, start: dt.date, end: dt.date) -> Problem | None:
    """The store's events and live schedule around a horizon before an import (None: new)."""
    from adapters.mapping import StoreNotFound

    try:
        return uow.stores.load_problem(store, start, end, dt.date.today())
    except (StoreNotFound, InputError):
        return None


def late_change_repair(url, store, before, events, repair, today, source) -> None:
    """Report what an import changed of the live schedule; with ``repair``, answer it."""
    from api.services.late_changes import late_changes, offer_repair

    changes = late_changes(before, events)
    if not changes:
        return
    if not repair:
        typer.echo(f"live schedule: {changes.summary()}; `--repair` offers a repair run")
        return
    from api.cli.repair_view import print_repair

    day = today.date() if today is not None else dt.date.today()
    with bad_input_exits(), database_errors(url):
        done = offer_repair(uow_factory(url), store, changes, today=day, source=source)
    if done is None:
        typer.echo(f"live schedule: {changes.summary()}; every day touched is past: no repair")
        return
    run, rr = done
    typer.echo(f"live schedule: {changes.summary()}; repair run {run.id} ({run.solver_status})")
    print_repair(rr, run.id)


def _weeks(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The Sunday-Saturday weeks that meet ``start..end``."""
    sunday = start - timedelta(days=(start.weekday() + 1) % 7)
    out = []
    while sunday <= end:
        out.append((sunday, sunday + timedelta(days=6)))
        sunday += timedelta(days=7)
    return out


def _load(uow, store: str, start: dt.date, end: dt.date, today: dt.date) -> Problem:
    from adapters.mapping import StoreNotFound

    try:
        return uow.stores.load_problem(store, start, end, today)
    except StoreNotFound as exc:
        raise BadInput(None, f"--store: {exc}") from None
    except InputError as exc:
        raise BadInput(None, f"cannot export: {exc}") from None


def export_command(
    store: Annotated[str, typer.Option("--store", help="Store id.")],
    start: Annotated[
        datetime,
        typer.Option("--from", parser=parse_day, metavar="YYYY-MM-DD", help="First day."),
    ],
    end: Annotated[
        datetime, typer.Option("--to", parser=parse_day, metavar="YYYY-MM-DD", help="Last day.")
    ],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Where to write ('-': stdout); with --weekly a directory.",
        ),
    ],
    today: Annotated[
        datetime | None,
        typer.Option(
            parser=parse_day,
            metavar="YYYY-MM-DD",
            help="The problem's today (default: the day before the horizon).",
        ),
    ] = None,
    weekly: Annotated[
        bool,
        typer.Option(
            "--weekly",
            help="One file per Sunday-Saturday week meeting --from..--to,"
            " named store-S-YYYY-MM-DD.json (the Sunday) in the -o directory.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Write a store's problem file for a horizon (or one per week) from the database.

    The file carries the events whose window meets the horizon widened by 28
    days each side, the calendar entries in that span, and the live schedule of
    those events as ``existing``.
    """
    url = database_url(db)
    first, last = start.date(), end.date()
    with bad_input_exits():
        if last < first:
            raise BadInput(None, f"--to: {last.isoformat()} is before --from {first.isoformat()}")
        if weekly:
            _export_weeks(url, store, first, last, today, output)
            return
        with database_errors(url), _uow(url) as uow:
            day = today.date() if today is not None else first - timedelta(days=1)
            problem = _load(uow, store, first, last, day)
        write_text_file(output, dump(problem))
    if str(output) != STDIN:
        typer.echo(
            f"wrote {output}: store {store}, {first.isoformat()}..{last.isoformat()},"
            f" {len(problem.employees)} employees, {len(problem.events)} events,"
            f" {len(problem.existing)} existing assignments"
        )


def _export_weeks(
    url: str, store: str, first: dt.date, last: dt.date, today: datetime | None, folder: Path
) -> None:
    if str(folder) == STDIN or folder.is_file():
        raise BadInput(source_name(folder), "--weekly writes into a directory; give one with -o")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(str(folder), f"cannot create the directory: {exc.strerror or exc}") from None
    written = []
    with database_errors(url), _uow(url) as uow:
        for sunday, saturday in _weeks(first, last):
            day = today.date() if today is not None else sunday - timedelta(days=1)
            problem = _load(uow, store, sunday, saturday, day)
            path = folder / f"store-{store}-{sunday.isoformat()}.json"
            write_text_file(path, dump(problem))
            written.append(path)
    typer.echo(f"wrote {len(written)} weekly files of store {store} into {folder}")
