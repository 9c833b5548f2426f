"""On the shipped examples CP-SAT beats (or ties) the old greedy heuristic."""

from __future__ import annotations

import pytest

from domain.parse import parse_problem
from domain.rules import is_active_condition
from domain.score import objective, score_schedule
from domain.validator import validate
from solver.greedy import greedy
from solver.solve import solve
from tests.paths import EXAMPLES

NAMES = ["small-week", "tight-week", "store-2weeks"]


def _load(name: str):
    return parse_problem((EXAMPLES / f"{name}.json").read_text())


@pytest.fixture(scope="module", params=NAMES)
def solved(request):
    problem = _load(request.param)
    baseline = greedy(problem)
    result = solve(problem, time_limit=10, workers=2, seed=0, hint=baseline)
    return problem, baseline, result


def test_the_greedy_proposal_breaks_no_hard_rule(solved):
    problem, baseline, _ = solved
    report = validate(problem, baseline)
    assert report.critical == 0, [f.message for f in report.findings if f.severity == "critical"]


def test_cp_sat_breaks_no_hard_rule_and_accounts_for_every_active_event(solved):
    problem, _, result = solved
    assert validate(problem, result.proposal).critical == 0
    listed = [a.event for a in result.proposal.assignments]
    listed += [u.event for u in result.proposal.unscheduled]
    for event in problem.events:
        if is_active_condition(event.condition):  # rev 3: Reissued is active
            assert listed.count(event.id) == 1, event.id


def test_cp_sat_schedules_at_least_as_many_events_as_greedy(solved):
    _, baseline, result = solved
    assert len(result.proposal.assignments) >= len(baseline.assignments)


def test_cp_sat_earns_at_least_the_greedy_s1_plus_s2(solved):
    problem, baseline, result = solved
    mine = score_schedule(problem, result.proposal.assignments)
    theirs = score_schedule(problem, baseline.assignments)
    assert mine["S1"] + mine["S2"] >= theirs["S1"] + theirs["S2"]


def test_the_solver_objective_is_the_pure_python_score_of_its_proposal(solved):
    problem, _, result = solved
    assert objective(score_schedule(problem, result.proposal.assignments)) == result.objective
    assert result.score == result.proposal.score
