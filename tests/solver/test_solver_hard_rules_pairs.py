"""Hard rules H14-H20 (pairing, deep clean, base shift, locked days, minutes, frozen
assignments): see ``test_solver_hard_rules.py`` for how each test is checked."""

from __future__ import annotations

from datetime import datetime

from tests.builders import at, day, employee, event, existing, problem, roster
from tests.solver.helpers import overlaps, placed, reason, solve_checked, sup_event

# --- H14-H17: pairs and shifts ----------------------------------------------------


def test_h14_a_core_whose_supervisor_event_cannot_be_staffed_is_unscheduled_too():
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="mon", last="mon"), sup_event("S1", "C1", "mon")],
    )
    r = solve_checked(p)
    assert r.proposal.assignments == []
    assert reason(r, "S1") == "no_eligible_employee"
    assert reason(r, "C1") == "capacity"


def test_h14_the_core_moves_to_the_day_its_supervisor_event_can_be_staffed():
    emps = [employee("E03"), employee("E06", "supervisor", off=("sun", "mon"))]
    p = problem(
        employees=emps, events=[event("C1", first="sun", last="sat"), sup_event("S1", "C1", "sun")]
    )
    got = placed(solve_checked(p))
    assert got["C1"].employee == "E03"
    assert got["S1"].employee == "E06"
    assert got["C1"].start.date() == got["S1"].start.date() == day("tue")


def test_h14_the_supervisor_event_pairs_by_six_digit_number_and_follows_its_core():
    p = problem(
        employees=roster("E03", "E06"),
        events=[
            event("C1", name="123456-CORE-Demo", first="wed", last="sat"),
            event("S1", "Supervisor", "sun", name="123456-Supervisor"),
        ],
    )
    got = placed(solve_checked(p))
    assert got["S1"].start.date() == got["C1"].start.date() == day("wed")


def test_h14_a_new_supervisor_event_follows_its_locked_core():
    p = problem(
        employees=roster("E03", "E06"),
        events=[event("C1", first="sun"), sup_event("S1", "C1", "sun")],
        existing=[existing("C1", "E03", "thu", "10:15", block=1, locked=True)],
    )
    got = placed(solve_checked(p))
    assert got["C1"].change == "kept"
    assert (got["S1"].employee, got["S1"].start.date()) == ("E06", day("thu"))


def test_h14_the_core_waits_for_its_supervisor_events_own_window():
    p = problem(
        employees=roster("E03", "E06"),
        events=[event("C1", first="sun"), sup_event("S1", "C1", "wed")],
    )
    got = placed(solve_checked(p))
    assert got["C1"].start.date() == got["S1"].start.date() == day("wed")


def test_h14_a_supervisor_event_whose_core_is_inactive_is_pair_unscheduled():
    p = problem(
        employees=roster("E03", "E06"),
        events=[event("C1", condition="Canceled"), sup_event("S1", "C1")],
    )
    r = solve_checked(p)
    assert r.proposal.assignments == []
    assert reason(r, "S1") == "pair_unscheduled"
    assert reason(r, "C1") == "inactive"


def test_h14_a_core_whose_supervisor_event_is_inactive_is_scheduled_alone():
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="mon"), sup_event("S1", "C1", condition="Expired")],
    )
    r = solve_checked(p)
    assert placed(r)["C1"].employee == "E03"
    assert reason(r, "S1") == "inactive"


def test_h15_the_survey_goes_with_its_production_same_employee_same_day():
    # The juicer is off Monday, the Production's date: the supervisor takes both.
    emps = [employee("E05", "juicer", off=("mon",)), employee("E06", "supervisor")]
    p = problem(
        employees=emps,
        events=[
            event("P1", "Juicer Production", "mon"),
            event("V1", "Juicer Survey", "sun", pairs_with="P1"),
        ],
        rotations=[{"weekday": "sun", "kind": "juicer", "employee": "E05"}],
    )
    got = placed(solve_checked(p))
    assert got["P1"].employee == got["V1"].employee == "E06"
    assert got["V1"].start.date() == got["P1"].start.date() == day("mon")


def test_h15_two_juicers_the_survey_follows_the_productions_employee():
    emps = [employee("E05", "juicer"), employee("E07", "juicer")]
    p = problem(
        employees=emps,
        events=[
            event("P1", "Juicer Production", "mon"),
            event("V1", "Juicer Survey", "mon", last="mon"),
        ],
        rotations=[{"weekday": "mon", "kind": "juicer", "employee": "E05"}],
        time_off=[{"employee": "E05", "start": "2026-03-01", "end": "2026-03-01"}],
        settings={"weights": {"S3": 0}},
    )
    got = placed(solve_checked(p))
    assert got["V1"].employee == got["P1"].employee
    assert got["V1"].start.date() == got["P1"].start.date()


def test_h15_a_new_survey_goes_to_the_employee_of_its_locked_production():
    # The rotation (S3) names E07 for Monday, but the Production is locked with E05.
    p = problem(
        employees=[employee("E05", "juicer"), employee("E07", "juicer")],
        events=[
            event("P1", "Juicer Production", "mon"),
            event("V1", "Juicer Survey", "sun", pairs_with="P1"),
        ],
        rotations=[{"weekday": "mon", "kind": "juicer", "employee": "E07"}],
        existing=[existing("P1", "E05", "mon", "09:00", locked=True)],
    )
    got = placed(solve_checked(p))
    assert (got["V1"].employee, got["V1"].start.date()) == ("E05", day("mon"))


def test_h15_the_survey_keeps_its_own_window_and_the_production_waits_for_it():
    # The Survey's window opens Tuesday, the Production is dated Monday: no day suits
    # both, so neither is scheduled (the Production does not run without its Survey).
    p = problem(
        employees=roster("E05"),
        events=[
            event("P1", "Juicer Production", "mon"),
            event("V1", "Juicer Survey", "tue", last="sat", pairs_with="P1"),
        ],
    )
    r = solve_checked(p)
    assert r.proposal.assignments == []
    assert reason(r, "P1") == "capacity"


def test_h15_a_survey_whose_production_is_inactive_is_pair_unscheduled():
    p = problem(
        employees=roster("E05"),
        events=[
            event("P1", "Juicer Production", "mon", condition="Canceled"),
            event("V1", "Juicer Survey", "mon", last="mon", pairs_with="P1"),
        ],
    )
    r = solve_checked(p)
    assert r.proposal.assignments == []
    assert reason(r, "V1") == "pair_unscheduled"


def test_h15_a_survey_whose_production_cannot_be_staffed_is_unscheduled():
    # The juicer already has a locked Core on Monday (H09): no Production, so no Survey.
    p = problem(
        employees=roster("E05"),
        events=[
            event("K1", first="mon", last="mon"),
            event("P1", "Juicer Production", "mon"),
            event("V1", "Juicer Survey", "mon", last="mon", pairs_with="P1"),
        ],
        existing=[existing("K1", "E05", "mon", "10:15", block=1, locked=True)],
    )
    r = solve_checked(p)
    assert set(placed(r)) == {"K1"}
    assert reason(r, "V1") == "pair_unscheduled"


def test_h16_a_deep_clean_is_not_put_on_the_production_day():
    p = problem(
        employees=roster("E05", "E06"),
        events=[
            event("P1", "Juicer Production", "mon"),
            event("D1", "Juicer Deep Clean", "mon", last="tue"),
        ],
    )
    got = placed(solve_checked(p))
    assert got["P1"].start.date() == day("mon")
    assert got["D1"].start.date() == day("tue")


def test_h16_a_deep_clean_on_a_locked_production_day_only_is_unscheduled():
    p = problem(
        employees=roster("E05", "E06"),
        events=[
            event("P1", "Juicer Production", "mon"),
            event("D1", "Juicer Deep Clean", "mon", last="mon"),
        ],
        existing=[existing("P1", "E05", "mon", "09:00", locked=True)],
    )
    r = solve_checked(p)
    assert set(placed(r)) == {"P1"}
    assert reason(r, "D1") == "capacity"


def test_h16_no_new_production_on_the_day_of_a_locked_deep_clean():
    p = problem(
        employees=roster("E05", "E06"),
        events=[
            event("D1", "Juicer Deep Clean", "mon", last="mon"),
            event("P1", "Juicer Production", "mon"),
        ],
        existing=[existing("D1", "E06", "mon", "09:00", locked=True)],
    )
    r = solve_checked(p)
    assert set(placed(r)) == {"D1"}
    assert reason(r, "P1") == "capacity"


def test_h17_a_leads_freeosk_without_a_shift_that_day_is_not_scheduled():
    p = problem(employees=roster("E01"), events=[event("F1", "Freeosk", "mon")])
    r = solve_checked(p)
    assert r.proposal.assignments == []
    assert reason(r, "F1") == "capacity"


def test_h17_the_leads_core_is_put_on_the_freeosk_day_to_allow_it():
    # S9 would put the Core on Sunday; the Freeosk (Monday, 10:00) needs a shift that day.
    p = problem(
        employees=roster("E01"),
        events=[event("C1", first="sun", last="sat"), event("F1", "Freeosk", "mon")],
    )
    got = placed(solve_checked(p))
    assert got["F1"].employee == got["C1"].employee == "E01"
    assert got["C1"].start.date() == got["F1"].start.date() == day("mon")
    assert not overlaps(got["C1"], got["F1"])


def test_h17_a_supervisor_needs_no_shift_for_a_freeosk():
    p = problem(employees=roster("E06"), events=[event("F1", "Freeosk", "mon")])
    assert placed(solve_checked(p))["F1"].employee == "E06"


def test_h17_a_lead_needs_a_shift_for_a_supervisor_event_too():
    # The lead has no Core that day (the specialist has it): the Supervisor event
    # cannot go to the lead, so neither is scheduled... unless the lead takes the Core.
    p = problem(
        employees=roster("E01", "E03"),
        events=[event("C1", first="mon", last="mon"), sup_event("S1", "C1", "mon")],
    )
    r = solve_checked(p)
    got = placed(r)
    assert set(got) == {"C1", "S1"}
    assert got["C1"].employee == got["S1"].employee == "E01"


# --- H18-H20: locked days, weekly minutes, frozen assignments -------------------


def test_h18_a_locked_day_gets_no_new_assignment_and_keeps_its_existing_one():
    # Moving C2 off the supervisor would gain S5 (200) at an S10 cost of 1, but Monday
    # is locked: C2 stays as it is and C1 goes to Tuesday.
    p = problem(
        employees=roster("E03", "E06"),
        events=[event("C1", first="mon", last="tue"), event("C2", first="sun")],
        locked_days=["2026-03-02"],
        settings={"weights": {"S10": 1}},
        existing=[existing("C2", "E06", "mon", "10:15", block=1)],
    )
    got = placed(solve_checked(p))
    assert got["C1"].start.date() == day("tue")
    c2 = got["C2"]
    assert (c2.employee, c2.start, c2.block, c2.change) == ("E06", at("mon", "10:15"), 1, "kept")
    assert not [a for a in got.values() if a.start.date() == day("mon") and a.change != "kept"]


def test_h18_a_locked_day_blocks_dated_events_of_that_day():
    p = problem(
        employees=roster("E06"), events=[event("F1", "Freeosk", "mon")], locked_days=["2026-03-02"]
    )
    assert reason(solve_checked(p), "F1") == "no_available_employee"


def test_h19_weekly_work_minutes_from_settings_hold():
    # A Core is 360 work minutes: 720 allows two of three.
    p = problem(
        employees=roster("E03"),
        events=[event(f"C{i}") for i in range(1, 4)],
        settings={"max_week_minutes": 720},
    )
    r = solve_checked(p)
    assert len(r.proposal.assignments) == 2
    assert [u.reason for u in r.proposal.unscheduled] == ["capacity"]


def test_h19_supervisor_events_do_not_count_toward_weekly_minutes():
    p = problem(
        employees=roster("E01"),
        events=[event("C1", first="mon", last="mon"), sup_event("S1", "C1", "mon")],
        settings={"max_week_minutes": 360},
    )
    assert set(placed(solve_checked(p))) == {"C1", "S1"}


def test_h19_weekly_minutes_count_lunch_free_production_and_small_events():
    # Production 480 work minutes + Deep Clean 240 > 600: only one of them fits.
    p = problem(
        employees=roster("E05"),
        events=[
            event("P1", "Juicer Production", "mon"),
            event("D1", "Juicer Deep Clean", "tue", last="tue"),
        ],
        settings={"max_week_minutes": 600},
    )
    r = solve_checked(p)
    assert len(r.proposal.assignments) == 1


def test_h20_a_locked_existing_assignment_is_kept_exactly():
    # A supervisor on a Core in block 6 (S5 penalty, and an odd block): locked, so kept.
    p = problem(
        employees=roster("E03", "E06"),
        events=[event("C1", first="sun")],
        existing=[existing("C1", "E06", "wed", "11:15", block=6, locked=True)],
    )
    a = placed(solve_checked(p))["C1"]
    assert (a.employee, a.start, a.block, a.change) == ("E06", at("wed", "11:15"), 6, "kept")


def test_h20_an_existing_assignment_before_today_plus_buffer_is_kept():
    p = problem(
        employees=roster("E03", "E06"),
        events=[event("C1", first="2026-02-27", last="sat"), event("F1", "Freeosk", "2026-02-28")],
        horizon={"start": "2026-02-27", "end": "2026-03-07"},
        settings={"weights": {"S10": 1}},
        existing=[
            existing("C1", "E06", "2026-02-28", "10:45", block=4),
            existing("F1", "E06", "2026-02-28", "10:00"),
        ],
    )
    got = placed(solve_checked(p))
    c1 = got["C1"]
    assert (c1.employee, c1.start, c1.block, c1.change) == (
        "E06",
        datetime(2026, 2, 28, 10, 45),
        4,
        "kept",
    )
    assert got["F1"].change == "kept"


def test_h20_an_existing_assignment_outside_the_horizon_is_kept():
    p = problem(
        employees=roster("E03", "E06"),
        events=[event("C1", first="sun", last="2026-03-12")],
        settings={"weights": {"S10": 1}},
        existing=[existing("C1", "E06", "2026-03-10", "10:15", block=2)],
    )
    a = placed(solve_checked(p))["C1"]
    assert (a.employee, a.start, a.block, a.change) == (
        "E06",
        datetime(2026, 3, 10, 10, 15),
        2,
        "kept",
    )


def test_h20_a_locked_assignment_of_an_inactive_event_is_dropped_as_inactive():
    p = problem(
        employees=roster("E03"),
        events=[event("C1", condition="Canceled")],
        existing=[existing("C1", "E03", "mon", "10:15", block=1, locked=True)],
    )
    r = solve_checked(p)
    assert r.proposal.assignments == []
    assert reason(r, "C1") == "inactive"
