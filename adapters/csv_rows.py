"""CSV rows into domain values: one parser per kind, every bad row collected.

:func:`parse_rows` ``(kind, table, current) -> Items`` turns a checked
:class:`~adapters.csv_table.Table` of ``kind`` (see :mod:`adapters.csv_import`
for the kinds and their columns) into ``(line, domain value)`` pairs, or
raises one :class:`~adapters.csv_table.CsvImportError` listing every bad row
(duplicates within the file included).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from pydantic import ValidationError

from adapters.csv_table import CsvImportError, RowReader, Table, width_problem
from adapters.mapping_rows import WEEKDAYS
from domain.models import (
    AvailabilityOverride,
    Employee,
    Event,
    Problem,
    TimeOff,
    WeeklyAvailability,
)
from domain.rules import EventType, Role

__all__ = ["Items", "bad_rows", "parse_rows"]

M = TypeVar("M")


class _Rows:
    """The table's rows as :class:`RowReader` objects; keeps the problems of each bad row."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.bad: dict[int, list[tuple[str, str]]] = {}

    def __iter__(self) -> Iterator[RowReader]:
        for row in self.table.rows:
            reader = RowReader(row)
            wide = width_problem(row, len(self.table.columns))
            if wide:
                reader.bad("row", wide)
            yield reader
            if reader.problems:
                self.bad[row.line] = reader.problems

    def add(self, line: int, column: str, problem: str) -> None:
        self.bad.setdefault(line, []).append((column, problem))

    def error(self) -> CsvImportError:
        lines = [
            f"{self.table.source}:{line}: "
            + "; ".join(f"{col}: {problem}" for col, problem in problems)
            for line, problems in sorted(self.bad.items())
        ]
        return CsvImportError(f"{bad_rows(len(lines))}; nothing imported", lines)


def bad_rows(n: int) -> str:
    return f"{n} bad row{'' if n == 1 else 's'}"


#: Parsed rows: ``(line, domain value)``; employees also ``(line, value, weekly given)``.
Items = list[tuple[int, Any]]


def _build(reader: RowReader, model: type[M], **fields: Any) -> M | None:
    """``model(**fields)``, or ``None`` with the problem at its column (the models' limits)."""
    try:
        return model(**fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        column = str(first["loc"][0]) if first["loc"] else "row"
        reader.bad(column, first["msg"].removeprefix("Value error, "))
        return None


def _employees(rows: _Rows, current: Problem | None) -> Items:
    items: Items = []
    for reader in rows:
        emp_id = reader.text("id", required=True)
        role = reader.choice("role", Role, "role")
        active = reader.boolean("active", default=True)
        ended = reader.date("termination_date", required=False)
        days = {d: reader.cells.get(d, "") for d in WEEKDAYS}
        weekly = None
        if any(days.values()):
            empty = [d for d, v in days.items() if not v]
            if empty:
                reader.bad(
                    empty[0],
                    f"weekly availability needs all seven days (empty: {', '.join(empty)})",
                )
            else:
                flags = {d: reader.boolean(d) for d in WEEKDAYS}
                if None not in flags.values():
                    weekly = WeeklyAvailability(**flags)  # type: ignore[arg-type]
        if not reader.problems:
            employee = _build(
                reader,
                Employee,
                id=emp_id,
                name=reader.cells.get("name", ""),
                role=role,
                active=active,
                termination_date=ended,
                weekly_availability=weekly,
            )
            if employee is not None:
                items.append((reader.line, employee, weekly is not None))
    return items


def _events(rows: _Rows, current: Problem | None) -> Items:
    known = {r.cells.get("id", "") for r in rows.table.rows}
    known |= {e.id for e in current.events} if current is not None else set()
    items: Items = []
    for reader in rows:
        ev_id = reader.text("id", required=True)
        name = reader.text("name", required=True)
        etype = reader.choice("type", EventType, "event type", required=False)
        start = reader.datetime("start")
        due = reader.datetime("due", end_of_day=True)
        if start is not None and due is not None and due <= start:
            reader.bad("due", f"due {due.isoformat()} is not after start {start.isoformat()}")
        partner = reader.text("pairs_with")
        if partner is not None and partner not in known:
            reader.bad("pairs_with", f"'{partner}' is not an event of this file or the store")
        duration = reader.positive_int("duration_min")
        if not reader.problems:
            event = _build(
                reader,
                Event,
                id=ev_id,
                name=name,
                type=etype,
                start=start,
                due=due,
                condition=reader.text("condition") or "Unstaffed",
                product=reader.text("product"),
                pairs_with=partner,
                duration_min=duration,
            )
            if event is not None:
                items.append((reader.line, event))
    return items


def _staff_member(reader: RowReader, staff: set[str]) -> str | None:
    emp = reader.text("employee", required=True)
    if emp is not None and emp not in staff:
        reader.bad("employee", f"unknown employee '{emp}' (not in the store)")
    return emp


def _time_off(rows: _Rows, current: Problem | None) -> Items:
    items: Items = []
    staff = {e.id for e in current.employees} if current is not None else set()
    for reader in rows:
        emp = _staff_member(reader, staff)
        start, end = reader.date("start"), reader.date("end")
        if start is not None and end is not None and end < start:
            reader.bad("end", f"{end.isoformat()} is before start {start.isoformat()}")
        if not reader.problems:
            off = _build(reader, TimeOff, employee=emp, start=start, end=end)
            if off is not None:
                items.append((reader.line, off))
    return items


def _availability(rows: _Rows, current: Problem | None) -> Items:
    items: Items = []
    staff = {e.id for e in current.employees} if current is not None else set()
    for reader in rows:
        emp = _staff_member(reader, staff)
        day, available = reader.date("date"), reader.boolean("available")
        if not reader.problems:
            override = _build(
                reader, AvailabilityOverride, employee=emp, date=day, available=available
            )
            if override is not None:
                items.append((reader.line, override))
    return items


_PARSERS: dict[str, Callable[[_Rows, Problem | None], Items]] = {
    "employees": _employees,
    "events": _events,
    "time-off": _time_off,
    "availability": _availability,
}


def _key(kind: str, item: Any) -> tuple[tuple, str, str]:
    """``(key, column, description)`` by which two rows of a file are duplicates."""
    if kind == "time-off":
        return (
            (item.employee, item.start, item.end),
            "start",
            f"time off of '{item.employee}' {item.start}..{item.end}",
        )
    return (
        (item.employee, item.date),
        "date",
        f"an override of '{item.employee}' on {item.date.isoformat()}",
    )


def parse_rows(kind: str, table: Table, current: Problem | None) -> Items:
    """Every row as a domain value; :class:`CsvImportError` listing every bad row."""
    rows = _Rows(table)
    items = _PARSERS[kind](rows, current)
    if kind in ("employees", "events"):  # by the id cell, whether the rows are valid or not
        keyed = [
            (r.line, ((r.cells.get("id"),), "id", f"'{r.cells.get('id')}'"))
            for r in table.rows
            if r.cells.get("id")
        ]
    else:
        keyed = [(line, _key(kind, item)) for line, item in items]
    first: dict[tuple, int] = {}
    for line, (key, column, what) in keyed:
        if key in first:
            rows.add(line, column, f"{what} is already on line {first[key]}")
        else:
            first[key] = line
    if rows.bad:
        raise rows.error()
    return items
