"""Regression tests of issue 10, defects 4 and 14: hostile files and options on the CLI.

Before the fixes each of these printed a traceback (exit 1): a 100,000-deep
array in ``settings`` (RecursionError), a 5,001-digit ``buffer_days``
(ValueError), a horizon in 9999-12 (OverflowError); ``validate /dev/zero``
read until the kernel killed it; ``--from 2026-02-30`` was called a format
error; there was no ``--version``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import base, write_json
from tests.cli.test_bad_input import assert_one_error_line


def raw_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    return path


def with_settings(raw_value: str) -> str:
    """BASE with ``settings.buffer_days`` written as ``raw_value`` (JSON text)."""
    doc = base()
    doc["settings"] = {"buffer_days": "@@"}
    return json.dumps(doc).replace('"@@"', raw_value)


@pytest.mark.parametrize("command", ["validate", "solve", "import"])
def test_defect4_a_100000_deep_array_in_settings_is_exit_2_with_one_line(invoke, tmp_path, command):
    path = raw_file(tmp_path, with_settings("[" * 100_000 + "]" * 100_000))
    args = {"solve": ["-o", tmp_path / "out.json"], "import": ["--db", "sqlite://"]}
    result = invoke(command, path, *args.get(command, []))
    assert_one_error_line(result, str(path), "nested too deeply")


@pytest.mark.parametrize("digits", [4001, 5001])
def test_defect4_a_buffer_days_of_thousands_of_digits_is_exit_2_naming_the_field(
    invoke, tmp_path, digits
):
    path = raw_file(tmp_path, with_settings("9" * digits))
    result = invoke("validate", path)
    assert_one_error_line(result, "settings.buffer_days", f"{digits} digits is out of range")


@pytest.mark.parametrize("value", ["NaN", "-Infinity"])
def test_defect4_nan_or_infinity_in_a_file_is_exit_2_naming_the_field(invoke, tmp_path, value):
    path = raw_file(tmp_path, with_settings(value))
    assert_one_error_line(invoke("validate", path), "settings.buffer_days", value)


@pytest.mark.parametrize("command", ["validate", "solve"])
def test_defect4_a_horizon_in_9999_is_exit_2_naming_the_field(invoke, tmp_path, command):
    doc = base()
    doc["today"] = "9999-12-19"
    doc["horizon"] = {"start": "9999-12-20", "end": "9999-12-30"}
    path = write_json(tmp_path / "y9999.json", doc)
    args = ["-o", tmp_path / "out.json"] if command == "solve" else []
    result = invoke(command, path, *args)
    assert_one_error_line(result, "today: 9999-12-19 is outside 2000-01-01 to 2100-12-31")


def test_defect4_import_refuses_a_buffer_days_of_a_billion(invoke, tmp_path):
    doc = base()
    doc["settings"] = {"buffer_days": 1_000_000_000}
    path = write_json(tmp_path / "p.json", doc)
    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert_one_error_line(invoke("import", path, "--db", db), "settings.buffer_days")


def test_defect4_run_on_a_store_whose_stored_settings_are_bad_is_exit_2(invoke, tmp_path):
    from sqlalchemy import create_engine, text

    db = f"sqlite:///{tmp_path / 'x.db'}"
    assert invoke("import", write_json(tmp_path / "p.json", base()), "--db", db).exit_code == 0
    engine = create_engine(db)
    with engine.begin() as conn:  # as a file imported before settings were bounded left it
        conn.execute(text("""UPDATE stores SET settings = '{"buffer_days": 1000000000}'"""))
    engine.dispose()
    result = invoke(
        "run",
        "--store",
        "8135",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-07",
        "--db",
        db,
        "--time-limit",
        "1",
    )
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.splitlines()[-1].startswith("error: store 8135: buffer_days:")


@pytest.mark.parametrize(
    "option", [("run", "--store", "8135", "--from", "9999-12-20", "--to", "9999-12-30")]
)
def test_defect4_a_run_horizon_in_9999_is_exit_2_naming_the_option(invoke, tmp_path, option):
    result = invoke(*option, "--db", f"sqlite:///{tmp_path / 'x.db'}")
    assert_one_error_line(result, "--from", "9999-12-20 is outside 2000-01-01 to 2100-12-31")


def test_defect4_validate_dev_zero_stops_at_the_size_limit(invoke):
    result = invoke("validate", "/dev/zero")
    assert_one_error_line(result, "/dev/zero: the file is over the limit of 5242880 bytes")


def test_defect4_max_bytes_sets_the_limit_of_every_file_read(invoke, problem_file):
    size = problem_file.stat().st_size
    refused = invoke("--max-bytes", size - 1, "validate", problem_file)
    assert_one_error_line(refused, f"over the limit of {size - 1} bytes")
    assert invoke("--max-bytes", size, "validate", problem_file).exit_code == 0


def test_defect4_stdin_is_capped_too(invoke):
    result = invoke("--max-bytes", 100, "validate", "-", input=b"{" + b" " * 200)
    assert_one_error_line(result, "<stdin>: the file is over the limit of 100 bytes")


def test_defect14_version_prints_the_package_version(invoke):
    from importlib.metadata import version

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"schedsolve {version('schedsolve')}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-02-30", "--from': 2026-02-30: no such date"),
        ("2026-13-01", "--from': 2026-13-01: no such date"),
        ("2026-02-x", "--from': '2026-02-x' is not a date as YYYY-MM-DD"),
        ("1999-12-31", "--from': 1999-12-31 is outside 2000-01-01 to 2100-12-31"),
    ],
)
def test_defect14_a_date_that_does_not_exist_is_called_so(invoke, tmp_path, value, expected):
    result = invoke(
        "run", "--store", "8135", "--from", value, "--to", "2026-03-07",
        "--db", f"sqlite:///{tmp_path / 'x.db'}",
    )  # fmt: skip
    assert_one_error_line(result, expected)
