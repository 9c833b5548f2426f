"""Applying a repair and checking its promise (domain.repair), on hand-made repairs."""

from __future__ import annotations

from domain.facts import Facts
from domain.models import Move, Repair, Slot, Unscheduled
from domain.repair import apply_repair, broken_promises
from domain.score import objective, score_schedule
from tests.builders import assign, event, problem, proposal, roster


def _case():
    p = problem(
        employees=roster("E03", "E04"),
        events=[event("C1", first="mon", last="mon"), event("C2", first="mon", last="mon")],
        time_off=[{"employee": "E03", "start": "2026-03-02", "end": "2026-03-02"}],
    )
    facts = Facts(p)
    c1 = assign(facts, "C1", "E04", "mon", block=1)
    prop = proposal([c1], [Unscheduled(event="C2", reason="capacity")])
    prop = prop.model_copy(update={"score": score_schedule(p, prop.assignments)})
    return p, facts, prop, c1


def _swap(c1, employee: str, change: int) -> Repair:
    """C2 takes C1's slot (on ``employee``), C1 is left out."""
    slot = Slot(employee=employee, start=c1.start, block=1)
    return Repair(
        feasible=True,
        moves=[
            Move(event="C1", from_=Slot(employee="E04", start=c1.start, block=1), to=None),
            Move(event="C2", to=slot),
        ],
        left_out=["C1"],
        objective_change=change,
    )


def test_an_applied_repair_lists_every_event_once_and_is_rescored():
    p, facts, prop, c1 = _case()
    after = apply_repair(facts, prop, _swap(c1, "E04", 0))
    assert [(a.event, a.employee) for a in after.assignments] == [("C2", "E04")]
    assert [(u.event, u.reason) for u in after.unscheduled] == [("C1", "capacity")]
    assert after.score == score_schedule(p, after.assignments)


def test_a_repair_priced_as_the_scorer_says_keeps_its_promise():
    p, facts, prop, c1 = _case()
    after = apply_repair(facts, prop, _swap(c1, "E04", 0))
    delta = objective(after.score) - objective(prop.score)
    assert broken_promises(p, prop, _swap(c1, "E04", delta), event="C2") == []


def test_a_wrong_objective_change_and_a_hard_rule_of_the_repaired_schedule_are_named():
    p, facts, prop, c1 = _case()
    broken = broken_promises(p, prop, _swap(c1, "E03", 12345), event="C2", facts=facts)
    assert any(line.startswith("H02:") for line in broken), broken
    assert any(line.startswith("objective_change 12345") for line in broken), broken


def test_an_infeasible_repair_or_one_that_leaves_the_event_out_breaks_its_promise():
    p, _, prop, c1 = _case()
    assert broken_promises(p, prop, Repair(feasible=False, detail="x")) == ["not feasible: x"]
    nothing = Repair(feasible=True, by_moves_alone=True, objective_change=0)
    still = ["C2 is still not scheduled after the repair"]
    assert broken_promises(p, prop, nothing, event="C2") == still
