"""``schedsolve solve``: proposal file, summary, greedy baseline, exit codes."""

from __future__ import annotations

from typer.testing import CliRunner

from api.cli import app
from domain.parse import parse_problem, parse_proposal
from domain.validator import validate
from tests.cli.conftest import base, write_json
from tests.paths import EXAMPLES

runner = CliRunner()


def test_solve_writes_a_proposal_that_passes_the_validator(tmp_path):
    src = EXAMPLES / "small-week.json"
    out = tmp_path / "proposal.json"
    result = runner.invoke(app, ["solve", str(src), "-o", str(out), "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    proposal = parse_proposal(out.read_text())
    assert validate(parse_problem(src.read_text()), proposal).critical == 0
    assert "Scheduled by type" in result.output
    assert "Score by rule" in result.output
    assert "Unscheduled by reason" in result.output


def test_solve_greedy_writes_the_baseline_proposal(tmp_path):
    out = tmp_path / "greedy.json"
    result = runner.invoke(
        app, ["solve", str(EXAMPLES / "tight-week.json"), "-o", str(out), "--greedy"]
    )
    assert result.exit_code == 0, result.output
    assert "greedy baseline" in result.output
    assert parse_proposal(out.read_text()).status == "FEASIBLE"


def test_solve_on_a_bad_problem_file_exits_2_with_one_line(tmp_path):
    doc = base()
    doc["events"][0]["due"] = "2026-02-01T00:00:00"
    src = write_json(tmp_path / "bad.json", doc)
    result = runner.invoke(app, ["solve", str(src), "-o", str(tmp_path / "p.json")])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "events[0].due" in lines[0]
    assert not (tmp_path / "p.json").exists()


def test_a_locked_assignment_breaking_a_rule_is_kept_and_reported_in_plain_words(tmp_path):
    doc = base()
    # E02's locked Core sits on E02's day off (H02): the solve still succeeds.
    doc["existing"][0]["start"] = "2026-03-04T10:15:00"
    src = write_json(tmp_path / "locked.json", doc)
    out = tmp_path / "p.json"
    result = runner.invoke(app, ["solve", str(src), "-o", str(out), "--time-limit", "5"])
    assert result.exit_code == 1, result.output
    assert "H02" in result.output and "606002" in result.output
    proposal = parse_proposal(out.read_text())
    kept = [a for a in proposal.assignments if a.event == "606002"]
    assert kept and kept[0].change == "kept"
    assert any(f.rule == "H02" and "606002" in f.events for f in proposal.findings)
