"""CSV imports into a store: employees, events, time off, availability overrides.

:func:`import_csv` ``(uow, kind, text, store, source) -> ImportResult`` (or
:func:`read_csv` then :func:`import_table`, to check the file before touching
the database). Every row is validated first and every bad row reported
(:class:`~adapters.csv_table.CsvImportError`, one line per row as
``FILE:LINE: column: problem``, the header being line 1); a single bad row means
nothing is imported. Otherwise the rows are merged into the store in one unit
of work and the merged store must still pass the problem cross-checks
(pairing, references); a failure there is reported the same way.

Kinds and columns (header names are matched without regard to case; ``*``
marks a required column; empty optional cells take the default):

``employees``
    ``id*, role*, name, active`` (default true), ``termination_date``
    (YYYY-MM-DD), ``sun mon tue wed thu fri sat`` (weekly availability, all
    seven columns or none; a row with all seven empty keeps the employee's
    current weekly availability). Upserted by id; creates the store (default
    settings) if it does not exist. An updated employee keeps the values of
    optional columns the file does not have.
``events``
    ``id*, name*, start*, due*, type`` (detected from the name when empty),
    ``condition`` (default Unstaffed), ``product, pairs_with, duration_min``.
    ``start``/``due`` are ISO datetimes or dates (a date-only start is 00:00, a
    date-only due 23:59). Upserted by id; an updated event keeps the values of
    optional columns the file does not have, and its schedule, and moves
    behind the store's other events.
``time-off``
    ``employee*, start*, end*`` (dates). Added; a range the employee already
    has is skipped.
``availability``
    ``employee*, date*, available*``. Added; replaces the employee's override(s)
    on the same date.

Booleans are ``true/false``, ``yes/no``, ``y/n`` or ``1/0``. Employees named by
time off and overrides must be in the store. The data is saved through
``uow.stores.save_problem`` with the store's whole calendar, so nothing of the
store is lost; schedules of events the file does not change are not touched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from adapters.csv_table import (
    ColumnSpec,
    CsvImportError,
    RowReader,
    Table,
    read_table,
    width_problem,
)
from adapters.mapping import WEEKDAYS, StoreNotFound
from domain.models import (
    FIRST_DATE,
    LAST_DATE,
    AvailabilityOverride,
    Employee,
    Event,
    Horizon,
    Problem,
    Settings,
    TimeOff,
    WeeklyAvailability,
)
from domain.parse import InputError, describe
from domain.rules import EventType, Role

__all__ = ["KINDS", "CsvImportError", "ImportResult", "import_csv", "import_table", "read_csv"]

#: The horizon a store is loaded and saved with: every date a document may hold.
ALL_TIME = Horizon(start=FIRST_DATE, end=LAST_DATE)

M = TypeVar("M")

SPECS: dict[str, ColumnSpec] = {
    "employees": ColumnSpec(("id", "role"), ("name", "active", "termination_date"), (WEEKDAYS,)),
    "events": ColumnSpec(
        ("id", "name", "start", "due"),
        ("type", "condition", "product", "pairs_with", "duration_min"),
    ),
    "time-off": ColumnSpec(("employee", "start", "end")),
    "availability": ColumnSpec(("employee", "date", "available")),
}
KINDS = tuple(SPECS)
_NOUNS = {
    "employees": ("employee", "employees"),
    "events": ("event", "events"),
    "time-off": ("time off entry", "time off entries"),
    "availability": ("availability override", "availability overrides"),
}


def _count(n: int, kind: str) -> str:
    one, many = _NOUNS[kind]
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class ImportResult:
    kind: str
    store: str
    rows: int
    new: int
    updated: int
    skipped: int = 0
    created_store: bool = False

    @property
    def message(self) -> str:
        """One line: ``imported 100 employees into store 8135 (100 new, 0 updated)``."""
        details = []
        if self.kind in ("employees", "events"):
            details.append(f"{self.new} new, {self.updated} updated")
        if self.kind == "availability" and self.updated:
            details.append(f"{self.updated} replacing an override of the same day")
        if self.skipped:
            details.append(f"{self.skipped} already there, skipped")
        if self.created_store:
            details.append("new store")
        detail = f" ({'; '.join(details)})" if details else ""
        done = _count(self.rows - self.skipped, self.kind)
        return f"imported {done} into store {self.store}{detail}"


def read_csv(kind: str, text: str, source: str) -> Table:
    """The file's rows, its header checked for ``kind`` (raises :class:`CsvImportError`)."""
    if kind not in SPECS:
        raise CsvImportError(f"unknown kind '{kind}' (expected one of {', '.join(KINDS)})")
    return read_table(text, source, SPECS[kind])


def import_csv(
    uow: Any, kind: str, text: str, store: str, source: str = "<csv>", today: dt.date | None = None
) -> ImportResult:
    """Read, validate and import a CSV text of ``kind`` into ``store`` (all or nothing)."""
    return import_table(uow, kind, read_csv(kind, text, source), store, today)


# --- rows -> domain values ------------------------------------------------------


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
        return CsvImportError(f"{_bad_rows(len(lines))}; nothing imported", lines)


def _bad_rows(n: int) -> str:
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


# --- merge and save ------------------------------------------------------------


def import_table(
    uow: Any, kind: str, table: Table, store: str, today: dt.date | None = None
) -> ImportResult:
    """Validate ``table``'s rows against the store and merge them in (one unit of work).

    Raises
    ------
    CsvImportError
        Bad rows, a missing store (other kinds than employees), stored data that
        does not load, or a merged store that breaks a cross-check. Nothing is
        written then.
    """
    today = today or dt.date.today()
    with uow:
        try:
            current = uow.stores.load_problem(store, ALL_TIME.start, ALL_TIME.end, today)
        except StoreNotFound:
            if kind != "employees":
                raise CsvImportError(
                    f"store '{store}' is not in the database; import its"
                    " employees first (nothing imported)"
                ) from None
            current = None
        except InputError as exc:
            raise CsvImportError(f"cannot import into {exc} (nothing imported)") from None
        items = parse_rows(kind, table, current)
        merged, changed, result = _merge(kind, items, current, store, today, table)
        # Save the whole calendar (save_problem replaces it within the horizon)
        # but only the events the file changes, so other events' schedules stay.
        narrow = merged.model_copy(
            update={
                "events": [e for e in merged.events if e.id in changed],
                "existing": [a for a in merged.existing if a.event in changed],
            }
        )
        try:
            uow.stores.save_problem(narrow)
        except InputError as exc:
            raise CsvImportError(f"{table.source}: {exc} (nothing imported)") from None
        uow.commit()
    return result


#: Optional columns that an updated employee or event keeps when the file lacks them.
_OPTIONAL = {
    "employees": ("name", "active", "termination_date"),
    "events": ("type", "condition", "product", "pairs_with", "duration_min"),
}


def _merge(
    kind: str, items: Items, current: Problem | None, store: str, today: dt.date, table: Table
) -> tuple[Problem, set[str], ImportResult]:
    """The store's problem with the rows applied, the ids of new or changed events, counts."""
    source, columns = table.source, set(table.columns)
    base = current or Problem(
        format="schedule-problem/1",
        store=store,
        today=today,
        horizon=ALL_TIME,
        settings=Settings(),
        employees=[],
        events=[],
    )
    lists: dict[str, list] = {
        "employees": list(base.employees),
        "events": list(base.events),
        "time_off": list(base.time_off),
        "availability_overrides": list(base.availability_overrides),
    }
    origin: dict[tuple[str, int], int] = {}
    new = updated = skipped = 0
    changed: set[str] = set()
    if kind in ("employees", "events"):
        target = lists[kind]
        index = {x.id: i for i, x in enumerate(target)}
        for line, item, *extra in items:
            i = index.get(item.id)
            if i is None:
                index[item.id] = i = len(target)
                target.append(item)
                new += 1
            else:
                keep = {f: getattr(target[i], f) for f in _OPTIONAL[kind] if f not in columns}
                if extra and not extra[0]:  # no weekly availability given: keep the stored
                    keep["weekly_availability"] = target[i].weekly_availability
                item = item.model_copy(update=keep)
                updated += 1
                if target[i] == item:
                    origin[(kind, i)] = line
                    continue
                target[i] = item
            changed.add(item.id)
            origin[(kind, i)] = line
    elif kind == "time-off":
        have = set(lists["time_off"])
        for line, item in items:
            if item in have:
                skipped += 1
                continue
            origin[("time_off", len(lists["time_off"]))] = line
            lists["time_off"].append(item)
    else:
        dates = {(o.employee, o.date) for _, o in items}
        kept = [o for o in lists["availability_overrides"] if (o.employee, o.date) not in dates]
        updated = len({(o.employee, o.date) for o in lists["availability_overrides"]} & dates)
        lists["availability_overrides"] = kept
        for line, item in items:
            origin[("availability_overrides", len(kept))] = line
            kept.append(item)
    try:
        merged = Problem(
            format="schedule-problem/1",
            store=store,
            today=today,
            horizon=ALL_TIME,
            settings=base.settings,
            holidays=base.holidays,
            locked_days=base.locked_days,
            rotations=base.rotations,
            rotation_exceptions=base.rotation_exceptions,
            existing=base.existing,
            **lists,
        )
    except ValidationError as exc:
        raise _merged_error(describe(exc), origin, lists, source) from None
    result = ImportResult(
        kind=kind,
        store=store,
        rows=len(items),
        new=new,
        updated=updated,
        skipped=skipped,
        created_store=current is None,
    )
    return merged, changed if kind == "events" else set(), result


_PATH = re.compile(r"^(\w+)\[(\d+)\](?:\.(\w+))?:\s*(.*)$", re.S)


def _merged_error(
    message: str, origin: dict[tuple[str, int], int], lists: dict[str, list], source: str
) -> CsvImportError:
    """A cross-check failure of the merged store, named by the file's line if it can be."""
    match = _PATH.match(message)
    if match is None:
        return CsvImportError(
            f"{source}: the store would not be valid after this import:"
            f" {message} (nothing imported)"
        )
    coll, idx, column, problem = match.group(1), int(match.group(2)), match.group(3), match.group(4)
    line = origin.get((coll, idx))
    if line is not None:
        return CsvImportError(
            f"{_bad_rows(1)}; nothing imported", [f"{source}:{line}: {column or 'row'}: {problem}"]
        )
    item = lists.get(coll, [])[idx] if idx < len(lists.get(coll, [])) else None
    what = (
        f"the store's {coll[:-1]} '{item.id}'"
        if hasattr(item, "id")
        else f"the store's {coll}[{idx}]"
    )
    where = f"{what}, {column}" if column else what
    return CsvImportError(
        f"{source}: the store would not be valid after this import:"
        f" {where}: {problem} (nothing imported)"
    )
