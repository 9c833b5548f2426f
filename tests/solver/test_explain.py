"""Explanations (RULES.md §7): every repair is checked with the validator and the scorer."""

from __future__ import annotations

import json

from domain.facts import Facts
from domain.models import Problem
from domain.repair import apply_repair
from domain.score import objective, score_schedule
from domain.validator import validate
from solver.explain import blocked, explain
from solver.solve import solve
from tests.paths import EXAMPLES


def _apply(facts, proposal, repair):
    return apply_repair(facts, proposal, repair)


def test_every_repair_of_tight_week_is_valid_and_its_objective_change_is_the_scorers():
    p = Problem.model_validate(json.loads((EXAMPLES / "tight-week.json").read_text()))
    result = solve(p, time_limit=10, workers=2)
    assert validate(p, result.proposal).critical == 0
    facts = Facts(p)
    capacity = [u.event for u in result.proposal.unscheduled if u.reason == "capacity"]
    assert capacity
    for event in capacity:
        fix = explain(p, result.proposal, event).repair
        assert fix is not None and fix.feasible
        repaired = _apply(facts, result.proposal, fix)
        assert event in {a.event for a in repaired.assignments}
        assert validate(p, repaired).critical == 0
        delta = objective(score_schedule(p, repaired.assignments)) - objective(
            result.proposal.score
        )
        assert fix.objective_change == delta
        assert fix.by_moves_alone == (not fix.left_out)


def test_blocks_list_the_unary_rules_of_an_employee_on_time_off():
    p = Problem.model_validate(json.loads((EXAMPLES / "tight-week.json").read_text()))
    facts = Facts(p)
    assert p.time_off, "the example has time off to explain"
    off = p.time_off[0]
    event = next(
        e.id
        for e in p.events
        if facts.role_eligible(off.employee, e.id) and off.start in facts.new_days(e.id)
    )
    rows = blocked(facts, event)
    assert any(
        r.employee == off.employee and r.date == off.start and "H02" in r.rules for r in rows
    )
