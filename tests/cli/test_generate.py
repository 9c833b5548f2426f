"""``schedsolve generate``: writes ``dump(generate(...))``; bad options exit 2 with one line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from domain.generator import generate
from domain.parse import dump, parse_problem
from tests.cli.test_bad_input import assert_one_error_line


def test_generate_writes_the_generator_output(invoke, tmp_path: Path) -> None:
    out = tmp_path / "store.json"
    result = invoke(
        "generate", "--employees", 8, "--weeks", 1, "--seed", 5, "--tightness", "tight", "-o", out
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert str(out) in result.stdout
    text = out.read_text(encoding="utf-8")
    assert text == dump(generate(employees=8, weeks=1, seed=5, tightness="tight"))
    problem = parse_problem(text)
    assert len(problem.employees) == 8


def test_generate_defaults_and_options(invoke, tmp_path: Path) -> None:
    out = tmp_path / "store.json"
    result = invoke("generate", "--start", "2026-03-01", "--store", "4242", "--output", out)
    assert result.exit_code == 0, result.stderr
    problem = parse_problem(out.read_text(encoding="utf-8"))
    assert problem.store == "4242"
    assert problem.horizon.start == date(2026, 3, 1)
    assert len(problem.employees) == 18
    assert (problem.horizon.end - problem.horizon.start).days == 13


def test_generate_to_stdout_then_validate(invoke, tmp_path: Path) -> None:
    result = invoke("generate", "--employees", 10, "--weeks", 1, "--seed", 2, "-o", "-")
    assert result.exit_code == 0, result.stderr
    json.loads(result.stdout)
    path = tmp_path / "g.json"
    path.write_text(result.stdout, encoding="utf-8")
    checked = invoke("validate", path, "--json")
    assert checked.exit_code == 0, checked.stdout
    assert json.loads(checked.stdout)["critical"] == 0


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--employees", "abc"], "--employees"),
        (["--employees", "2"], "--employees"),
        (["--weeks", "0"], "--weeks"),
        (["--seed", "1.5"], "--seed"),
        (["--tightness", "medium"], "--tightness"),
        (["--start", "03/01/2026"], "--start"),
        (["--start", "2026-03-02"], "--start"),  # a Monday
        (["--bogus", "1"], "--bogus"),
    ],
)
def test_bad_options(invoke, tmp_path: Path, args: list[str], expected: str) -> None:
    out = tmp_path / "x.json"
    assert_one_error_line(invoke("generate", *args, "-o", out), expected)
    assert not out.exists()


def test_missing_output_option(invoke) -> None:
    assert_one_error_line(invoke("generate"), "--output")


def test_unwritable_output(invoke, tmp_path: Path) -> None:
    assert_one_error_line(invoke("generate", "-o", tmp_path), str(tmp_path), "directory")
    missing = tmp_path / "no" / "such" / "x.json"
    assert_one_error_line(invoke("generate", "-o", missing), str(missing), "does not exist")
