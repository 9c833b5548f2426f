"""``schedsolve callout`` end to end on SQLite and PostgreSQL (issue 12, acceptance 1):
generate, import, run, approve, call out, approve the repair; bad input is exit 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.db import make_engine, session_factory
from adapters.uow import SqlUnitOfWork
from api.cli import app
from domain.parse import parse_problem
from domain.validator import validate
from tests.services.test_callouts import _busiest

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def run(*args: object):
    return CliRunner().invoke(app, [str(a) for a in args])


def _load(url: str, p):
    engine = make_engine(url)
    try:
        with SqlUnitOfWork(session_factory(engine)) as uow:
            return uow.stores.load_problem(p.store, p.horizon.start, p.horizon.end, p.today)
    finally:
        engine.dispose()


@pytest.fixture
def live(db_url: str, tmp_path: Path):
    """A generated store imported, solved and approved through the CLI."""
    f = tmp_path / "store.json"
    assert run("generate", "-o", f, "--employees", 8, "--weeks", 1, "--seed", 3).exit_code == 0
    p = parse_problem(f.read_text())
    assert run("import", f, "--db", db_url).exit_code == 0
    solved = run(
        "run", "--store", p.store, "--from", p.horizon.start, "--to", p.horizon.end,
        "--today", p.today, "--time-limit", 5, "--workers", 1, "--db", db_url,
    )  # fmt: skip
    assert solved.exit_code == 0, solved.stderr
    run_id = re.search(r"run (\d+):", solved.stdout).group(1)
    assert run("approve", run_id, "--db", db_url).exit_code == 0
    return _load(db_url, p)


def test_a_call_out_from_the_cli_shows_who_takes_her_events_and_its_repair_approves(
    db_url: str, live
):
    p = live
    emp, day = _busiest(p)
    out = run(
        "callout", "--store", p.store, "--employee", emp, "--date", day, "--note", "flu",
        "--today", p.today, "--workers", 1, "--db", db_url,
    )  # fmt: skip
    assert out.exit_code == 0, out.stderr
    assert f"{emp} out {day}..{day} (flu): time off recorded" in out.stdout
    assert "Taken by a colleague" in out.stdout and "change(s) to the live schedule" in out.stdout
    run_id = re.search(r"repair run (\d+)", out.stdout).group(1)
    listed = run("runs", "--db", db_url)
    assert "repair" in listed.stdout
    approved = run("approve", run_id, "--db", db_url)
    assert approved.exit_code == 0, approved.stderr
    after = _load(db_url, p)
    unlocked = [x for x in after.existing if x.employee == emp and x.start.date() == day]
    assert all(x.locked for x in unlocked)
    assert validate(after).critical == len(unlocked)


@sqlite_only
def test_call_out_bad_input_is_exit_2_with_one_line_naming_the_option(db_url: str, live):
    p = live
    day = p.horizon.start
    cases = [
        (("--employee", "nobody", "--date", day), "--employee"),
        (("--employee", "E01", "--date", day, "--to", p.today), "--to"),
        (("--employee", "E01", "--date", day, "--store", "nope"), "nope"),
    ]
    for extra, needle in cases:
        args = ["callout", "--store", p.store, "--today", p.today, "--db", db_url, *extra]
        out = run(*args)
        assert out.exit_code == 2, (extra, out.stdout)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0], out.stderr


def _export(db_url: str, p, path: Path) -> dict:
    import json

    args = ["export", "--store", p.store, "--from", p.horizon.start, "--to", p.horizon.end]
    out = run(*args, "--today", p.today, "-o", path, "--db", db_url)
    assert out.exit_code == 0, out.stderr
    return json.loads(path.read_text())


def _assigned_core(doc: dict) -> dict:
    live = {x["event"] for x in doc["existing"] if not x["locked"]}
    return next(e for e in doc["events"] if e["id"] in live and e.get("type") == "Core")


def test_importing_a_file_that_cancels_a_live_event_offers_then_runs_a_repair(
    db_url: str, live, tmp_path: Path
):
    import json

    p = live
    doc = _export(db_url, p, tmp_path / "live.json")
    core = _assigned_core(doc)
    core["condition"] = "Canceled"
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(doc))
    plain = run("import", changed, "--db", db_url)
    assert plain.exit_code == 0, plain.stderr
    assert "live schedule: 1 canceled; `--repair` offers a repair run" in plain.stdout
    core["condition"] = "Unstaffed"
    changed.write_text(json.dumps(doc))
    assert run("import", changed, "--db", db_url).exit_code == 0  # back as it was
    core["condition"] = "Canceled"
    changed.write_text(json.dumps(doc))
    fixed = run("import", changed, "--repair", "--today", p.today, "--db", db_url)
    assert fixed.exit_code == 0, fixed.stderr
    assert "live schedule: 1 canceled; repair run" in fixed.stdout
    run_id = re.search(r"repair run (\d+)", fixed.stdout).group(1)
    assert core["id"] in fixed.stdout
    assert run("approve", run_id, "--db", db_url).exit_code == 0
    after = _load(db_url, p)
    assert core["id"] not in {x.event for x in after.existing}
    assert validate(after).critical == 0


@sqlite_only
def test_import_csv_events_with_repair_answers_a_re_dated_live_event(
    db_url: str, live, tmp_path: Path
):
    p = live
    doc = _export(db_url, p, tmp_path / "live.json")
    core = _assigned_core(doc)
    day = p.horizon.end.isoformat()
    csv = tmp_path / "events.csv"
    csv.write_text(f"id,name,start,due\n{core['id']},{core['name']},{day},{day}\n")
    out = run(
        "import-csv", "events", csv, "--store", p.store, "--repair", "--today", p.today,
        "--db", db_url,
    )  # fmt: skip
    assert out.exit_code == 0, out.stderr
    assert "imported 1 event" in out.stdout and "1 re-dated; repair run" in out.stdout
    run_id = re.search(r"repair run (\d+)", out.stdout).group(1)
    assert run("approve", run_id, "--db", db_url).exit_code == 0
    after = _load(db_url, p)
    moved = [x for x in after.existing if x.event == core["id"]]
    assert all(x.start.date().isoformat() == day for x in moved)
    assert validate(after).critical == 0
