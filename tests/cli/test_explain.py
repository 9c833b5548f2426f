"""``schedsolve explain``: the explanation of an unscheduled event, why not an employee,
``--json`` in FORMAT.md's shape, and bad input as exit 2 with one stderr line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from domain.parse import dump
from domain.validator import validate
from solver.solve import solve
from tests.builders import event, problem, roster


@pytest.fixture
def files(tmp_path: Path):
    """Two specialists, three Cores on Monday only: one is left out for capacity (H09)."""
    p = problem(
        employees=roster("E03", "E04"),
        events=[
            event("C1", first="mon", last="mon"),
            event("C2", first="mon", last="mon"),
            event("C3", first="mon", last="mon"),
        ],
        time_off=[{"employee": "E04", "start": "2026-03-03", "end": "2026-03-07"}],
    )
    prop = solve(p, time_limit=5, workers=1, seed=0).proposal
    assert validate(p, prop).critical == 0
    (left,) = [u for u in prop.unscheduled if u.reason == "capacity"]
    pf = tmp_path / "problem.json"
    pf.write_text(dump(p), encoding="utf-8")
    qf = tmp_path / "proposal.json"
    qf.write_text(dump(prop), encoding="utf-8")
    done = {a.event: a.employee for a in prop.assignments}
    return pf, qf, left.event, done


def one_error_line(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_explain_prints_the_blocks_and_the_repair_of_a_capacity_event(invoke, files):
    pf, qf, left, _ = files
    result = invoke("explain", pf, qf, left)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"event {left}: unscheduled (capacity)" in out
    assert "H09" in out
    assert "repair: fits" in out and "objective change:" in out


def test_explain_json_is_formats_explanation_with_from_and_to(invoke, files):
    pf, qf, left, _ = files
    result = invoke("explain", pf, qf, left, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"blocked", "repair"}
    assert all(set(b) == {"employee", "date", "rules"} for b in data["blocked"])
    fix = data["repair"]
    assert fix["feasible"] is True
    assert isinstance(fix["objective_change"], int)
    assert fix["moves"] and all({"event", "from", "to"} <= set(m) for m in fix["moves"])
    assert any(m["event"] == left and m["from"] is None for m in fix["moves"])


def test_explain_with_an_employee_answers_why_not_her(invoke, files):
    pf, qf, left, done = files
    busy = sorted(set(done.values()))[0]
    text = invoke("explain", pf, qf, left, "--employee", busy)
    assert text.exit_code == 0, text.stderr
    assert f"why not {busy} for {left}" in text.stdout and "H09" in text.stdout
    result = invoke("explain", pf, qf, left, "--employee", busy, "--json")
    data = json.loads(result.stdout)
    assert data["event"] == left and data["employee"] == busy
    (mon,) = data["days"]
    assert "H09" in mon["rules"]
    assert {h["employee"] for h in mon["by"]} == {busy}


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        (["NOPE"], "event 'NOPE'"),
        (["@left", "--employee", "E99"], "--employee: employee 'E99'"),
        (["@done"], "is not unscheduled"),
    ],
)
def test_explain_bad_input_exits_2_with_one_line_naming_it(invoke, files, extra, needle):
    pf, qf, left, done = files
    names = {"@left": left, "@done": sorted(done)[0]}
    args = [names.get(a, a) for a in extra]
    line = one_error_line(invoke("explain", pf, qf, *args))
    assert needle in line


def test_explain_of_a_missing_proposal_file_exits_2(invoke, files, tmp_path):
    pf, _, left, _ = files
    line = one_error_line(invoke("explain", pf, tmp_path / "missing.json", left))
    assert "file not found" in line
