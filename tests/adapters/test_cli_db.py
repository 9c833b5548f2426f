"""``schedsolve db upgrade``, ``import`` and ``export`` against both databases."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from typer.testing import CliRunner

from adapters.db import alembic_config
from api.cli import app
from domain.parse import dump, parse_problem
from tests.adapters.helpers import EXAMPLES, example, row_counts_at


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_db_upgrade_creates_the_schema_and_names_the_revision(db_url: str) -> None:
    result = run("db", "upgrade", "--db", db_url)
    assert result.exit_code == 0, result.stderr
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert f"revision {head} (head)" in result.stdout
    assert set(row_counts_at(db_url).values()) == {0}


def test_import_then_export_gives_back_the_same_file(db_url: str, tmp_path: Path) -> None:
    source = EXAMPLES / "tight-week.json"
    problem = parse_problem(source.read_text(encoding="utf-8"))
    imported = run("import", source, "--db", db_url)
    assert imported.exit_code == 0, imported.stderr
    assert f"store {problem.store}" in imported.stdout
    out = tmp_path / "back.json"
    exported = run(
        "export",
        "--store",
        problem.store,
        "--from",
        problem.horizon.start,
        "--to",
        problem.horizon.end,
        "--today",
        problem.today,
        "-o",
        out,
        "--db",
        db_url,
    )
    assert exported.exit_code == 0, exported.stderr
    assert out.read_text(encoding="utf-8") == dump(problem)


def test_importing_a_file_twice_from_the_cli_changes_nothing(db_url: str) -> None:
    source = EXAMPLES / "small-week.json"
    assert run("import", source, "--db", db_url).exit_code == 0
    once = row_counts_at(db_url)
    assert run("import", source, "--db", db_url).exit_code == 0
    assert row_counts_at(db_url) == once


def test_a_bad_problem_file_exits_2_with_one_line_and_imports_nothing(
    migrated_url: str, tmp_path: Path
) -> None:
    db_url = migrated_url
    data = json.loads((EXAMPLES / "small-week.json").read_text(encoding="utf-8"))
    data["events"][3]["due"] = "2000-01-01T00:00:00"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    result = run("import", bad, "--db", db_url)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {bad}: events[3].due")
    assert set(row_counts_at(db_url).values()) == {0}


def test_export_weekly_writes_one_file_per_sunday_to_saturday_week(
    db_url: str, tmp_path: Path
) -> None:
    problem = example("store-2weeks.json")
    assert run("import", EXAMPLES / "store-2weeks.json", "--db", db_url).exit_code == 0
    folder = tmp_path / "weeks"
    result = run(
        "export",
        "--store",
        problem.store,
        "--from",
        problem.horizon.start + timedelta(2),
        "--to",
        problem.horizon.end,
        "--weekly",
        "-o",
        folder,
        "--db",
        db_url,
    )
    assert result.exit_code == 0, result.stderr
    sundays = [problem.horizon.start, problem.horizon.start + timedelta(7)]
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"store-{problem.store}-{d.isoformat()}.json" for d in sundays]
    for sunday in sundays:
        week = parse_problem((folder / f"store-{problem.store}-{sunday}.json").read_text())
        assert (week.horizon.start, week.horizon.end) == (sunday, sunday + timedelta(6))
        assert week.today == sunday - timedelta(1)
        assert week.employees == problem.employees
        assert {e.id for e in week.events} <= {e.id for e in problem.events}
        in_week = [a for a in problem.existing if sunday <= a.start.date() <= sunday + timedelta(6)]
        assert set(in_week) <= set(week.existing)


def test_import_uses_the_database_url_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("SCHEDSOLVE_DATABASE_URL", url)
    result = run("import", EXAMPLES / "small-week.json")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "env.db").is_file()
    assert row_counts_at(url)["events"] == len(example("small-week.json").events)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--store", "nope", "--from", "2026-03-01", "--to", "2026-03-07"],
            "error: --store: store nope not found",
        ),
        (
            ["--store", "x", "--from", "2026-03-07", "--to", "2026-03-01"],
            "error: --to: 2026-03-01 is before --from 2026-03-07",
        ),
    ],
)
def test_export_mistakes_exit_2_with_one_line(migrated_url, tmp_path, args, expected) -> None:
    result = run("export", *args, "-o", tmp_path / "x.json", "--db", migrated_url)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(expected)


def test_an_unusable_database_exits_2_with_one_line(tmp_path: Path) -> None:
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    result = run(
        "export",
        "--store",
        "1",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-07",
        "-o",
        tmp_path / "x.json",
        "--db",
        empty,
    )
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "no such table" in result.stderr
    result = run("db", "upgrade", "--db", "nonsense://")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
