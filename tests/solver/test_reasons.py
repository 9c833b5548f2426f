"""Unscheduled reasons (RULES.md §6) and how build_proposal reports each event."""

from __future__ import annotations

from datetime import datetime

from domain.facts import Facts
from solver.proposal import Chosen, build_proposal
from solver.reasons import classify
from tests.builders import assign, at, employee, event, existing, problem, roster


def _classify(p, event_id, scheduled=(), schedule=None):
    return classify(Facts(p), event_id, set(scheduled), schedule)


def test_a_canceled_event_is_inactive():
    p = problem(events=[event("C1", condition="Canceled")])
    reason, detail = _classify(p, "C1")
    assert reason == "inactive"
    assert "canceled" in detail


def test_an_event_whose_window_ends_before_the_buffer_is_window_closed():
    p = problem(events=[event("C1", first="2026-02-20", last="2026-02-27")])
    reason, detail = _classify(p, "C1")
    assert reason == "window_closed"
    assert "2026-03-01" in detail


def test_an_event_after_the_horizon_is_window_closed():
    p = problem(events=[event("C1", first="2026-03-09", last="2026-03-12")])
    assert _classify(p, "C1")[0] == "window_closed"


def test_a_freeosk_without_any_lead_or_supervisor_has_no_eligible_employee():
    p = problem(employees=roster("E03", "E04", "E05"), events=[event("F1", "Freeosk", "mon")])
    reason, detail = _classify(p, "F1")
    assert reason == "no_eligible_employee"
    assert "lead or supervisor" in detail


def test_a_lead_terminated_before_the_day_is_not_eligible():
    staff = [employee("E01", "lead", termination_date="2026-03-02")]
    p = problem(employees=staff, events=[event("F1", "Freeosk", "wed")])
    assert _classify(p, "F1")[0] == "no_eligible_employee"


def test_every_lead_on_time_off_on_the_only_day_means_no_available_employee():
    staff = roster("E01", "E02", "E03")
    off = [{"employee": e, "start": "2026-03-04", "end": "2026-03-04"} for e in ("E01", "E02")]
    p = problem(employees=staff, events=[event("F1", "Freeosk", "wed")], time_off=off)
    reason, detail = _classify(p, "F1")
    assert reason == "no_available_employee"
    assert detail == "Every lead or supervisor is on time off on 2026-03-04, the event's only day."


def test_a_locked_only_day_means_no_available_employee():
    p = problem(events=[event("F1", "Freeosk", "mon")], locked_days=["2026-03-02"])
    reason, detail = _classify(p, "F1")
    assert reason == "no_available_employee"
    assert "locked day" in detail


def test_a_supervisor_event_whose_core_is_not_scheduled_is_pair_unscheduled():
    p = problem(events=[event("C1"), event("S1", "Supervisor", pairs_with="C1")])
    reason, detail = _classify(p, "S1")
    assert reason == "pair_unscheduled"
    assert "C1" in detail
    assert _classify(p, "S1", scheduled={"C1"})[0] == "capacity"


def test_a_supervisor_event_of_a_canceled_core_is_pair_unscheduled():
    p = problem(
        events=[event("C1", condition="Canceled"), event("S1", "Supervisor", pairs_with="C1")]
    )
    reason, detail = _classify(p, "S1")
    assert reason == "pair_unscheduled"
    assert "canceled" in detail


def test_a_core_with_its_only_employee_busy_that_day_is_capacity_naming_h09():
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="mon", last="mon"), event("C2", first="mon", last="mon")],
    )
    taken = [assign(p, "C2", "E03", "mon", block=1)]
    reason, detail = _classify(p, "C1", {"C2"}, taken)
    assert reason == "capacity"
    assert "H09" in detail


def test_capacity_without_a_schedule_still_has_a_sentence():
    p = problem(employees=roster("E03"), events=[event("C1")])
    reason, detail = _classify(p, "C1")
    assert reason == "capacity"
    assert detail


# --- build_proposal --------------------------------------------------------------


def _changes_problem():
    return problem(
        events=[
            event("C1"),
            event("C2"),
            event("C3"),
            event("C4"),
            event("X1", condition="Expired"),
        ],
        existing=[
            existing("C1", "E03", "mon", "10:15", block=1),
            existing("C2", "E04", "tue", "10:15", block=1),
            existing("C3", "E03", "wed", "10:15", block=1),
            existing("X1", "E04", "wed", "10:15", block=2),
        ],
    )


def test_build_proposal_marks_kept_moved_new_and_dropped():
    p = _changes_problem()
    chosen = [
        Chosen("C1", "E03", at("mon", "10:15"), 1),
        Chosen("C2", "E04", at("tue", "10:45"), 3),
        Chosen("C4", "E04", at("thu", "10:15"), 1),
    ]
    prop = build_proposal(p, None, chosen, status="FEASIBLE")
    changes = {a.event: a.change for a in prop.assignments}
    assert changes == {"C1": "kept", "C2": "moved", "C4": "new"}
    reasons = {u.event: u.reason for u in prop.unscheduled}
    assert reasons == {"C3": "dropped", "X1": "inactive"}
    assert prop.assignments[0].end == datetime(2026, 3, 2, 16, 45)
    assert prop.score["S10"] < 0
    assert prop.objective == sum(prop.score.values())


def test_a_block_change_at_the_same_time_is_moved():
    p = _changes_problem()
    prop = build_proposal(p, None, [Chosen("C1", "E03", at("mon", "10:15"), 2)], status="FEASIBLE")
    assert prop.assignments[0].change == "moved"


def test_a_dropped_existing_assignment_names_the_rule_that_forced_it():
    p = problem(
        events=[event("C1")],
        existing=[existing("C1", "E03", "tue", "10:15", block=1)],
        time_off=[{"employee": "E03", "start": "2026-03-03", "end": "2026-03-03"}],
    )
    prop = build_proposal(p, None, [], status="FEASIBLE")
    (u,) = prop.unscheduled
    assert (u.reason, u.rule) == ("dropped", "H02")
    assert "E03" in u.detail


def test_build_proposal_lists_every_event_once_in_order():
    p = _changes_problem()
    chosen = [
        Chosen("C4", "E04", at("thu", "10:15"), 1),
        Chosen("C1", "E03", at("mon", "10:15"), 1),
    ]
    prop = build_proposal(p, None, chosen, status="FEASIBLE", objective=7, bound=9)
    events = [a.event for a in prop.assignments] + [u.event for u in prop.unscheduled]
    assert sorted(events) == sorted(e.id for e in p.events)
    assert [a.event for a in prop.assignments] == ["C1", "C4"]
    assert [u.event for u in prop.unscheduled] == sorted(u.event for u in prop.unscheduled)
    assert (prop.objective, prop.bound) == (7, 9)
