"""``schedsolve import-csv KIND FILE --store S [--db URL]``.

Unlike the other commands, a file with bad rows gets one stderr line per bad
row (``FILE:LINE: column: problem``, the header being line 1) and then one
``error: N bad rows; nothing imported`` line; exit 2. Any other bad input (a
missing file, a bad header, an unknown store) is one ``error:`` line, exit 2.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import BadInput, bad_input_exits, read_text_file, source_name
from api.cli.db import (
    DbOption,
    RepairOption,
    TodayOption,
    database_errors,
    database_url,
    late_change_repair,
    stored_before,
)


class CsvKind(StrEnum):
    EMPLOYEES = "employees"
    EVENTS = "events"
    TIME_OFF = "time-off"
    AVAILABILITY = "availability"


def import_csv_command(
    kind: Annotated[
        CsvKind,
        typer.Argument(
            metavar="KIND",
            case_sensitive=False,
            help="employees | events | time-off | availability.",
        ),
    ],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="CSV file ('-' reads stdin).")],
    store: Annotated[str, typer.Option("--store", help="Store id.")],
    repair: RepairOption = False,
    today: TodayOption = None,
    db: DbOption = None,
) -> None:
    """Import employees, events, time off or availability overrides from a CSV file.

    Columns (header line first; * required): employees: id*, role*, name, active,
    termination_date, sun..sat (all seven or none); events: id*, name*, start*,
    due*, type, condition, product, pairs_with, duration_min (a date-only start
    is 00:00, a date-only due 23:59); time-off: employee*, start*, end*;
    availability: employee*, date*, available*. Employees and events are
    upserted by id, time off and overrides added. Every row is checked first:
    if any is bad, each is reported with its line and nothing is imported.
    Employees may create the store; the other kinds need an existing one.
    Events that cancel or re-date events of the live schedule, or add events,
    are reported; ``--repair`` answers them with a repair run (RULES.md §8).
    """
    from adapters.csv_import import ALL_TIME, CsvImportError, import_table, parse_rows, read_csv
    from adapters.db import make_engine, session_factory, upgrade
    from adapters.uow import SqlUnitOfWork

    url = database_url(db)
    name = source_name(file)
    with bad_input_exits():
        text = read_text_file(file, "CSV")
        try:
            table = read_csv(kind.value, text, name)
            with database_errors(url):
                upgrade(url)
                engine = make_engine(url)
                try:
                    before = None
                    if kind is CsvKind.EVENTS:
                        with SqlUnitOfWork(session_factory(engine)) as uow:
                            before = stored_before(uow, store, ALL_TIME.start, ALL_TIME.end)
                    result = import_table(
                        SqlUnitOfWork(session_factory(engine)), kind.value, table, store
                    )
                finally:
                    engine.dispose()
        except CsvImportError as exc:
            for line in exc.rows:
                typer.echo(line, err=True)
            raise BadInput(None, exc.message) from None
    typer.echo(result.message)
    if kind is CsvKind.EVENTS:
        # The events as stored now: a column the file lacks kept its stored value.
        ids = {item.id for _, item, *_ in parse_rows("events", table, before)}
        with bad_input_exits(), database_errors(url):
            engine = make_engine(url)
            try:
                with SqlUnitOfWork(session_factory(engine)) as uow:
                    after = stored_before(uow, store, ALL_TIME.start, ALL_TIME.end)
            finally:
                engine.dispose()
        events = [e for e in (after.events if after else []) if e.id in ids]
        late_change_repair(url, store, before, events, repair, today, name)
