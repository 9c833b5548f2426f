"""The CLI's structured logs on stderr: the nightly at INFO, other commands quiet (defect 16)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from adapters import logs
from api.cli import app
from tests.nightly.conftest import START, TODAY, seed_stores

runner = CliRunner()


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_defect16_the_nightly_writes_one_json_event_per_store_on_stderr(tmp_path, monkeypatch):
    monkeypatch.delenv(logs.LEVEL_ENV, raising=False)
    url = f"sqlite:///{tmp_path / 'n.db'}"
    _, dispose = seed_stores(url, {"L1": (8, 1, "normal")})
    dispose()
    args = ["nightly", "--db", url, "--today", str(TODAY), "--horizon-days", "7"]
    result = runner.invoke(app, [*args, "--time-limit", "2", "--workers", "1", "--local"])
    assert result.exit_code == 0, result.output
    stores = [x for x in _json_lines(result.stderr) if x["event"] == "nightly.store"]
    assert [(x["store"], x["status"]) for x in stores] == [("L1", "succeeded")]
    assert isinstance(stores[0]["run_id"], int)


def test_a_command_logs_nothing_below_warning_unless_asked(tmp_path, monkeypatch):
    monkeypatch.delenv(logs.LEVEL_ENV, raising=False)
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _, dispose = seed_stores(url, {"R1": (8, 1, "normal")})
    dispose()
    end = START.replace(day=START.day + 6)
    args = ["run", "--store", "R1", "--from", str(START), "--to", str(end), "--db", url]
    args += ["--today", str(TODAY), "--time-limit", "2", "--workers", "1"]
    quiet = runner.invoke(app, args)
    assert quiet.exit_code == 0, quiet.output
    assert _json_lines(quiet.stderr) == []
    monkeypatch.setenv(logs.LEVEL_ENV, "info")
    loud = runner.invoke(app, args)
    assert loud.exit_code == 0, loud.output
    events = [x["event"] for x in _json_lines(loud.stderr) if x.get("store") == "R1"]
    assert events == ["run.started", "run.finished"]
