"""The nightly batch on the command line: ``schedsolve nightly`` and ``schedsolve worker``.

Thin wrappers over :mod:`api.services.nightly` and :mod:`adapters.celery_app`.
Exit codes: ``0`` every store solved or skipped (another nightly had it),
``1`` some store failed or was interrupted, ``2`` bad input (one line).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from api.cli import render
from api.cli.common import BadInput, bad_input_exits, parse_day
from api.cli.db import DbOption, database_errors, database_url
from api.cli.solve import PriorityModeOpt, mode_of

STATUS_STYLE = {
    "succeeded": "green",
    "failed": "bold red",
    "interrupted": "bold red",
    "cancelled": "yellow",
    "skipped": "yellow",
    "running": "cyan",
    "queued": "dim",
    "waiting": "dim",
}


def _num(value: float | None, fmt: str = ",.0f") -> str:
    return "-" if value is None else format(value, fmt)


def _live_table(outcomes) -> Table:
    t = Table(title="nightly", title_justify="left", box=None, pad_edge=False)
    for col in ("store", "run", "status", "objective", "gap", "seconds"):
        t.add_column(
            col, justify="right" if col in ("run", "objective", "gap", "seconds") else "left"
        )
    for o in outcomes:
        style = STATUS_STYLE.get(o.status, "")
        t.add_row(
            o.store,
            _num(o.run_id, "d"),
            f"[{style}]{o.status}[/]" if style else o.status,
            _num(o.objective),
            "-" if o.gap is None else f"{o.gap:.2%}",
            _num(o.solve_seconds, ".1f"),
        )
    return t


def summary_table(report) -> render.Fitting:
    """The end-of-night table: one row per store.

    Every cell but the store id is kept whole (``no_wrap``): where one line per
    store does not fit (80 columns) the horizon's two dates go on two lines.
    The notes (errors, why a store was skipped) are free text of any length:
    :func:`print_notes` prints them under the table.
    """
    return render.Fitting(_summary(report, stacked=False), _summary(report, stacked=True))


def _summary(report, stacked: bool) -> Table:
    t = render.compact_table(f"Nightly {report.today} (+{report.horizon_days} days, {report.mode})")
    t.add_column("store", overflow="fold")
    t.add_column("run", justify="right", no_wrap=True)
    t.add_column("horizon", no_wrap=True)
    t.add_column("status", no_wrap=True)
    # On one line this header alone is wider than its numbers by nine columns.
    header = "assigned/\nunscheduled" if stacked else "assigned/unscheduled"
    t.add_column(header, justify="right", no_wrap=True)
    for col in ("objective", "solve s", "wall s"):
        t.add_column(col, justify="right", no_wrap=True)
    for o in report.outcomes:
        counts = (
            "-"
            if o.assigned is None
            else f"{o.assigned}/{o.unscheduled if o.unscheduled is not None else '-'}"
        )
        t.add_row(
            o.store,
            _num(o.run_id, "d"),
            render.span(*o.horizon, stacked=stacked) if o.horizon else "-",
            Text(o.status, style=STATUS_STYLE.get(o.status, "")),
            counts,
            _num(o.objective),
            _num(o.solve_seconds, ".1f"),
            _num(o.wall_seconds, ".1f"),
        )
    return t


def print_notes(out: Console, report) -> None:
    """One paragraph per store with a note, wrapped at words: ``N2 failed: <error>``."""
    for o in report.outcomes:
        if o.note:
            out.print(Text(f"{o.store} {o.status}: {o.note}"))


def _stores(value: str) -> list[str] | None:
    if value.strip().lower() == "all":
        return None
    names = [s.strip() for s in value.split(",") if s.strip()]
    if not names:
        raise BadInput(None, "--stores: give 'all' or store ids separated by commas")
    return names


def nightly_command(
    stores: Annotated[
        str, typer.Option(metavar="all|S,S2", help="Stores to solve: 'all' or ids by commas.")
    ] = "all",
    horizon_days: Annotated[
        int, typer.Option(min=1, max=366, help="Days in each store's horizon.")
    ] = 14,
    today: Annotated[
        datetime | None,
        typer.Option(
            parser=parse_day,
            metavar="YYYY-MM-DD",
            help="The night's date (default: today). The horizon starts buffer_days later.",
        ),
    ] = None,
    time_limit: Annotated[float, typer.Option(min=0.1, help="Seconds per store's solve.")] = 10.0,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Search workers per solve.")] = 2,
    parallel: Annotated[
        int, typer.Option(min=1, max=64, help="Stores solved at once (local pool).")
    ] = 2,
    seed: Annotated[int, typer.Option(help="Random seed of each solve.")] = 0,
    priority_mode: Annotated[
        PriorityModeOpt | None,
        typer.Option(
            "--priority-mode",
            case_sensitive=False,
            help="weighted or strict (RULES.md §4); default: the store's setting.",
        ),
    ] = None,
    local: Annotated[
        bool,
        typer.Option(
            "--local", help="Solve in local processes even when SCHEDSOLVE_BROKER_URL is set."
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Solve the coming horizon of each store into a pending nightly run.

    Each store: horizon = --horizon-days days from today + the store's
    buffer_days (default 3); solved in its own process (--parallel at once),
    or as a Celery task when SCHEDSOLVE_BROKER_URL is set. One nightly per
    store at a time: a store another nightly holds is skipped. Re-running the
    same night supersedes the earlier pending run. Exit 1 if a store failed.
    """
    from adapters import logs
    from adapters.celery_app import BrokerUnreachable, broker_url
    from adapters.db import upgrade
    from adapters.locks import lock_dir
    from api.services.nightly import UnknownStores, run_nightly
    from api.services.runs import SolveParams

    logs.configure("INFO")  # one event per store outcome and interruption, on stderr
    url = database_url(db)
    broker = None if local else broker_url()
    out = render.console()
    with bad_input_exits(), database_errors(url):
        names = _stores(stores)
        if url.startswith("sqlite") and lock_dir(url) is None:
            raise BadInput(
                None,
                "--db: nightly solves in other processes: use a SQLite file"
                " or PostgreSQL, not an in-memory database",
            )
        upgrade(url)
        with Live(_live_table([]), console=out, refresh_per_second=4, transient=True) as live:
            try:
                report = run_nightly(
                    url,
                    stores=names,
                    horizon_days=horizon_days,
                    today=today.date() if today is not None else None,
                    params=SolveParams(
                        time_limit=time_limit,
                        workers=workers,
                        seed=seed,
                        priority_mode=mode_of(priority_mode),
                    ),
                    parallel=parallel,
                    broker_url=broker,
                    on_update=lambda outcomes: live.update(Group(_live_table(outcomes))),
                )
            except (UnknownStores, BrokerUnreachable, ValueError) as exc:
                raise BadInput(None, str(exc)) from None
    out.print(summary_table(report))
    print_notes(out, report)
    done = sum(o.status == "succeeded" for o in report.outcomes)
    skipped = sum(o.status == "skipped" for o in report.outcomes)
    out.print(
        f"{done} succeeded, {len(report.failed)} failed, {skipped} skipped"
        f" in {report.wall_seconds:.1f} s"
        + (
            f"; earlier runs marked interrupted: {', '.join(map(str, report.interrupted))}"
            if report.interrupted
            else ""
        )
    )
    raise typer.Exit(report.exit_code)


def worker_command(
    concurrency: Annotated[
        int, typer.Option(min=1, max=64, help="Solves at once in this worker.")
    ] = 2,
    broker: Annotated[
        str | None, typer.Option(metavar="URL", help="Broker URL (default: SCHEDSOLVE_BROKER_URL).")
    ] = None,
    loglevel: Annotated[str, typer.Option(help="Celery log level.")] = "INFO",
) -> None:
    """Start a Celery worker that solves the nightly's per-store tasks."""
    from adapters import logs
    from adapters.celery_app import BrokerUnreachable, broker_url, check_broker
    from api.worker import serve

    logs.configure("INFO")
    url = broker or broker_url()
    with bad_input_exits():
        if not url:
            raise BadInput(
                None,
                "--broker: no broker; set SCHEDSOLVE_BROKER_URL (e.g. redis://127.0.0.1:6379/0)",
            )
        try:
            check_broker(url)
        except BrokerUnreachable as exc:
            raise BadInput(None, str(exc)) from None
    serve(concurrency, url, loglevel)
