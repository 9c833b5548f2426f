"""``schedsolve report review|weekly|daily|whatif|packet``: print a report to a PDF file.

Thin wrapper over :mod:`api.services.reports`; a missing run or store, or a
report that cannot be made as asked, is bad input (exit 2, one line).
"""

from __future__ import annotations

import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import BadInput, bad_input_exits, parse_day
from api.cli.db import DbOption, database_errors, database_url


def uow_factory(url: str):
    """A unit-of-work factory on the migrated database at ``url``."""
    from adapters.db import make_engine, session_factory, upgrade
    from adapters.uow import SqlUnitOfWork

    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    return lambda: SqlUnitOfWork(sessions)


class ReportKind(StrEnum):
    review = "review"
    weekly = "weekly"
    daily = "daily"
    whatif = "whatif"
    packet = "packet"


def report_command(
    kind: Annotated[ReportKind, typer.Argument(help="Which report.")],
    output: Annotated[
        Path, typer.Option("-o", "--output", help="The PDF file to write ('-': stdout).")
    ],
    run: Annotated[
        int | None, typer.Option("--run", help="Run id. Default: the store's latest run.")
    ] = None,
    store: Annotated[
        str | None, typer.Option(help="Store id. Default: the run's, else the only store.")
    ] = None,
    date: Annotated[
        datetime | None,
        typer.Option(
            parser=parse_day,
            metavar="YYYY-MM-DD",
            help="Day (daily, packet) or a day of the week (weekly). Default: the run's first day.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Print a report as PDF: run review, weekly or daily schedule, what-if, daily packet.

    The weekly and daily schedules and the packet show the live (approved)
    schedule; the review shows a run's proposal; whatif a what-if run.
    """
    from adapters.repository import NotFound
    from api.services import reports as svc

    url = database_url(db)
    day = date.date() if date else None
    with bad_input_exits(), database_errors(url):
        try:
            factory = uow_factory(url)
            if kind is ReportKind.review:
                pdf = svc.review_report(factory, run, store)
            elif kind is ReportKind.whatif:
                pdf = svc.whatif_report(factory, run, store)
            elif kind is ReportKind.weekly:
                pdf = svc.weekly_report(factory, store, day, run_id=run)
            elif kind is ReportKind.daily:
                pdf = svc.daily_report(factory, store, day, run_id=run)
            else:
                pdf = svc.packet_report(factory, store, day, run_id=run)
        except (NotFound, svc.ReportError) as exc:
            raise BadInput(None, str(exc)) from None
        if str(output) == "-":
            sys.stdout.buffer.write(pdf)
            return
        try:
            output.write_bytes(pdf)
        except OSError as exc:
            raise BadInput(str(output), exc.strerror or str(exc)) from None
    typer.echo(f"wrote {output} ({kind.value} report, {len(pdf) // 1024 + 1} KiB)")
