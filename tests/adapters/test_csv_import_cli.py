"""``schedsolve import-csv`` on the command line: one summary line, or exit 2 naming the rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.adapters.csv_helpers import (
    STORE,
    employees_csv,
)
from tests.adapters.helpers import row_counts_at

# --- CLI -------------------------------------------------------------------------


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_cli_imports_and_prints_one_summary_line(db_url: str, tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(employees_csv(), encoding="utf-8")
    result = run("import-csv", "employees", staff, "--store", STORE, "--db", db_url)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "imported 100 employees into store 8135 (100 new, 0 updated; new store)\n"
    )
    off = tmp_path / "off.csv"
    off.write_text("employee,start,end\nE001,2026-03-02,2026-03-03\n", encoding="utf-8")
    result = run("import-csv", "TIME-OFF", off, "--store", STORE, "--db", db_url)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "imported 1 time off entry into store 8135\n"


def test_cli_bad_rows_exit_2_one_line_each_and_a_summary(migrated_url: str, tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    staff.write_text(
        employees_csv(
            100,
            bad={
                17: f"E016,Employee 16,lead,yes,2026-02-30,{'y,' * 6}y",
                42: f"E041,Employee 41,manager,yes,,{'y,' * 6}y",
                88: f"E010,Someone Else,lead,yes,,{'y,' * 6}y",
            },
        ),
        encoding="utf-8",
    )
    result = run("import-csv", "employees", staff, "--store", STORE, "--db", migrated_url)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0:2] for line in lines[:3]] == [
        [f"{staff}:17", "termination_date"],
        [f"{staff}:42", "role"],
        [f"{staff}:88", "id"],
    ]
    assert lines[3:] == ["error: 3 bad rows; nothing imported"]
    assert result.stdout == ""
    assert set(row_counts_at(migrated_url).values()) == {0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("employees", "missing.csv"), "error: missing.csv: file not found"),
        (
            ("time-off", "off.csv"),
            "error: store 8135 not found; import its employees first (nothing imported)",
        ),
        (
            ("events", "off.csv"),
            "error: off.csv:1: id, name, due: required columns are missing;"
            " employee, end: unknown columns (expected id, name, start, due,"
            " type, condition, product, pairs_with, duration_min)",
        ),
        (("staff", "off.csv"), "error: Invalid value for 'KIND':"),
    ],
)
def test_cli_other_bad_input_is_one_line_exit_2(
    args: tuple[str, str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "off.csv").write_text(
        "employee,start,end\nE1,2026-03-02,2026-03-03\n", encoding="utf-8"
    )
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = run("import-csv", *args, "--store", STORE, "--db", db)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(message)


def test_shipped_fixture_files_import(db_url: str) -> None:
    data = Path(__file__).resolve().parents[1] / "data" / "csv"
    for kind, name in (
        ("employees", "employees.csv"),
        ("events", "events.csv"),
        ("time-off", "time-off.csv"),
        ("availability", "availability.csv"),
    ):
        result = run("import-csv", kind, data / name, "--store", "5979", "--db", db_url)
        assert result.exit_code == 0, result.stderr
