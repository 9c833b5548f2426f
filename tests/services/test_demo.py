"""``schedsolve demo`` in an empty directory: the whole job, on the embedded default."""

from __future__ import annotations

from typer.testing import CliRunner

from api.cli import app
from api.services.demo import run_demo
from tests.fakes import FakeState, FakeUnitOfWork


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


def test_the_demo_service_returns_its_outcome_and_prints_nothing(capsys) -> None:
    state = FakeState()
    steps: list[tuple[str, str]] = []
    outcome = run_demo(
        lambda: FakeUnitOfWork(state),
        seed=3,
        time_limit=2.0,
        employees=8,
        weeks=1,
        on_step=lambda name, info: steps.append((name, info)),
    )
    assert capsys.readouterr() == ("", "")
    assert [name for name, _ in steps] == ["generate store", "import"]
    assert outcome.approval.approved and not outcome.approval.refused
    assert len(outcome.live.existing) > 0
    assert outcome.report.critical == 0
    assert outcome.proposal.assignments
