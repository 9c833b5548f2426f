"""``--priority-mode`` on the CLI: strict proposals carry levels; a bad value is exit 2."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli import app
from domain.parse import parse_problem, parse_proposal
from domain.validator import validate
from tests.paths import EXAMPLES

runner = CliRunner()


@pytest.mark.parametrize("mode", ["strict", "weighted"])
def test_solve_writes_levels_only_in_strict_mode(tmp_path, mode):
    src, out = EXAMPLES / "small-week.json", tmp_path / "proposal.json"
    args = ["solve", str(src), "-o", str(out), "--time-limit", "5", "--priority-mode", mode]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    proposal = parse_proposal(out.read_text())
    assert validate(parse_problem(src.read_text()), proposal).critical == 0
    assert (proposal.levels is not None) == (mode == "strict")


def test_an_unknown_priority_mode_exits_2_with_one_line_naming_the_option(tmp_path):
    src, out = EXAMPLES / "small-week.json", tmp_path / "proposal.json"
    result = runner.invoke(app, ["solve", str(src), "-o", str(out), "--priority-mode", "lexi"])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--priority-mode" in lines[0]


@pytest.mark.parametrize("command", ["run", "nightly"])
def test_run_and_nightly_accept_the_priority_mode_option(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "--priority-mode" in result.output
