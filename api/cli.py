"""The ``schedsolve`` command line (typer).

Exit codes, shared by every command:

- ``0`` success (``validate``: no critical finding);
- ``1`` the schedule breaks a hard rule (``validate``: critical findings);
- ``2`` bad input: a missing/unreadable/malformed file or a bad option value.
  Exactly one line goes to stderr, ``error: FILE: FIELD: what is wrong``;
  never a traceback.

Commands read files through :func:`load_problem_file` /
:func:`load_proposal_file`, which raise :class:`BadInput`; wrap a command body
in ``with bad_input_exits():`` to turn that into exit code 2.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from domain.models import Problem, Proposal
from domain.parse import InputError, dump, parse_problem, parse_proposal

EXIT_OK = 0
EXIT_CRITICAL = 1
EXIT_BAD_INPUT = 2

#: Path argument meaning "read standard input".
STDIN = "-"


class BadInput(Exception):
    """Bad input from the user: ``str(error)`` is one line, ``FILE: FIELD: problem``."""

    def __init__(self, source: str | None, message: str) -> None:
        super().__init__(message)
        self.source = source
        self.message = message

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def error_line(message: str) -> None:
    """Print ``error: message`` as a single line on stderr."""
    typer.echo(f"error: {_one_line(message)}", err=True)


def fail(error: BadInput | str) -> NoReturn:
    """Report bad input on one stderr line and exit with code 2."""
    error_line(str(error))
    raise typer.Exit(EXIT_BAD_INPUT)


@contextmanager
def bad_input_exits() -> Iterator[None]:
    """Turn a :class:`BadInput` raised inside the block into exit code 2."""
    try:
        yield
    except BadInput as exc:
        fail(exc)


def source_name(path: Path | str) -> str:
    """How a path is named in messages (as the user gave it)."""
    return "<stdin>" if str(path) == STDIN else str(path)


def read_text_file(path: Path | str, kind: str = "JSON") -> str:
    """The UTF-8 text of ``path`` (``-``: standard input); ``kind`` names the format in errors.

    Raises
    ------
    BadInput
        Missing file, a directory, unreadable, or not UTF-8 text.
    """
    name = source_name(path)
    try:
        if str(path) == STDIN:
            raw = sys.stdin.buffer.read()
        else:
            path = Path(path)
            if path.is_dir():
                raise BadInput(name, f"is a directory, not a {kind} file")
            raw = path.read_bytes()
    except FileNotFoundError:
        raise BadInput(name, "file not found") from None
    except IsADirectoryError:
        raise BadInput(name, f"is a directory, not a {kind} file") from None
    except PermissionError:
        raise BadInput(name, "cannot read the file: permission denied") from None
    except OSError as exc:
        raise BadInput(name, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        # utf-8-sig: tolerate the byte-order mark some Windows editors write.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadInput(
            name,
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start});"
            f" save the file as UTF-8 {kind}",
        ) from None
    except ValueError as exc:  # pragma: no cover - defensive
        raise BadInput(name, str(exc)) from None


def load_problem_file(path: Path | str) -> Problem:
    """Read and parse a ``schedule-problem/1`` file.

    Raises
    ------
    BadInput
        One line naming the file, the field and the problem.
    """
    text = read_text_file(path)
    if not text.strip():
        raise BadInput(source_name(path), "the file is empty; expected a schedule-problem/1 JSON")
    try:
        return parse_problem(text)
    except InputError as exc:
        raise BadInput(source_name(path), str(exc)) from None


def load_proposal_file(path: Path | str, problem: Problem | None = None) -> Proposal:
    """Read and parse a ``schedule-proposal/1`` file; with ``problem``, check its store.

    Raises
    ------
    BadInput
        One line naming the file, the field and the problem (also when the
        proposal is for another store than the problem).
    """
    name = source_name(path)
    text = read_text_file(path)
    if not text.strip():
        raise BadInput(name, "the file is empty; expected a schedule-proposal/1 JSON")
    try:
        proposal = parse_proposal(text)
    except InputError as exc:
        raise BadInput(name, str(exc)) from None
    if problem is not None and proposal.store != problem.store:
        raise BadInput(
            name,
            f"store: the proposal is for store '{proposal.store}' but the problem is for"
            f" store '{problem.store}'",
        )
    return proposal


def write_text_file(path: Path | str, text: str) -> None:
    """Write ``text`` to ``path`` (``-``: standard output); ``BadInput`` if impossible."""
    if str(path) == STDIN:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    name = source_name(path)
    path = Path(path)
    if path.is_dir():
        raise BadInput(name, "is a directory; give a file name to write")
    try:
        path.write_text(text, encoding="utf-8")
    except FileNotFoundError:
        raise BadInput(name, f"cannot write: folder '{path.parent}' does not exist") from None
    except PermissionError:
        raise BadInput(name, "cannot write: permission denied") from None
    except OSError as exc:
        raise BadInput(name, f"cannot write: {exc.strerror or exc}") from None


def _base_class(exc_type: type, name: str) -> type:
    """The class called ``name`` among ``exc_type``'s bases.

    typer >= 0.2x vendors click (``typer._click``) while older typer uses
    ``click``; reaching the classes through typer's public ``BadParameter``
    works with both.
    """
    return next(c for c in exc_type.__mro__ if c.__name__ == name)


_ClickException: type = _base_class(typer.BadParameter, "ClickException")
_UsageError: type = _base_class(typer.BadParameter, "UsageError")
_NoArgsIsHelpError: type | None = getattr(
    sys.modules[_UsageError.__module__], "NoArgsIsHelpError", None
)


def _usage_message(exc: Any) -> str:
    # typer's value coercion wraps pydantic messages: drop their prefix.
    return str(exc.format_message()).replace("Value error, ", "")


class OneLineErrorGroup(TyperGroup):
    """A typer group whose usage errors are one ``error: ...`` line with exit code 2.

    Click (and typer's rich formatting) would print the usage, a hint and a
    boxed message over several lines; the CLI's contract is one line.
    """

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _ClickException as exc:
            if _NoArgsIsHelpError is not None and isinstance(exc, _NoArgsIsHelpError):
                typer.echo(exc.ctx.get_help())  # type: ignore[attr-defined]
            else:
                error_line(_usage_message(exc))
            sys.exit(exc.exit_code)  # type: ignore[attr-defined]
        except typer.Abort:
            error_line("aborted")
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else EXIT_OK)


app = typer.Typer(
    cls=OneLineErrorGroup,
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    help="Constraint-optimization scheduling for a warehouse club's event team.",
)


@app.callback()
def main() -> None:
    """Constraint-optimization scheduling for a warehouse club's event team.

    Exit codes: 0 ok, 1 critical findings (hard rules broken), 2 bad input.
    """
    from adapters import logs

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
    from api import render
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
            formats=["%Y-%m-%d"], metavar="YYYY-MM-DD", help="First day of the horizon (a Sunday)."
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
from api.cli_bench import bench_command  # noqa: E402
from api.cli_db import db_app, export_command, import_command  # noqa: E402
from api.cli_runs import (  # noqa: E402
    approve_command,
    demo_command,
    reject_command,
    review_command,
    run_command,
    runs_command,
)
from api.cli_solve import solve_command  # noqa: E402

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
from api.cli_csv import import_csv_command  # noqa: E402

app.command("import-csv")(import_csv_command)
from api.cli_serve import keys_app, serve_command  # noqa: E402

app.command("serve")(serve_command)
app.add_typer(keys_app, name="keys")
from api.cli_nightly import nightly_command, worker_command  # noqa: E402

app.command("nightly")(nightly_command)
app.command("worker")(worker_command)

if __name__ == "__main__":
    app()
