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
JSON_KEYS = {
    "findings",
    "critical",
    "warnings",
    "health",
    "label",
    "worst_day",
    "health_days",
    "score",
}
DAY_KEYS = {"date", "health", "label", "critical", "warnings"}
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
        "unscheduled": [
            {"event": "706001", "reason": "capacity"},
            {"event": "806001", "reason": "capacity"},
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
    # RULES.md §5: per day, the mean over the days, the worst day shown.
    days = data["health_days"]
    assert days and all(set(d) == DAY_KEYS for d in days)
    assert [d["date"] for d in days] == [d.date.isoformat() for d in report.health_days]
    assert data["health"] == int(sum(d["health"] for d in days) / len(days) + 0.5)
    assert data["worst_day"] == min(days, key=lambda d: (d["health"], d["date"]))
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
    # Health is per day (RULES.md §5): the day of the critical finding is at most 90.
    assert data["worst_day"]["date"] == "2026-03-04" and data["worst_day"]["health"] <= 90
    assert data["worst_day"]["health"] <= data["health"] < 100
    h02 = [f for f in data["findings"] if f["rule"] == "H02"]
    assert h02 and h02[0]["severity"] == "critical"
    assert h02[0]["employee"] == "E02" and h02[0]["date"] == "2026-03-04"
    assert h02[0]["events"] == ["606001"]


def test_clean_proposal_exit_0(invoke, problem_file: Path, tmp_path: Path) -> None:
    doc = proposal_with_time_off_core()
    doc["assignments"] = doc["assignments"][:1]
    doc["unscheduled"].append({"event": "606001", "reason": "capacity"})  # exactly once (COV)
    prop = write_json(tmp_path / "proposal.json", doc)
    result = invoke("validate", problem_file, "-p", prop, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["critical"] == 0


def test_problem_on_stdin(invoke, problem_file: Path) -> None:
    result = invoke("validate", "-", "--json", input=problem_file.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["critical"] == 0


def test_a_proposal_that_leaves_out_an_active_event_exits_1_with_cov(
    invoke, problem_file: Path, tmp_path: Path
) -> None:
    doc = proposal_with_time_off_core()
    doc["assignments"] = doc["assignments"][:1]  # 606001 neither assigned nor unscheduled
    prop = write_json(tmp_path / "proposal.json", doc)
    result = invoke("validate", problem_file, "-p", prop, "--json")
    assert result.exit_code == 1
    cov = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "COV"]
    assert [(f["severity"], f["events"]) for f in cov] == [("critical", ["606001"])]


def test_the_health_line_shows_the_mean_of_the_days_and_the_worst_day(
    invoke, problem_file: Path, tmp_path: Path
) -> None:
    prop = write_json(tmp_path / "proposal.json", proposal_with_time_off_core())
    out = invoke("validate", problem_file, "--proposal", prop).stdout
    days = json.loads(invoke("validate", problem_file, "-p", prop, "--json").stdout)
    worst = days["worst_day"]
    assert f"Health {days['health']}/100" in out
    assert (
        f"mean of {len(days['health_days'])} days; worst day 2026-03-04 {worst['health']}/100"
        in out
    )
