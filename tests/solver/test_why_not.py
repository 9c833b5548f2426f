"""why_not (RULES.md §7): unary blocks, load blocks with the assignments behind them,
and the objective change of taking the employee, each checked with the validator."""

from __future__ import annotations

import domain.repair
from domain.facts import Facts
from domain.models import Unscheduled
from domain.score import objective, score_schedule
from domain.validator import validate
from solver.unary import unary_rules
from solver.why_not import why_not
from tests.builders import assign, day, event, listed, problem, proposal, roster
from tests.solver.helpers import placed, solve_checked


def apply_repair(facts: Facts, prop, fix):
    """The proposal with a repair's moves applied (its score rescored by the scorer)."""
    return domain.repair.apply_repair(facts, prop, fix)


def test_an_employee_on_time_off_is_blocked_by_the_unary_rule_alone_and_no_repair_is_tried():
    p = problem(
        employees=roster("E03", "E04"),
        events=[event("C1", first="mon", last="mon")],
        time_off=[{"employee": "E03", "start": "2026-03-02", "end": "2026-03-02"}],
    )
    result = solve_checked(p)
    assert placed(result)["C1"].employee == "E04"
    answer = why_not(p, result.proposal, "C1", "E03")
    assert [d.date for d in answer.days] == [day("mon")]
    assert answer.days[0].rules == unary_rules(Facts(p), "C1", "E03", day("mon"))
    assert "H02" in answer.days[0].rules
    assert answer.days[0].by == []
    assert answer.repair is None


def test_an_employee_whose_one_shift_is_taken_is_blocked_by_h09_naming_that_assignment():
    p = problem(
        employees=roster("E03", "E04"),
        events=[event("C1", first="mon", last="mon"), event("C2", first="mon", last="mon")],
    )
    result = solve_checked(p)
    where = placed(result)
    holder = where["C1"].employee
    other = "E04" if holder == "E03" else "E03"
    assert where["C2"].employee == other
    answer = why_not(p, result.proposal, "C2", holder)
    (mon,) = answer.days
    assert mon.rules == ["H09"]
    assert [(h.rule, h.event, h.employee) for h in mon.by] == [("H09", "C1", holder)]
    # The validator agrees: giving C2 to her too breaks H09, and it is C1 that fills it.
    facts = Facts(p)
    c2 = assign(facts, "C2", holder, "mon", block=2)
    both = [a for a in result.proposal.assignments if a.event != "C2"] + [c2]
    assert "H09" in {
        f.rule for f in validate(p, proposal(both)).findings if f.severity == "critical"
    }
    alone = [a for a in both if a.event != "C1"]
    assert validate(p, listed(p, alone)).critical == 0


def test_a_free_employee_for_an_unscheduled_event_gets_the_repair_that_puts_it_on_her():
    p = problem(employees=roster("E03", "E04"), events=[event("C1", first="mon", last="tue")])
    empty = proposal([], [Unscheduled(event="C1", reason="capacity")])
    empty = empty.model_copy(update={"score": score_schedule(p, [])})
    answer = why_not(p, empty, "C1", "E04")
    assert answer.days and all(d.free for d in answer.days)
    fix = answer.repair
    assert fix is not None and fix.feasible and fix.by_moves_alone
    after = apply_repair(Facts(p), empty, fix)
    assert {a.event: a.employee for a in after.assignments} == {"C1": "E04"}
    assert validate(p, after).critical == 0
    assert fix.objective_change == objective(after.score) - objective(empty.score)
    assert fix.objective_change > 0


def test_asking_about_the_other_employee_of_a_scheduled_event_prices_the_swap_to_her():
    p = problem(employees=roster("E03", "E04"), events=[event("C1", first="mon", last="sat")])
    result = solve_checked(p)
    holder = placed(result)["C1"].employee
    other = "E04" if holder == "E03" else "E03"
    answer = why_not(p, result.proposal, "C1", other)
    fix = answer.repair
    assert fix is not None and fix.feasible
    (move,) = [m for m in fix.moves if m.event == "C1"]
    assert move.from_ is not None and move.from_.employee == holder
    assert move.to is not None and move.to.employee == other
    after = apply_repair(Facts(p), result.proposal, fix)
    assert validate(p, after).critical == 0
    assert fix.objective_change == objective(after.score) - objective(result.proposal.score)
    assert fix.objective_change <= 0  # the proposal was optimal


def test_why_not_the_employee_who_already_does_it_says_so():
    p = problem(employees=roster("E03"), events=[event("C1", first="mon", last="mon")])
    result = solve_checked(p)
    answer = why_not(p, result.proposal, "C1", "E03")
    assert answer.days == [] and answer.repair is None
    assert "already does" in answer.detail
