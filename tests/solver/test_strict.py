"""Strict priority mode (RULES.md §4): levels solved in priority order in one model.

Every proposal goes through ``solve_checked`` (validator: no critical finding;
every active event once; the model's score equals ``domain.score``'s).
"""

from __future__ import annotations

import threading

import pytest

from domain.models import Problem
from solver.strict import level_coef, proposal_levels
from tests.builders import event, problem, roster
from tests.solver.helpers import placed, reason, solve_checked

S1, S2 = 1000, 20


def _one_supervisor_evening(**settings) -> Problem:
    """One supervisor, one Monday evening: a long Digital Teardown (priority 5) or two
    Other events (priority 9), each of which overlaps the Teardown (H12)."""
    return problem(
        employees=roster("E06"),
        events=[
            event("T1", "Digital Teardown", "mon"),
            event("O1", "Other", "mon", last="mon"),
            event("O2", "Other", "mon", last="mon"),
        ],
        settings={
            "durations": {"Digital Teardown": 120, "Other": 30},
            "start_times": {"Digital Teardown": ["17:00"], "Other": ["17:00", "18:00"]},
            **settings,
        },
    )


def test_weighted_mode_leaves_the_higher_priority_event_out_for_two_lower_ones():
    r = solve_checked(_one_supervisor_evening(), priority_mode="weighted")
    assert set(placed(r)) == {"O1", "O2"}
    assert reason(r, "T1") == "capacity"
    assert r.proposal.levels is None


def test_strict_mode_keeps_the_higher_priority_event_that_weighted_mode_leaves_out():
    p = _one_supervisor_evening()
    weighted = solve_checked(p, priority_mode="weighted")
    strict = solve_checked(p, priority_mode="strict")
    assert set(placed(strict)) == {"T1"}
    assert {reason(strict, "O1"), reason(strict, "O2")} == {"capacity"}
    # The whole objective is lower: strict mode pays for the order it keeps.
    assert strict.objective < weighted.objective
    levels = {lv.priority: lv for lv in strict.proposal.levels}
    assert list(levels) == [5, 9]
    t1 = level_coef_of(p, "T1")
    assert (levels[5].value, levels[5].bound, levels[5].proven) == (t1, t1, True)
    assert (levels[9].value, levels[9].bound, levels[9].proven) == (0, 0, True)
    assert strict.status == "OPTIMAL"


def test_the_store_setting_is_the_default_mode_and_the_argument_overrides_it():
    strict_store = _one_supervisor_evening(priority_mode="strict")
    assert set(placed(solve_checked(strict_store))) == {"T1"}
    assert set(placed(solve_checked(strict_store, priority_mode="weighted"))) == {"O1", "O2"}


def test_a_configured_priority_changes_the_order_of_the_levels():
    # Other made priority 1: now the two Others come first and the Teardown goes.
    p = _one_supervisor_evening(priority={"Other": 1})
    r = solve_checked(p, priority_mode="strict")
    assert set(placed(r)) == {"O1", "O2"}
    levels = r.proposal.levels
    assert [lv.priority for lv in levels] == [1, 5]
    assert "Other" in levels[0].types and "Juicer Production" in levels[0].types


def level_coef_of(p: Problem, event_id: str) -> int:
    """S1 + S2 of one event, computed here from RULES.md (not from the solver)."""
    from domain.facts import Facts

    f = Facts(p)
    due = f.events[event_id].due.date()
    urgency = max(0, 14 - (due - p.today).days)
    value = S1 + 100 * (10 - p.settings.priority_of(f.types[event_id])) + S2 * urgency
    assert value == level_coef(f, event_id)
    return value


def _week() -> Problem:
    """A busy small week: every type, two leads, a supervisor, a juicer, two specialists."""
    events = [event(f"C{i}", "Core", "mon", last="fri") for i in range(6)]
    events += [event(f"S{i}", "Supervisor", "mon", last="fri", pairs_with=f"C{i}") for i in (0, 1)]
    events += [
        event("P1", "Juicer Production", "tue"),
        event("V1", "Juicer Survey", "tue", last="tue"),
        event("F1", "Freeosk", "mon"),
        event("F2", "Freeosk", "tue"),
        event("D1", "Digital Setup", "mon"),
        event("R1", "Digital Refresh", "mon"),
        event("T1", "Digital Teardown", "wed"),
        event("G1", "Digitals", "mon", last="wed"),
        event("O1", "Other", "mon", last="tue"),
    ]
    return problem(events=events, settings={"max_core_per_week": 2})


def test_each_level_reports_the_s1_and_s2_of_the_proposals_events_of_that_priority():
    p = _week()
    r = solve_checked(p, priority_mode="strict")
    got = {lv.priority: lv.value for lv in r.proposal.levels}
    want = proposal_levels(p, r.proposal)
    assert got == {prio: want.get(prio, 0) for prio in got}
    assert set(want) <= set(got)
    for lv in r.proposal.levels:
        assert lv.value <= lv.bound
        assert lv.proven == (lv.value == lv.bound)


def test_strict_mode_is_never_below_the_strict_greedy_level_by_level():
    from solver.greedy import greedy

    p = _week()
    base = proposal_levels(p, greedy(p, priority_mode="strict"))
    r = solve_checked(p, priority_mode="strict")
    got = [lv.value for lv in r.proposal.levels]
    theirs = [base.get(lv.priority, 0) for lv in r.proposal.levels]
    assert got >= theirs  # lexicographic, as the levels are ordered by priority


@pytest.mark.parametrize("limit", [0.05, 0.3])
def test_levels_stay_consistent_when_the_time_limit_cuts_the_search_short(limit):
    p = _week()
    r = solve_checked(p, priority_mode="strict", time_limit=limit)
    want = proposal_levels(p, r.proposal)
    for lv in r.proposal.levels:
        assert lv.value == want.get(lv.priority, 0)
        assert lv.value <= lv.bound
        assert not lv.proven or lv.value == lv.bound


def test_progress_is_reported_per_level_in_priority_order_and_ends_with_the_whole_objective():
    seen: list[int | None] = []
    solve_checked(_week(), priority_mode="strict", on_progress=lambda pr: seen.append(pr.level))
    assert seen, "no progress reported"
    assert None not in seen
    assert seen[-1] == 0
    stages = [lv for lv in seen if lv != 0]
    assert stages == sorted(stages)


def test_a_strict_solve_cancelled_before_it_starts_returns_the_strict_greedy():
    from solver.greedy import greedy

    p = _week()
    cancel = threading.Event()
    cancel.set()
    r = solve_checked(p, priority_mode="strict", cancel=cancel)
    assert r.status == "FEASIBLE"
    hint = greedy(p, priority_mode="strict")
    assert {a.event for a in r.proposal.assignments} == {a.event for a in hint.assignments}
    assert r.proposal.levels is not None
    from solver.strict import proposal_levels

    values = proposal_levels(p, r.proposal)
    for lv in r.proposal.levels:
        assert lv.value == values.get(lv.priority, 0)
        assert lv.bound >= lv.value


def test_an_unknown_priority_mode_is_a_clear_error():
    from solver.solve import solve

    with pytest.raises(ValueError, match="priority_mode"):
        solve(_week(), priority_mode="lexi")  # type: ignore[arg-type]
