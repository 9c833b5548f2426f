"""The shipped example problems: their existing schedules keep every hard rule."""

from __future__ import annotations

import pytest

from domain.parse import parse_problem
from domain.schedule import existing_as_assignments
from domain.score import score_schedule
from domain.validator import validate
from tests.paths import EXAMPLES

NAMES = ["small-week", "tight-week", "store-2weeks"]


def load(name: str):
    return parse_problem((EXAMPLES / f"{name}.json").read_text())


@pytest.mark.parametrize("name", NAMES)
def test_the_existing_schedule_of_each_example_has_no_critical_finding(name):
    report = validate(load(name))
    assert [f.message for f in report.findings if f.severity == "critical"] == []


@pytest.mark.parametrize("name", NAMES)
def test_the_report_score_is_the_score_of_the_existing_schedule(name):
    p = load(name)
    assert validate(p).score == score_schedule(p, existing_as_assignments(p))


@pytest.mark.parametrize("name", NAMES)
def test_keeping_the_existing_schedule_as_a_proposal_changes_nothing_but_expiry_warnings(name):
    p = load(name)
    alone = validate(p)
    from tests.builders import listed

    kept = validate(p, listed(p, existing_as_assignments(p)))
    # S2 (will expire unstaffed) is judged on proposals only: the rest is identical.
    assert [f for f in kept.findings if f.rule != "S2"] == alone.findings
    assert kept.score == alone.score
