"""The ``schedsolve`` command line (typer): the app, ``validate``, ``generate``, and
the registration of the commands that live in their own modules.

Exit codes and the shared helpers: :mod:`api.cli.common`.
"""

from __future__ import annotations

import json
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import (
    DEFAULT_MAX_BYTES,
    EXIT_CRITICAL,
    EXIT_OK,
    STDIN,
    BadInput,
    OneLineErrorGroup,
    bad_input_exits,
    load_problem_file,
    load_proposal_file,
    parse_day,
    set_max_bytes,
    source_name,
    write_text_file,
)
from domain.parse import InputError, dump

app = typer.Typer(
    cls=OneLineErrorGroup,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    help="Constraint-optimization scheduling for a warehouse club's event team.",
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"schedsolve {version('schedsolve')}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def main(
    max_bytes: Annotated[
        int,
        typer.Option(
            "--max-bytes",
            min=1,
            metavar="N",
            help="Most bytes a command reads from one input file (default: 5 MB, as the API).",
        ),
    ] = DEFAULT_MAX_BYTES,
    _version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Constraint-optimization scheduling for a warehouse club's event team.

    Exit codes: 0 ok, 1 critical findings (hard rules broken), 2 bad input.
    """
    from adapters import logs

    set_max_bytes(max_bytes)

    # JSON-line logs on stderr: warnings only, so a command's own output and its
    # one-line errors stay as they are (serve, nightly and worker log at INFO).
    logs.configure("WARNING")


@app.command()
def validate(
    problem: Annotated[
        Path,
        typer.Argument(metavar="PROBLEM", help="schedule-problem/1 JSON file ('-' reads stdin)."),
    ],
    proposal_file: Annotated[
        Path | None,
        typer.Option(
            "--proposal",
            "-p",
            metavar="PROPOSAL",
            help="schedule-proposal/1 JSON to judge; without it the problem's existing"
            " assignments are judged.",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a machine-readable JSON object.")
    ] = False,
) -> None:
    """Check a schedule against the rule book: findings, health score, per-day summary.

    Exit 0 when no hard rule is broken, 1 when there are critical findings,
    2 on bad input.
    """
    from api.cli import render
    from domain.validator import validate as run_validator

    with bad_input_exits():
        doc = load_problem_file(problem)
        proposal = None
        if proposal_file is not None:
            proposal = load_proposal_file(proposal_file, doc)
        try:
            report = run_validator(doc, proposal)
        except InputError as exc:
            # A proposal naming an event or employee the problem does not have.
            raise BadInput(source_name(proposal_file or problem), str(exc)) from None

    if as_json:
        typer.echo(json.dumps(render.report_json(report), indent=1))
    else:
        if proposal is None:
            what = f"existing assignments ({len(doc.existing)})"
        else:
            what = (
                f"proposal {source_name(proposal_file)} ({len(proposal.assignments)} assignments)"
            )
        heading = (
            f"{source_name(problem)}: store {doc.store},"
            f" {doc.horizon.start.isoformat()}..{doc.horizon.end.isoformat()};"
            f" judged: {what}"
        )
        render.print_report(render.console(), report, heading)
    raise typer.Exit(EXIT_CRITICAL if report.critical else EXIT_OK)


class Tightness(StrEnum):
    LOOSE = "loose"
    NORMAL = "normal"
    TIGHT = "tight"


_GENERATE_OPTIONS = ("employees", "weeks", "seed", "tightness", "start", "store")


def _option_message(message: str) -> str:
    """``employees: ...`` from the generator becomes ``--employees: ...``."""
    name, sep, rest = message.partition(":")
    if sep and name in _GENERATE_OPTIONS:
        return f"--{name}:{rest}"
    return f"cannot generate: {message}"


@app.command()
def generate(
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="FILE", help="Where to write ('-': stdout)."),
    ],
    employees: Annotated[int, typer.Option(help="Number of employees (at least 6).")] = 18,
    weeks: Annotated[int, typer.Option(help="Number of Sunday-Saturday weeks.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same store).")] = 0,
    tightness: Annotated[
        Tightness, typer.Option(case_sensitive=False, help="How hard the store is to staff.")
    ] = Tightness.NORMAL,
    start: Annotated[
        datetime | None,
        typer.Option(
            parser=parse_day, metavar="YYYY-MM-DD", help="First day of the horizon (a Sunday)."
        ),
    ] = None,
    store: Annotated[str | None, typer.Option(help="Store number.")] = None,
) -> None:
    """Write a synthetic store's schedule-problem/1 file (deterministic per seed)."""
    from domain.generator import generate as make_problem

    with bad_input_exits():
        try:
            problem = make_problem(
                employees=employees,
                weeks=weeks,
                seed=seed,
                tightness=tightness.value,
                start=start.date() if start is not None else None,
                store=store,
            )
        except ValueError as exc:  # includes InputError
            raise BadInput(None, _option_message(str(exc))) from None
        write_text_file(output, dump(problem))
    if str(output) != STDIN:
        typer.echo(
            f"wrote {output}: store {problem.store}, {len(problem.employees)} employees,"
            f" {len(problem.events)} events, {problem.horizon.start.isoformat()}.."
            f"{problem.horizon.end.isoformat()}"
        )


# Commands that live in their own modules; imported last because they use the
# helpers above.
from api.cli.bench import bench_command  # noqa: E402
from api.cli.db import db_app, export_command, import_command  # noqa: E402
from api.cli.runs import (  # noqa: E402
    approve_command,
    demo_command,
    reject_command,
    review_command,
    run_command,
    runs_command,
)
from api.cli.solve import solve_command  # noqa: E402

app.command("solve")(solve_command)
app.add_typer(db_app, name="db")
app.command("import")(import_command)
app.command("export")(export_command)
app.command("bench")(bench_command)
app.command("demo")(demo_command)
app.command("run")(run_command)
app.command("runs")(runs_command)
app.command("review")(review_command)
app.command("approve")(approve_command)
app.command("reject")(reject_command)
from api.cli.csv_import import import_csv_command  # noqa: E402

app.command("import-csv")(import_csv_command)
from api.cli.serve import keys_app, serve_command  # noqa: E402

app.command("serve")(serve_command)
app.add_typer(keys_app, name="keys")
from api.cli.nightly import nightly_command, worker_command  # noqa: E402

app.command("nightly")(nightly_command)
app.command("worker")(worker_command)
from api.cli.report import report_command  # noqa: E402

app.command("report")(report_command)
from api.cli.explain import explain_command  # noqa: E402

app.command("explain")(explain_command)
from api.cli.publish import feeds_app, hooks_app, sender_command, sync_app  # noqa: E402

app.add_typer(feeds_app, name="feeds")
app.add_typer(hooks_app, name="hooks")
app.add_typer(sync_app, name="sync")
app.command("sender")(sender_command)
from api.cli.callout import callout_command  # noqa: E402

app.command("callout")(callout_command)

if __name__ == "__main__":
    app()
