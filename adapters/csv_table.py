"""Reading a CSV file into checked rows with their line numbers (all strings).

:func:`read_table` ``(text, source, spec) -> Table`` reads the text with
``csv.reader`` (every column as a string), checks the header against a
:class:`ColumnSpec` and gives each data row with the 1-based line of the file
it starts on (the header is line 1; a quoted value spanning lines counts all
of them). :class:`RowReader` turns one row's cells into values, collecting
every problem of the row as ``(column, problem)``.

Bad input raises :class:`CsvImportError`: ``message`` is the one-line error,
``rows`` the lines of the bad rows (``FILE:LINE: column: problem``), if any.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TRUE = frozenset({"true", "yes", "y", "1"})
FALSE = frozenset({"false", "no", "n", "0"})


class CsvImportError(ValueError):
    """Nothing was imported.

    ``message``: the final one-line error; ``rows``: one line per bad row,
    ``FILE:LINE: column: problem`` (empty for an error of the whole file).
    """

    def __init__(self, message: str, rows: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.rows = list(rows)

    def __str__(self) -> str:
        return "\n".join([*self.rows, self.message])


@dataclass(frozen=True)
class ColumnSpec:
    """The columns of one kind of CSV: required, optional, and all-or-none groups."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()

    @property
    def known(self) -> tuple[str, ...]:
        return self.required + self.optional + tuple(c for g in self.groups for c in g)


@dataclass
class Row:
    line: int
    cells: dict[str, str]
    #: Cells the line has; more than the header's columns is a bad row.
    width: int = 0


@dataclass
class Table:
    source: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)


def _records(text: str, source: str) -> list[tuple[int, list[str]]]:
    """``(first line, cells)`` of every record; a quoted value may span lines.

    ``csv.reader``'s ``line_num`` is the last line a record took, so a record
    starts one line after the previous one ended. An empty line is a record
    with no cells.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            out.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CsvImportError(f"{source}:{start}: not a readable CSV line ({exc})") from None
    return out


def read_table(text: str, source: str, spec: ColumnSpec) -> Table:
    """The rows of a CSV text whose header fits ``spec``.

    Header names are matched without regard to case or surrounding spaces.
    Cells are stripped; an empty cell and a missing one are both ``""``.
    Blank lines are skipped. A row with more cells than the header has is a
    bad row (reported with the others by the caller: see :func:`width_problem`).

    Raises
    ------
    CsvImportError
        An empty or unreadable file (an unclosed quote, text after a closing
        quote), or a header with a missing required column (or part of a
        column group), an unknown column or a column twice: one line naming
        the columns.
    """
    if not text.strip():
        raise CsvImportError(
            f"{source}: the file is empty; expected a header line ({', '.join(spec.required)}, ...)"
        )
    records = _records(text, source)
    header_line, header_cells = records[0]
    header = [h.strip().lower() for h in header_cells]
    for k, name in enumerate(header):
        if not name and any(len(cells) > k and cells[k].strip() for _, cells in records[1:]):
            raise CsvImportError(
                f"{source}:{header_line}: column {k + 1} has values but no name in the header"
            )
    _check_header([h for h in header if h], header_line, source, spec)
    table = Table(source, [h for h in header if h])
    for line, cells in records[1:]:
        if all(not c.strip() for c in cells):
            continue
        cells_by_name = {name: c.strip() for name, c in zip(header, cells, strict=False) if name}
        table.rows.append(Row(line, cells_by_name, len(cells)))
    return table


def _check_header(header: list[str], line: int, source: str, spec: ColumnSpec) -> None:
    problems: list[str] = []
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        problems.append(f"{', '.join(twice)}: column named twice")
    present = set(header)
    missing = [c for c in spec.required if c not in present]
    for group in spec.groups:
        if present & set(group) and not set(group) <= present:
            missing += [c for c in group if c not in present]
    if missing:
        what = "required column is missing" if len(missing) == 1 else "required columns are missing"
        problems.append(f"{', '.join(missing)}: {what}")
    unknown = [h for h in header if h not in spec.known]
    if unknown:
        what = "unknown column" if len(unknown) == 1 else "unknown columns"
        problems.append(f"{', '.join(unknown)}: {what} (expected {', '.join(spec.known)})")
    if problems:
        raise CsvImportError(f"{source}:{line}: {'; '.join(problems)}")


def width_problem(row: Row, columns: int) -> str | None:
    """What is wrong with a row that has more cells than the header, if it has."""
    if row.width <= columns:
        return None
    return (
        f"the line has {row.width} cells but the header has {columns} columns"
        " (a value with a comma needs double quotes)"
    )


class RowReader:
    """Typed access to one row's cells; each bad cell adds ``(column, problem)``."""

    def __init__(self, row: Row) -> None:
        self.line = row.line
        self.cells = row.cells
        self.problems: list[tuple[str, str]] = []

    def bad(self, column: str, problem: str) -> None:
        self.problems.append((column, problem))

    def text(self, column: str, required: bool = False) -> str | None:
        """The cell, or ``None`` when empty (a problem if ``required``)."""
        value = self.cells.get(column, "")
        if value:
            return value
        if required:
            self.bad(column, "a value is required")
        return None

    def _parse(self, column: str, required: bool, parse: Callable[[str], object]) -> object:
        value = self.text(column, required)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as exc:
            self.bad(column, str(exc))
            return None

    def date(self, column: str, required: bool = True) -> dt.date | None:
        return self._parse(column, required, parse_date)  # type: ignore[return-value]

    def datetime(self, column: str, end_of_day: bool = False) -> dt.datetime | None:
        return self._parse(
            column,
            True,  # type: ignore[return-value]
            lambda v: parse_datetime(v, end_of_day),
        )

    def boolean(self, column: str, default: bool | None = None) -> bool | None:
        """The yes/no cell; an empty one is ``default`` (``None``: a value is required)."""
        if not self.cells.get(column) and default is not None:
            return default
        return self._parse(column, True, parse_bool)  # type: ignore[return-value]

    def positive_int(self, column: str) -> int | None:
        return self._parse(column, False, parse_positive_int)  # type: ignore[return-value]

    def choice(self, column: str, enum: type[E], what: str, required: bool = True) -> E | None:
        return self._parse(
            column,
            required,  # type: ignore[return-value]
            lambda v: parse_choice(v, enum, what),
        )


def parse_date(value: str) -> dt.date:
    if not _DATE.match(value):
        raise ValueError(f"'{value}' is not a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a date on the calendar") from None


def parse_datetime(value: str, end_of_day: bool = False) -> dt.datetime:
    """An ISO local datetime, or a date: 00:00 of it (``end_of_day``: 23:59)."""
    if _DATE.match(value):
        day = parse_date(value)
        return dt.datetime.combine(day, dt.time(23, 59) if end_of_day else dt.time.min)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"'{value}' is not a date (YYYY-MM-DD) or a datetime (YYYY-MM-DDTHH:MM[:SS])"
        ) from None
    if not _DATE.match(value[:10]) or len(value) < 16:
        raise ValueError(
            f"'{value}' is not a date (YYYY-MM-DD) or a datetime (YYYY-MM-DDTHH:MM[:SS])"
        )
    if parsed.tzinfo is not None:
        raise ValueError(
            f"'{value}' has a UTC offset; give the store's wall-clock time without one"
        )
    return parsed


def parse_bool(value: str) -> bool:
    low = value.lower()
    if low in TRUE:
        return True
    if low in FALSE:
        return False
    raise ValueError(f"'{value}' is not a yes/no value (true/false, yes/no, y/n, 1/0)")


def parse_positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"'{value}' is not a whole number of minutes") from None
    if number <= 0:
        raise ValueError(f"{number} is not a positive number of minutes")
    return number


def parse_choice(value: str, enum: type[E], what: str) -> E:
    by_name = {m.value.lower(): m for m in enum}
    member = by_name.get(" ".join(value.lower().split()))
    if member is None:
        raise ValueError(
            f"unknown {what} '{value}' (expected one of {', '.join(m.value for m in enum)})"
        )
    return member


__all__ = [
    "ColumnSpec",
    "CsvImportError",
    "Row",
    "RowReader",
    "Table",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_positive_int",
    "read_table",
    "width_problem",
]
