"""``schedsolve validate``: findings table, health, per-day summary, ``--json``, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.parse import parse_problem
from domain.validator import validate
from tests.cli.conftest import write_json
from tests.paths import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))
JSON_KEYS = {"findings", "critical", "warnings", "health", "label", "score"}
FINDING_KEYS = {"rule", "severity", "events", "employee", "date", "message"}


def proposal_with_time_off_core() -> dict:
    """Keeps the existing Core and puts Core 606001 on E02's day off (H02)."""
    return {
        "format": "schedule-proposal/1",
        "store": "8135",
        "status": "FEASIBLE",
        "assignments": [
            {
                "event": "606002",
                "employee": "E02",
                "start": "2026-03-02T10:15:00",
                "end": "2026-03-02T16:45:00",
                "block": 1,
                "change": "kept",
            },
            {
                "event": "606001",
                "employee": "E02",
                "start": "2026-03-04T10:15:00",
                "end": "2026-03-04T16:45:00",
                "block": 1,
            },
        ],
    }


def test_examples_are_found() -> None:
    assert len(EXAMPLE_FILES) >= 3


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_validates_without_critical(invoke, path: Path) -> None:
    result = invoke("validate", path)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert "Health" in result.stdout
    assert "0 critical" in result.stdout


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_example_json(invoke, path: Path) -> None:
    result = invoke("validate", path, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == JSON_KEYS
    assert data["critical"] == 0
    report = validate(parse_problem(path.read_text(encoding="utf-8")))
    assert data["warnings"] == report.warnings == len(data["findings"])
    assert data["health"] == report.health and 0 <= data["health"] <= 100
    assert data["label"] == report.label
    assert data["score"] == report.score
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in {"critical", "warning"}


def test_valid_problem_prints_health(invoke, problem_file: Path) -> None:
    result = invoke("validate", problem_file)
    assert result.exit_code == 0, result.stderr
    assert "store 8135" in result.stdout
    assert "Health" in result.stdout and "/100" in result.stdout
    assert "0 critical" in result.stdout


def test_findings_table_and_day_summary(invoke, problem_file: Path, tmp_path: Path) -> None:
    prop = write_json(tmp_path / "proposal.json", proposal_with_time_off_core())
    out = invoke("validate", problem_file, "--proposal", prop).stdout
    assert "judged: proposal" in out
    for column in ("rule", "severity", "date", "employee", "events", "message"):
        assert column in out
    assert "Per day" in out
    assert "Health" in out and "/100" in out


def test_critical_findings_exit_1(invoke, problem_file: Path, tmp_path: Path) -> None:
    prop = write_json(tmp_path / "proposal.json", proposal_with_time_off_core())
    result = invoke("validate", problem_file, "--proposal", prop)
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ""
    assert "H02" in result.stdout and "critical" in result.stdout
    assert "2026-03-04" in result.stdout


def test_critical_findings_json(invoke, problem_file: Path, tmp_path: Path) -> None:
    prop = write_json(tmp_path / "proposal.json", proposal_with_time_off_core())
    result = invoke("validate", problem_file, "-p", prop, "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["critical"] >= 1
    assert data["health"] <= 90
    h02 = [f for f in data["findings"] if f["rule"] == "H02"]
    assert h02 and h02[0]["severity"] == "critical"
    assert h02[0]["employee"] == "E02" and h02[0]["date"] == "2026-03-04"
    assert h02[0]["events"] == ["606001"]


def test_clean_proposal_exit_0(invoke, problem_file: Path, tmp_path: Path) -> None:
    doc = proposal_with_time_off_core()
    doc["assignments"] = doc["assignments"][:1]
    prop = write_json(tmp_path / "proposal.json", doc)
    result = invoke("validate", problem_file, "-p", prop, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["critical"] == 0


def test_problem_on_stdin(invoke, problem_file: Path) -> None:
    result = invoke("validate", "-", "--json", input=problem_file.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["critical"] == 0
