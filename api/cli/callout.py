"""``schedsolve callout``: someone calls out; record it and show the repair (RULES.md §8).

Thin over :func:`api.services.callouts.call_out`; bad input (unknown store or
employee, dates out of order or in the past) is exit 2 with one line.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import typer

from api.cli import render
from api.cli.common import BadInput, bad_input_exits
from api.cli.db import DbOption, database_errors, database_url
from api.cli.repair_view import changes_table, footer
from api.cli.runs import _factory, _service_errors
from api.cli.solve import PriorityModeOpt, mode_of


def callout_command(
    store: Annotated[str, typer.Option(help="Store id.")],
    employee: Annotated[str, typer.Option(help="Who calls out (employee id).")],
    day: Annotated[datetime, typer.Option("--date", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD")],
    to: Annotated[
        datetime | None,
        typer.Option("--to", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Last day out."),
    ] = None,
    note: Annotated[str, typer.Option(help="Why (kept with the repair run).")] = "",
    today: Annotated[
        datetime | None,
        typer.Option(formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="Default: the date today."),
    ] = None,
    time_limit: Annotated[float, typer.Option(min=0.1)] = 5.0,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 2,
    priority_mode: Annotated[
        PriorityModeOpt | None,
        typer.Option("--priority-mode", case_sensitive=False, help="Default: the store's."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Record a call-out (time off) and solve a repair run over the weeks it touches."""
    from api.services.callouts import CallOut, CallOutError, call_out
    from api.services.runs import SolveParams

    url = database_url(db)
    first = day.date()
    last = to.date() if to is not None else first
    with bad_input_exits(), database_errors(url), _service_errors():
        factory = _factory(url)
        params = SolveParams(time_limit, workers, priority_mode=mode_of(priority_mode))
        try:
            with render.console().status("repairing…"):
                answer = call_out(
                    factory,
                    store,
                    CallOut(employee, first, last, note),
                    today=today.date() if today is not None else date.today(),
                    params=params,
                )
        except CallOutError as exc:
            option = {"start": "--date", "end": "--to"}.get(exc.field, f"--{exc.field}")
            raise BadInput(None, f"{option}: {str(exc).split(': ', 1)[1]}") from None
    out = render.console()
    out.print(
        f"{answer.employee} out {answer.start}..{answer.end}"
        + (f" ({answer.note})" if answer.note else "")
        + f": time off recorded; repair run {answer.run_id} ({answer.solver_status})"
    )
    out.print(changes_table("Taken by a colleague", answer.taken))
    if answer.unfilled:
        out.print(changes_table("Unfilled", answer.unfilled, why=True))
    if answer.stuck:
        out.print(
            changes_table("Locked: stays as it is (unlock it to repair)", answer.stuck, why=True)
        )
    if answer.also:
        out.print(changes_table("Also changes", answer.also))
    footer(answer.changes, answer.changes_bound, answer.changes_proven, answer.run_id)


__all__ = ["callout_command"]
