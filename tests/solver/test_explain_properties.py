"""Property (RULES.md §7, "a repair is a promise"): on small random problems, every
``capacity`` event's repair applied to the proposal has no critical finding, and its
``objective_change`` is the scorer's difference."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import event as note
from hypothesis import strategies as st

from domain.facts import Facts
from domain.models import Problem
from domain.score import objective
from domain.validator import validate
from solver.explain import repair
from solver.solve import solve
from solver.why_not import why_not
from tests.builders import WEEK, event
from tests.solver.test_properties import problems
from tests.solver.test_why_not import apply_repair

DAYS = list(WEEK)


@st.composite
def crowded(draw) -> Problem:
    """A random problem of :func:`problems` with a few extra one- or two-day Cores, so
    that some events are left out for capacity."""
    p = draw(problems())
    extra = []
    for i in range(draw(st.integers(2, 6))):
        first = draw(st.integers(1, 5))
        last = min(6, first + draw(st.integers(0, 1)))
        extra.append(event(f"K{i}", "Core", DAYS[first], DAYS[last], name=f"60090{i}-Core"))
    doc = p.model_dump(mode="json")
    return Problem.model_validate({**doc, "events": doc["events"] + extra})


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(crowded())
def test_every_capacity_repair_of_a_random_problem_is_valid_and_priced_as_the_scorer_says(p):
    prop = solve(p, time_limit=5, workers=1, seed=0).proposal
    assert validate(p, prop).critical == 0
    capacity = [u.event for u in prop.unscheduled if u.reason == "capacity"]
    assume(capacity)
    facts = Facts(p)
    checked = 0
    for eid in capacity:
        fix = repair(p, prop, eid, time_limit=5, facts=facts)
        # An infeasible repair must be proven so: a small problem never runs out of time.
        assert fix.feasible or fix.proven, fix.detail
        if not fix.feasible:
            continue
        checked += 1
        after = apply_repair(facts, prop, fix)
        assert eid in {a.event for a in after.assignments}
        findings = validate(p, after)
        assert findings.critical == 0, [
            f.message for f in findings.findings if f.severity == "critical"
        ]
        assert fix.objective_change == objective(after.score) - objective(prop.score)
        assert fix.by_moves_alone == (not fix.left_out)
    note(f"repairs applied and checked: {min(checked, 3)}{'+' if checked >= 3 else ''}")


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(crowded())
def test_why_not_a_free_employee_prices_a_valid_schedule_that_gives_her_the_event(p):
    prop = solve(p, time_limit=5, workers=1, seed=0).proposal
    capacity = [u.event for u in prop.unscheduled if u.reason == "capacity"]
    assume(capacity)
    facts = Facts(p)
    eid = capacity[0]
    for emp in sorted(e for e in facts.employees if facts.role_eligible(e, eid)):
        answer = why_not(p, prop, eid, emp, time_limit=5, facts=facts)
        if answer.repair is None:
            # No free day: every allowed day names its rules.
            assert all(d.rules for d in answer.days)
            continue
        fix = answer.repair
        assert fix.feasible or fix.proven, fix.detail
        if not fix.feasible:
            continue
        after = apply_repair(facts, prop, fix)
        assert {a.event: a.employee for a in after.assignments}[eid] == emp
        assert validate(p, after).critical == 0
        assert fix.objective_change == objective(after.score) - objective(prop.score)
