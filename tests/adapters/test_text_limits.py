"""Regression tests of issue 10, defect 5: one set of text limits, the same on both databases.

Before the fix a 1 MB employee name or store id, or a NUL in an id, imported
on SQLite, while PostgreSQL answered exit 2 with "value too long for type
character varying(200)" naming neither file nor field. The limits now live in
the models (``domain.models``: ids 64, store ids 32, names and products 200,
event names 300 characters; no control characters), within the columns of
``adapters/orm.py``, so both databases refuse the same files with the field.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import String

from adapters import orm
from domain import models
from tests.adapters.helpers import EXAMPLES, row_counts_at
from tests.adapters.test_cli_db import run


def small_week() -> dict:
    return json.loads((EXAMPLES / "small-week.json").read_text(encoding="utf-8"))


def _set(path: str, value: str):
    def change(doc: dict) -> None:
        *parents, last = path.split(".")
        target = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return change


CASES = {
    "employee name of 1 MB": (_set("employees.0.name", "x" * 1_000_000), "employees[0].name"),
    "store id of 1 MB": (_set("store", "9" * 1_000_000), "store"),
    "NUL in an employee id": (_set("employees.0.id", "E\x0001"), "employees[0].id"),
    "NUL in the store id": (_set("store", "59\x0079"), "store"),
    "event id of 65": (_set("events.0.id", "1" * 65), "events[0].id"),
    "product of 201": (_set("events.0.product", "p" * 201), "events[0].product"),
    "event name of 301": (_set("events.0.name", "n" * 301), "events[0].name"),
    "a tab in a holiday name": (_set("holidays.0.name", "New\tYear"), "holidays[0].name"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_defect5_a_too_long_or_control_character_text_is_refused_alike_naming_the_field(
    migrated_url: str, tmp_path: Path, case: str
) -> None:
    change, field = CASES[case]
    doc = small_week()
    doc.setdefault("holidays", []).append({"date": "2026-02-10", "name": "Closed"})
    change(doc)
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run("import", path, "--db", migrated_url)
    assert result.exit_code == 2, result.stdout
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {path}: {field}: "), result.stderr[:300]
    assert set(row_counts_at(migrated_url).values()) == {0}


def test_defect5_texts_at_the_limits_import_on_both_databases(migrated_url, tmp_path):
    doc = small_week()
    doc["store"] = "9" * models.MAX_STORE_ID
    doc["employees"][0]["name"] = "ñ" * models.MAX_NAME
    doc["events"][0]["name"] = "é" * models.MAX_EVENT_NAME
    doc["events"][0]["product"] = "p" * models.MAX_NAME
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run("import", path, "--db", migrated_url)
    assert result.exit_code == 0, result.stderr


def test_defect5_the_limits_fit_the_database_columns() -> None:
    def width(column) -> int:
        assert isinstance(column.type, String)
        return column.type.length

    store = orm.StoreRow.__table__.c
    employee, event = orm.EmployeeRow.__table__.c, orm.EventRow.__table__.c
    assert width(store.id) >= models.MAX_STORE_ID
    assert min(width(employee.code), width(event.code), width(event.pairs_with)) >= models.MAX_ID
    assert min(width(employee.name), width(event.product)) >= models.MAX_NAME
    assert width(orm.HolidayRow.__table__.c.name) >= models.MAX_NAME
    assert width(event.name) >= models.MAX_EVENT_NAME
    assert width(event.condition) >= models.MAX_CONDITION
