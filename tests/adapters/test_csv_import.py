"""``schedsolve import-csv``: every bad row reported with its line, all or nothing.

The import tests run on SQLite and PostgreSQL (``uow_factory``); those about
merge semantics also on the in-memory fakes (``any_uow_factory``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine

from adapters.csv_import import import_csv
from tests.adapters.csv_helpers import (
    STORE,
    employees_csv,
    error_of,
    load,
    store_with_staff,
)
from tests.adapters.helpers import example, row_counts

# --- employees -------------------------------------------------------------------


def test_a_valid_100_row_employees_csv_imports_100(uow_factory: Callable) -> None:
    result = import_csv(uow_factory(), "employees", employees_csv(), STORE, "staff.csv")
    assert result.message == (
        "imported 100 employees into store 8135 (100 new, 0 updated; new store)"
    )
    problem = load(uow_factory)
    assert [e.id for e in problem.employees] == [f"E{i:03d}" for i in range(1, 101)]
    e10 = problem.employees[9]
    assert (e10.role.value, e10.termination_date) == ("supervisor", dt.date(2026, 6, 30))
    assert problem.employees[24].active is False
    assert problem.employees[0].weekly_availability.sat is True
    assert problem.employees[1].weekly_availability.model_dump() == {
        "sun": False,
        "mon": True,
        "tue": True,
        "wed": True,
        "thu": True,
        "fri": True,
        "sat": False,
    }


def test_three_bad_rows_among_100_are_all_reported_and_nothing_is_imported(
    uow_factory: Callable, engine: Engine
) -> None:
    import_csv(uow_factory(), "employees", employees_csv(5), STORE, "first.csv")
    before, counts = load(uow_factory), row_counts(engine)
    text = employees_csv(
        100,
        bad={
            17: f"E016,Employee 16,lead,yes,2026-02-30,{'y,' * 6}y",
            42: f"E041,Employee 41,manager,yes,,{'y,' * 6}y",
            88: f"E010,Someone Else,lead,yes,,{'y,' * 6}y",
        },
    )
    error = error_of(lambda: import_csv(uow_factory(), "employees", text, STORE, "staff.csv"))
    assert error.rows == [
        "staff.csv:17: termination_date: '2026-02-30' is not a date on the calendar",
        "staff.csv:42: role: unknown role 'manager' (expected one of lead, specialist,"
        " supervisor, juicer)",
        "staff.csv:88: id: 'E010' is already on line 11",
    ]
    assert error.message == "3 bad rows; nothing imported"
    assert load(uow_factory) == before
    assert row_counts(engine) == counts


def test_every_problem_of_a_row_is_on_its_one_line(uow_factory: Callable) -> None:
    text = (
        "id,role,active,sun,mon,tue,wed,thu,fri,sat\n"
        ",boss,maybe,y,y,y,,y,y,y\n"
        "E2,lead,yes,y,y,y,y,y,y,perhaps\n"
    )
    error = error_of(lambda: import_csv(uow_factory(), "employees", text, STORE, "s.csv"))
    assert error.rows == [
        "s.csv:2: id: a value is required; role: unknown role 'boss' (expected one of lead,"
        " specialist, supervisor, juicer); active: 'maybe' is not a yes/no value (true/false,"
        " yes/no, y/n, 1/0); wed: weekly availability needs all seven days (empty: wed)",
        "s.csv:3: sat: 'perhaps' is not a yes/no value (true/false, yes/no, y/n, 1/0)",
    ]
    with uow_factory() as uow:
        assert uow.stores.get(STORE) is None


def test_line_numbers_count_quoted_line_breaks_and_blank_lines(uow_factory: Callable) -> None:
    text = 'id,name,role\nE1,"Ana\nRuiz",lead\n\nE2,Bo,clerk\n,,\nE3,Ruiz, Ana,lead\n'
    error = error_of(lambda: import_csv(uow_factory(), "employees", text, STORE, "s.csv"))
    # A line break inside quotes is one cell (line 2), refused in a name (issue 10, defect 5).
    assert [r.split(": ")[0] for r in error.rows] == ["s.csv:2", "s.csv:5", "s.csv:7"]
    assert "name: control character U+000A" in error.rows[0]
    assert "the line has 4 cells but the header has 3 columns" in error.rows[2]


def test_line_numbers_hold_for_windows_line_ends_and_a_quoted_crlf(uow_factory: Callable) -> None:
    text = 'id,name,role\r\nE1,"Ana\r\nRuiz",lead\r\n\r\nE2,Bo,clerk\r\n'
    error = error_of(lambda: import_csv(uow_factory(), "employees", text, STORE, "s.csv"))
    # The quoted CRLF is one cell of line 2, refused in a name (issue 10, defect 5).
    assert [r.split(": ")[0] for r in error.rows] == ["s.csv:2", "s.csv:5"]


def test_an_unclosed_quote_is_one_error_naming_the_line_it_opens_on() -> None:
    text = 'id,name,role\nE1,Ana,lead\nE2,"Bo,clerk\nE3,Cy,lead\n'
    error = error_of(lambda: import_csv(None, "employees", text, STORE, "s.csv"))
    assert error.rows == []
    assert error.message == "s.csv:3: not a readable CSV line (unexpected end of data)"


def test_upserting_employees_keeps_the_roster_and_weekly_availability_not_given(
    any_uow_factory: Callable,
) -> None:
    import_csv(any_uow_factory(), "employees", employees_csv(3), STORE, "a.csv")
    result = import_csv(
        any_uow_factory(),
        "employees",
        "id,name,role,active\nE002,Renamed,lead,no\nE009,New,juicer,\n",
        STORE,
        "b.csv",
    )
    assert result.message == "imported 2 employees into store 8135 (1 new, 1 updated)"
    staff = load(any_uow_factory).employees
    assert [e.id for e in staff] == ["E001", "E002", "E003", "E009"]
    assert (staff[1].name, staff[1].role.value, staff[1].active) == ("Renamed", "lead", False)
    assert staff[1].weekly_availability is not None  # kept from the first import
    assert staff[3].weekly_availability is None and staff[3].active is True


# --- header ----------------------------------------------------------------------


def test_a_missing_required_column_is_one_error_naming_it(uow_factory: Callable) -> None:
    text = "id,name,active\n" + "".join(f"E{i},N{i},yes\n" for i in range(50))
    error = error_of(lambda: import_csv(uow_factory(), "employees", text, STORE, "s.csv"))
    assert (error.rows, error.message) == ([], "s.csv:1: role: required column is missing")


def test_unknown_and_partial_columns_are_named_in_the_one_header_error(
    uow_factory: Callable,
) -> None:
    text = "id,role,colour,sun,mon\nE1,lead,red,y,y\n"
    error = error_of(lambda: import_csv(uow_factory(), "employees", text, STORE, "s.csv"))
    assert error.rows == []
    assert error.message.startswith(
        "s.csv:1: tue, wed, thu, fri, sat: required columns are missing;"
        " colour: unknown column (expected id, role, name,"
    )


def test_an_empty_file_is_an_error() -> None:
    error = error_of(lambda: import_csv(None, "employees", "\n", STORE, "s.csv"))
    assert error.message.startswith("s.csv: the file is empty")


# --- events ----------------------------------------------------------------------


def test_events_with_date_only_start_and_due(uow_factory: Callable) -> None:
    store_with_staff(uow_factory)
    text = (
        "id,name,type,start,due,condition,product,pairs_with,duration_min\n"
        "606001,606001-CORE-Demo Nurri Protein,,2026-03-01,2026-03-07,,Nurri,,\n"
        "606002,606001-Supervisor-Nurri Protein,,2026-03-01,2026-03-07,,,606001,\n"
        "606003,Freeosk Harvest Snaps,freeosk,2026-03-02T10:00,2026-03-02 12:30:00,"
        "Scheduled,,,45\n"
    )
    result = import_csv(uow_factory(), "events", text, STORE, "ev.csv")
    assert result.message == "imported 3 events into store 8135 (3 new, 0 updated)"
    events = {e.id: e for e in load(uow_factory).events}
    core = events["606001"]
    assert core.start == dt.datetime(2026, 3, 1, 0, 0)
    assert core.due == dt.datetime(2026, 3, 7, 23, 59)
    assert (core.type, core.condition, core.product) == (None, "Unstaffed", "Nurri")
    assert events["606002"].pairs_with == "606001"
    free = events["606003"]
    assert (free.type.value, free.due, free.duration_min) == (
        "Freeosk",
        dt.datetime(2026, 3, 2, 12, 30),
        45,
    )


def test_bad_event_rows_are_all_reported(uow_factory: Callable) -> None:
    store_with_staff(uow_factory)
    text = (
        "id,name,type,start,due,pairs_with,duration_min\n"
        "1,One,Core,2026-03-01,2026-03-07,,\n"
        "2,Two,Coffee,2026-03-01,2026-03-07,,\n"
        "3,Three,,2026-03-05,2026-03-04,,\n"
        "4,Four,,2026-03-01,2026-03-07,,-30\n"
        "5,Five,,2026-03-01T25:00,2026-03-07,,\n"
        "6,Six,Supervisor,2026-03-01,2026-03-07,99,\n"
        "1,Again,,2026-03-01,2026-03-07,,\n"
    )
    error = error_of(lambda: import_csv(uow_factory(), "events", text, STORE, "ev.csv"))
    assert [r.split(": ")[0:2] for r in error.rows] == [
        ["ev.csv:3", "type"],
        ["ev.csv:4", "due"],
        ["ev.csv:5", "duration_min"],
        ["ev.csv:6", "start"],
        ["ev.csv:7", "pairs_with"],
        ["ev.csv:8", "id"],
    ]
    assert "due 2026-03-04T23:59:00 is not after start 2026-03-05T00:00:00" in error.rows[1]
    assert "-30 is not a positive number of minutes" in error.rows[2]
    assert load(uow_factory).events == []


def test_a_cross_check_of_the_merged_store_names_the_line(uow_factory: Callable) -> None:
    store_with_staff(uow_factory)
    text = (
        "id,name,type,start,due,pairs_with\n"
        "1,606001-Freeosk-Thing,Freeosk,2026-03-01,2026-03-07,\n"
        "2,606001-Supervisor-Thing,Supervisor,2026-03-01,2026-03-07,1\n"
    )
    error = error_of(lambda: import_csv(uow_factory(), "events", text, STORE, "ev.csv"))
    assert error.rows == [
        "ev.csv:3: pairs_with: '1' is a Freeosk event; a Supervisor pairs with a Core"
    ]
    assert error.message == "1 bad row; nothing imported"


def test_events_merge_into_a_store_without_touching_its_other_data(
    any_uow_factory: Callable,
) -> None:
    problem = example("small-week.json")
    with any_uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()

    def snapshot() -> tuple:
        with any_uow_factory() as uow:
            p = uow.stores.load_problem(
                problem.store, problem.horizon.start, problem.horizon.end, problem.today
            )
            entries = uow.schedules.list(problem.store, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        return p, {e.event: e for e in entries}

    before, schedules = snapshot()
    moved = before.events[0]
    # No condition/product/... columns: updated events keep theirs.
    text = (
        "id,name,type,start,due\n"
        f"{moved.id},{moved.name},{moved.type},{moved.start.isoformat()},2026-02-14\n"
        f"{before.events[1].id},{before.events[1].name},,{before.events[1].start.date()},"
        f"{before.events[1].due.isoformat()}\n"
        "777001,777001-CORE-Demo New Thing,,2026-02-09,2026-02-13\n"
    )
    result = import_csv(any_uow_factory(), "events", text, problem.store, "ev.csv")
    assert result.message == f"imported 3 events into store {problem.store} (1 new, 2 updated)"
    after, schedules_after = snapshot()
    assert after.events[-1].id == "777001"
    assert next(e for e in after.events if e.id == moved.id).due == dt.datetime(2026, 2, 14, 23, 59)
    untouched = [e for e in before.events if e.id != moved.id]
    assert [e for e in after.events if e.id not in (moved.id, "777001")] == untouched
    assert (
        after.employees,
        after.time_off,
        after.availability_overrides,
        after.rotations,
        after.holidays,
        after.locked_days,
        after.settings,
    ) == (
        before.employees,
        before.time_off,
        before.availability_overrides,
        before.rotations,
        before.holidays,
        before.locked_days,
        before.settings,
    )
    assert after.existing == before.existing
    # Schedules of events the file did not change are the same rows.
    assert {k: v for k, v in schedules_after.items() if k != moved.id} == {
        k: v for k, v in schedules.items() if k != moved.id
    }


def test_a_new_event_that_breaks_a_stored_pairing_is_refused(any_uow_factory: Callable) -> None:
    problem = example("small-week.json")
    with any_uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    text = "id,name,start,due\n999,611347-CORE-Demo Kettle Again,2026-02-09,2026-02-12\n"
    error = error_of(lambda: import_csv(any_uow_factory(), "events", text, problem.store, "e.csv"))
    assert error.rows == []
    assert error.message.startswith(
        "e.csv: the store would not be valid after this import: the store's event '3396861',"
        " pairs_with: Supervisor '3396861' is ambiguous"
    )
