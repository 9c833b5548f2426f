"""``schedsolve demo`` in an empty directory: the whole job, on the embedded default."""

from __future__ import annotations

from typer.testing import CliRunner

from api.cli import app


def test_demo_in_an_empty_directory_creates_the_database_and_approves_a_clean_schedule(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCHEDSOLVE_DATABASE_URL", raising=False)
    result = CliRunner().invoke(app, ["demo", "--time-limit", "10"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "schedsolve.db").exists()
    assert "Proposal for store" in result.output
    assert "0 critical" in result.output
    assert "health" in result.output


def test_running_the_demo_twice_supersedes_nothing_it_already_approved(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCHEDSOLVE_DATABASE_URL", raising=False)
    runner = CliRunner()
    assert runner.invoke(app, ["demo", "--time-limit", "5"]).exit_code == 0
    second = runner.invoke(app, ["demo", "--time-limit", "5"])
    assert second.exit_code == 0, second.output
    assert "0 critical" in second.output
