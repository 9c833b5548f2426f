"""What every ``schedsolve`` command shares: exit codes, one-line errors, file I/O.

This module imports no command, so each command module can import it.

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

import datetime as dt
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup

from domain.models import Problem, Proposal
from domain.parse import InputError, parse_problem, parse_proposal

EXIT_OK = 0
EXIT_CRITICAL = 1
EXIT_BAD_INPUT = 2

#: Path argument meaning "read standard input".
STDIN = "-"

#: Most bytes a file read takes (the HTTP API's body limit); ``--max-bytes`` changes it.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
_limits = {"max_bytes": DEFAULT_MAX_BYTES}


def set_max_bytes(max_bytes: int) -> None:
    """Cap every later file read of this process at ``max_bytes`` bytes."""
    _limits["max_bytes"] = max_bytes


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

    At most ``--max-bytes`` (default :data:`DEFAULT_MAX_BYTES`) are read, so a
    device such as ``/dev/zero`` or an endless pipe is refused, not read forever.

    Raises
    ------
    BadInput
        Missing file, a directory, unreadable, over the size limit, or not UTF-8 text.
    """
    name = source_name(path)
    limit = _limits["max_bytes"]
    try:
        if str(path) == STDIN:
            raw = sys.stdin.buffer.read(limit + 1)
        else:
            path = Path(path)
            if path.is_dir():
                raise BadInput(name, f"is a directory, not a {kind} file")
            with path.open("rb") as stream:
                raw = stream.read(limit + 1)
    except FileNotFoundError:
        raise BadInput(name, "file not found") from None
    except IsADirectoryError:
        raise BadInput(name, f"is a directory, not a {kind} file") from None
    except PermissionError:
        raise BadInput(name, "cannot read the file: permission denied") from None
    except OSError as exc:
        raise BadInput(name, f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise BadInput(name, f"the file is over the limit of {limit} bytes (see --max-bytes)")
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


def parse_day(value: str) -> datetime:
    """A ``YYYY-MM-DD`` option value (``typer.Option(parser=parse_day)``), at midnight.

    Raises
    ------
    typer.BadParameter
        Not written as a date, no such date (``2026-02-30``), or outside 2000..2100.
    """
    from domain.models import FIRST_DATE, LAST_DATE

    found = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value.strip())
    if found is None:
        raise typer.BadParameter(f"'{value}' is not a date as YYYY-MM-DD")
    try:
        day = dt.date(*(int(part) for part in found.groups()))
    except ValueError:
        raise typer.BadParameter(f"{value}: no such date") from None
    if not FIRST_DATE <= day <= LAST_DATE:
        raise typer.BadParameter(f"{value} is outside {FIRST_DATE} to {LAST_DATE}")
    return datetime(day.year, day.month, day.day)


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
