"""Hard rules H01-H20: on a tiny problem where a naive assignment would break the
rule, the solver's proposal keeps it (and ``solve_checked`` verifies the proposal
has no critical finding, accounts for every event and scores as it claims)."""

from __future__ import annotations

from datetime import time

from tests.builders import at, day, employee, event, problem, roster
from tests.solver.helpers import placed, reason, solve_checked

# --- H01-H05: the employee's day and role -----------------------------------


def test_h01_a_core_skips_a_company_holiday_and_takes_the_open_day():
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="tue", last="wed")],
        holidays=[{"date": "2026-03-03", "name": "Store closed"}],
    )
    a = placed(solve_checked(p))["C1"]
    assert (a.employee, a.start.date()) == ("E03", day("wed"))


def test_h01_a_core_whose_only_day_is_a_holiday_is_unscheduled_no_available_employee():
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="tue", last="tue")],
        holidays=[{"date": "2026-03-03"}],
    )
    assert reason(solve_checked(p), "C1") == "no_available_employee"


def test_h02_a_core_avoids_every_day_of_the_employees_time_off():
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="mon", last="thu")],
        time_off=[{"employee": "E03", "start": "2026-03-02", "end": "2026-03-04"}],
    )
    a = placed(solve_checked(p))["C1"]
    assert a.start.date() == day("thu")


def test_h02_time_off_moves_the_core_to_the_other_employee_on_the_earliest_day():
    p = problem(
        employees=roster("E03", "E04"),
        events=[event("C1", first="mon", last="tue")],
        time_off=[{"employee": "E03", "start": "2026-03-02", "end": "2026-03-02"}],
    )
    a = placed(solve_checked(p))["C1"]
    assert (a.employee, a.start.date()) == ("E04", day("mon"))


def test_h03_a_weekly_day_off_is_respected():
    p = problem(
        employees=[employee("E03", off=("mon",))], events=[event("C1", first="mon", last="tue")]
    )
    assert placed(solve_checked(p))["C1"].start.date() == day("tue")


def test_h03_an_override_yes_beats_the_weekly_pattern_no():
    p = problem(
        employees=[employee("E03", off=("mon",))],
        events=[event("C1", first="mon", last="tue")],
        availability_overrides=[{"employee": "E03", "date": "2026-03-02", "available": True}],
    )
    assert placed(solve_checked(p))["C1"].start.date() == day("mon")


def test_h03_an_override_no_wins_over_the_pattern_and_over_a_disagreeing_yes():
    overrides = [
        {"employee": "E03", "date": "2026-03-02", "available": True},
        {"employee": "E03", "date": "2026-03-02", "available": False},
        {"employee": "E03", "date": "2026-03-03", "available": False},
    ]
    p = problem(
        employees=[employee("E03")],
        events=[event("C1", first="mon", last="wed")],
        availability_overrides=overrides,
    )
    assert placed(solve_checked(p))["C1"].start.date() == day("wed")


def test_h04_a_freeosk_with_only_specialists_is_unscheduled_no_eligible_employee():
    p = problem(
        employees=roster("E03", "E04"),
        events=[event("C1", first="mon", last="mon"), event("F1", "Freeosk", "mon")],
    )
    r = solve_checked(p)
    assert reason(r, "F1") == "no_eligible_employee"
    assert placed(r)["C1"].employee in {"E03", "E04"}


def test_h04_a_juicer_production_goes_to_the_juicer_not_the_specialist():
    p = problem(employees=roster("E03", "E05"), events=[event("P1", "Juicer Production", "mon")])
    assert placed(solve_checked(p))["P1"].employee == "E05"


def test_h05_a_terminated_or_inactive_employee_gets_nothing():
    emps = [employee("E03", termination_date="2026-03-03"), employee("E04", active=False)]
    p = problem(
        employees=emps,
        events=[event("C1", first="tue", last="sat"), event("C2", first="mon", last="sat")],
    )
    r = solve_checked(p)
    assert reason(r, "C1") == "no_eligible_employee"
    a = placed(r)["C2"]
    assert (a.employee, a.start.date()) == ("E03", day("mon"))


def test_h05_the_termination_day_itself_is_not_worked():
    emps = [employee("E03", termination_date="2026-03-02"), employee("E04")]
    p = problem(employees=emps, events=[event("C1", first="mon", last="mon")])
    assert placed(solve_checked(p))["C1"].employee == "E04"


# --- H06-H08: the event --------------------------------------------------------


def test_h06_an_inactive_event_is_never_scheduled_and_reported_inactive():
    p = problem(
        employees=roster("E03", "E04"),
        events=[
            event("C1", condition="Canceled"),
            event("C2", condition="EXPIRED"),
            event("C3", condition="cancelled"),
            event("C4", condition="Scheduled"),
            event("C5", condition="Reissued"),
        ],
    )
    r = solve_checked(p)
    assert {e: reason(r, e) for e in ("C1", "C2", "C3")} == dict.fromkeys(
        ("C1", "C2", "C3"), "inactive"
    )
    assert set(placed(r)) == {"C4", "C5"}  # Reissued is active (rev 3)


def test_h06_each_event_is_assigned_at_most_once_even_with_room_for_more():
    p = problem(employees=roster("E03", "E04"), events=[event("C1")])
    r = solve_checked(p)
    assert [a.event for a in r.proposal.assignments] == ["C1"]


def test_h07_no_new_assignment_before_today_plus_buffer_even_inside_the_horizon():
    # Horizon starts Fri 02-27, but today (Thu 02-26) + 3 days is Sun 03-01.
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="2026-02-27", last="mon")],
        horizon={"start": "2026-02-27", "end": "2026-03-07"},
    )
    assert placed(solve_checked(p))["C1"].start.date() == day("sun")


def test_h07_a_larger_buffer_setting_pushes_the_first_day():
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="sun", last="sat")],
        settings={"buffer_days": 5},
    )
    assert placed(solve_checked(p))["C1"].start.date() == day("tue")


def test_h07_a_window_before_the_buffer_or_after_the_horizon_is_window_closed():
    p = problem(
        employees=roster("E03"),
        events=[
            event("C1", first="2026-02-26", last="2026-02-28"),
            event("C2", first="2026-03-08", last="2026-03-10"),
            event("C3", first="sat", last="2026-03-10"),
        ],
    )
    r = solve_checked(p)
    assert reason(r, "C1") == "window_closed"
    assert reason(r, "C2") == "window_closed"
    assert placed(r)["C3"].start.date() == day("sat")


def test_h07_the_horizon_end_is_respected_when_the_window_runs_past_it():
    p = problem(
        employees=[employee("E03", off=("fri",))],
        events=[event("C1", first="fri", last="2026-03-10")],
        horizon={"start": "2026-03-01", "end": "2026-03-06"},
    )
    r = solve_checked(p)
    assert reason(r, "C1") == "no_available_employee"


def test_h07_a_dated_type_runs_only_on_its_start_date():
    # The supervisor is off Monday, the Freeosk's start date: it is not moved to Tuesday.
    p = problem(
        employees=[employee("E06", "supervisor", off=("mon",))],
        events=[
            event("F1", "Freeosk", first="mon", last="fri"),
            event("F2", "Freeosk", first="tue", last="fri"),
        ],
    )
    r = solve_checked(p)
    assert reason(r, "F1") == "no_available_employee"
    assert placed(r)["F2"].start.date() == day("tue")


def test_h07_the_window_start_time_is_respected_within_a_day():
    # Window opens Monday 11:00: the 10:15 and 10:45 blocks are out.
    ev = event("C1", first="mon", last="mon")
    ev["start"] = at("mon", "11:00").isoformat()
    p = problem(employees=roster("E03"), events=[ev])
    a = placed(solve_checked(p))["C1"]
    assert a.start.date() == day("mon") and a.start.time() in (time(11, 15), time(11, 45))
    assert a.block in ((5, 6) if a.start.time() == time(11, 15) else (7, 8))


def test_h08_start_times_come_from_the_settings_override():
    p = problem(
        employees=roster("E06"),
        events=[event("F1", "Freeosk", "mon"), event("O1", "Other", "mon", last="mon")],
        settings={"start_times": {"Freeosk": ["13:30"], "Other": ["15:00"]}},
    )
    got = placed(solve_checked(p))
    assert got["F1"].start == at("mon", "13:30")
    assert got["O1"].start == at("mon", "15:00")


def test_h08_core_start_times_come_from_configured_shift_blocks():
    blocks = [{"block": 1, "start": "09:00"}, {"block": 2, "start": "09:30"}]
    p = problem(
        employees=roster("E03", "E04"),
        events=[event("C1", first="mon", last="mon"), event("C2", first="mon", last="mon")],
        settings={"shift_blocks": blocks, "start_times": {"Core": ["12:00"]}},
    )
    got = placed(solve_checked(p))
    assert {(a.start.time(), a.block) for a in got.values()} == {(time(9, 0), 1), (time(9, 30), 2)}
