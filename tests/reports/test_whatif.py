"""The what-if comparison PDF: the base and scenarios side by side with per-rule differences."""

from __future__ import annotations

from domain.facts import Facts
from domain.rules import SOFT_RULES
from reports.whatif import Comparison, Placement, ScenarioColumn, Solve, whatif_pdf
from tests.reports.helpers import clock, holds, landscape, text


def _solve(name: str, score: dict[str, int], scheduled: int) -> Solve:
    return Solve(
        name=name,
        status="OPTIMAL",
        objective=float(sum(score.values())),
        scheduled=scheduled,
        scheduled_by_type={"Core": scheduled - 2, "Supervisor": 2},
        unscheduled_by_reason={"capacity": 3},
        score=score,
    )


def test_the_comparison_shows_each_scenario_its_changes_and_rule_differences(store):
    problem, proposal = store
    facts = Facts(problem)
    base_score = {r: 100 * (i + 1) for i, r in enumerate(SOFT_RULES)}
    off_score = {**base_score, "S1": base_score["S1"] - 1234, "S7": base_score["S7"] + 55}
    a = proposal.assignments[0]
    other = next(e.id for e in problem.employees if e.id != a.employee)
    before = Placement(a.event, a.employee, a.start, a.block)
    after = Placement(a.event, other, a.start, a.block)
    comparison = Comparison(
        store=problem.store,
        horizon_start=problem.horizon.start,
        horizon_end=problem.horizon.end,
        base=_solve("base", base_score, 40),
        scenarios=[
            ScenarioColumn(
                solve=_solve("Ana off Tuesday", off_score, 39),
                changes=[f"employee_off {a.employee} on {a.start:%Y-%m-%d}"],
                score_diff={r: off_score[r] - base_score[r] for r in SOFT_RULES},
                objective_diff=-1179.0,
                changed=[(before, after)],
            ),
            ScenarioColumn(solve=_solve("No changes", base_score, 40), same_as_base=True),
        ],
        run_id=12,
    )
    pdf = whatif_pdf(problem, comparison, clock=clock)
    body = text(pdf)
    assert all(landscape(pdf)) and "run 12" in body
    assert "Ana off Tuesday" in body and "No changes" in body
    assert "-1,234" in body and "+55" in body and "-1,179" in body
    assert holds(body, facts.events[a.event].name)
    assert holds(body, facts.employees[other].name)
    assert "same answer" in body
    assert pdf == whatif_pdf(problem, comparison, clock=clock)
