"""Rule-book revision 3 in the solver (issue 9 §1): support tasks inside a shift
(H12), H19 without them, Reissued active, S1 from ``settings.priority``; every
proposal is checked with the validator (``solve_checked``)."""

from __future__ import annotations

from domain.facts import Facts
from domain.rules import may_overlap
from tests.builders import event, problem, roster
from tests.solver.helpers import overlaps, placed, solve_checked


def test_h12_the_primary_lead_takes_her_freeosk_inside_her_own_block_1_core():
    """Rev 3: a Freeosk may overlap its lead's own Core, so S3 (the Freeosk to the
    primary lead) and S4 (her Core in block 1) no longer fight."""
    p = problem(
        employees=roster("E01", "E06"),
        events=[event("C1", first="mon", last="mon"), event("F1", "Freeosk", "mon")],
        settings={"start_times": {"Freeosk": ["12:00"]}},
        rotations=[{"weekday": "mon", "kind": "primary_lead", "employee": "E01"}],
    )
    r = solve_checked(p)
    got = placed(r)
    assert (got["C1"].employee, got["C1"].block) == ("E01", 1)
    assert got["F1"].employee == "E01" and overlaps(got["C1"], got["F1"])
    assert r.proposal.score["S3"] == 50 and r.proposal.score["S4"] == 25


def test_h12_a_freeosk_may_not_overlap_its_supervisors_deep_clean():
    # The supervisor is the only one for both; the Deep Clean (09:00-13:00) and the
    # 10:00 Freeosk overlap, so one of them is left out (the Freeosk on Monday only).
    p = problem(
        employees=roster("E06"),
        events=[
            event("D1", "Juicer Deep Clean", "mon", last="mon"),
            event("F1", "Freeosk", "mon"),
        ],
        settings={"start_times": {"Freeosk": ["10:00"]}},
    )
    r = solve_checked(p)
    assert len(placed(r)) == 1
    assert [u.reason for u in r.proposal.unscheduled] == ["capacity"]


def test_h12_no_employee_ever_has_two_overlapping_assignments_that_may_not_overlap():
    p = problem(
        employees=roster("E01", "E06"),
        events=[
            event("C1", first="mon", last="mon"),
            event("F1", "Freeosk", "mon"),
            event("D1", "Digital Setup", "mon"),
            event("X1", "Digitals", "mon", last="mon"),
            event("O1", "Other", "mon", last="mon"),
            event("T1", "Digital Teardown", "mon"),
        ],
    )
    r = solve_checked(p)
    types = Facts(p).types
    items = r.proposal.assignments
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            if a.employee == b.employee and overlaps(a, b):
                assert may_overlap(types[a.event], types[b.event]), (a, b)


def test_h19_counts_no_support_task_in_the_model():
    # One Core is 360 work minutes, the limit: her Freeosk, Setup and Supervisor
    # event still fit, a Digital Teardown (15 minutes of work) does not.
    p = problem(
        employees=roster("E01"),
        events=[
            event("C1", first="mon", last="mon"),
            event("S1", "Supervisor", "mon", pairs_with="C1"),
            event("F1", "Freeosk", "mon"),
            event("D1", "Digital Setup", "mon"),
            event("T1", "Digital Teardown", "mon"),
        ],
        settings={"max_week_minutes": 360},
    )
    r = solve_checked(p)
    assert set(placed(r)) == {"C1", "S1", "F1", "D1"}
    assert {u.event: u.reason for u in r.proposal.unscheduled} == {"T1": "capacity"}


def test_a_reissued_core_is_scheduled():
    p = problem(employees=roster("E03"), events=[event("C1", condition="Reissued")])
    assert set(placed(solve_checked(p))) == {"C1"}


def test_s1_follows_settings_priority_in_the_model_and_the_score():
    # One lead, one 10:00 start: a Freeosk (default priority 4) or an Other (9).
    # With Other raised to priority 1 the solver takes the Other.
    evs = [event("F1", "Freeosk", "mon"), event("O1", "Other", "mon", last="mon")]
    times = {"Freeosk": ["10:00"], "Other": ["10:00"]}
    base = {"start_times": times}
    p = problem(employees=roster("E06"), events=evs, settings=base)
    assert set(placed(solve_checked(p))) == {"F1"}
    raised = problem(
        employees=roster("E06"), events=evs, settings={**base, "priority": {"Other": 1}}
    )
    r = solve_checked(raised)
    assert set(placed(r)) == {"O1"}
    assert r.proposal.score["S1"] == 1000 + 100 * (10 - 1)
