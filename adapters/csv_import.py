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
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from adapters.csv_rows import Items, bad_rows, parse_rows
from adapters.csv_table import ColumnSpec, CsvImportError, Table, read_table
from adapters.mapping import StoreNotFound
from adapters.mapping_rows import WEEKDAYS
from domain.models import (
    FIRST_DATE,
    LAST_DATE,
    Horizon,
    Problem,
    Settings,
)
from domain.parse import InputError, describe

__all__ = ["KINDS", "CsvImportError", "ImportResult", "import_csv", "import_table", "read_csv"]

#: The horizon a store is loaded and saved with: every date a document may hold.
ALL_TIME = Horizon(start=FIRST_DATE, end=LAST_DATE)

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
                    f"store {store} not found; import its employees first (nothing imported)"
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
            f"{bad_rows(1)}; nothing imported", [f"{source}:{line}: {column or 'row'}: {problem}"]
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
