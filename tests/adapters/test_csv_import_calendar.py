"""``import-csv`` of time off and availability overrides: checked rows, merged once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from adapters.csv_import import import_csv
from adapters.csv_table import parse_datetime
from tests.adapters.csv_helpers import (
    STORE,
    error_of,
    load,
    store_with_staff,
)

# --- time off and availability ----------------------------------------------------


def test_time_off_naming_an_unknown_employee_is_reported(uow_factory: Callable) -> None:
    store_with_staff(uow_factory)
    text = (
        "employee,start,end\n"
        "E001,2026-03-02,2026-03-03\n"
        "E999,2026-03-02,2026-03-03\n"
        "E002,2026-03-05,2026-03-04\n"
        "E001,2026-03-02,2026-03-03\n"
    )
    error = error_of(lambda: import_csv(uow_factory(), "time-off", text, STORE, "off.csv"))
    assert error.rows == [
        "off.csv:3: employee: unknown employee 'E999' (not in the store)",
        "off.csv:4: end: 2026-03-04 is before start 2026-03-05",
        "off.csv:5: start: time off of 'E001' 2026-03-02..2026-03-03 is already on line 2",
    ]
    assert load(uow_factory).time_off == []


def test_time_off_is_added_once(any_uow_factory: Callable) -> None:
    store_with_staff(any_uow_factory)
    text = "employee,start,end\nE001,2026-03-02,2026-03-03\nE002,2026-03-04,2026-03-04\n"
    first = import_csv(any_uow_factory(), "time-off", text, STORE, "off.csv")
    assert first.message == "imported 2 time off entries into store 8135"
    again = import_csv(any_uow_factory(), "time-off", text, STORE, "off.csv")
    assert again.message == "imported 0 time off entries into store 8135 (2 already there, skipped)"
    assert [(t.employee, t.start) for t in load(any_uow_factory).time_off] == [
        ("E001", dt.date(2026, 3, 2)),
        ("E002", dt.date(2026, 3, 4)),
    ]


def test_availability_overrides_replace_the_same_day(any_uow_factory: Callable) -> None:
    store_with_staff(any_uow_factory)
    import_csv(
        any_uow_factory(),
        "availability",
        "employee,date,available\nE001,2026-03-05,no\nE002,2026-03-05,no\n",
        STORE,
        "a.csv",
    )
    result = import_csv(
        any_uow_factory(),
        "availability",
        "employee,date,available\nE001,2026-03-05,yes\n",
        STORE,
        "b.csv",
    )
    assert "1 replacing an override of the same day" in result.message
    assert {(o.employee, o.available) for o in load(any_uow_factory).availability_overrides} == {
        ("E001", True),
        ("E002", False),
    }
    error = error_of(
        lambda: import_csv(
            any_uow_factory(),
            "availability",
            "employee,date,available\nE001,03/05/2026,nope\n",
            STORE,
            "c.csv",
        )
    )
    assert error.rows == [
        "c.csv:2: date: '03/05/2026' is not a date as YYYY-MM-DD; available: 'nope' is not a"
        " yes/no value (true/false, yes/no, y/n, 1/0)"
    ]


def test_other_kinds_need_an_existing_store(any_uow_factory: Callable) -> None:
    error = error_of(
        lambda: import_csv(
            any_uow_factory(),
            "time-off",
            "employee,start,end\nE1,2026-03-02,2026-03-03\n",
            "4711",
            "off.csv",
        )
    )
    assert error.message == ("store 4711 not found; import its employees first (nothing imported)")


def test_datetimes_with_an_offset_are_refused() -> None:
    with pytest.raises(ValueError, match="UTC offset"):
        parse_datetime("2026-03-02T10:00:00+01:00")
    with pytest.raises(ValueError, match="not a date"):
        parse_datetime("2026-03-02T10")
