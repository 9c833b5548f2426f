"""Hard rules H01-H20: a schedule breaking the rule is reported (critical) with that
rule id, and the nearest schedule keeping it is not reported for that rule."""

from __future__ import annotations

from domain.validator import validate
from tests.builders import (
    assign,
    employee,
    event,
    existing,
    judge,
    kept,
    problem,
)


def breaks(report, rule: str) -> bool:
    return any(f.rule == rule and f.severity == "critical" for f in report.findings)


def core_problem(**fields):
    return problem(events=[event("C1")], **fields)


# --- H01-H05: the employee's day and role -----------------------------------


def test_a_core_on_a_company_holiday_is_critical_and_the_next_day_is_fine():
    p = core_problem(holidays=[{"date": "2026-03-03", "name": "Store closed"}])
    bad = judge(p, assign(p, "C1", "E03", "tue", block=1))
    assert breaks(bad, "H01")
    assert "Store closed" in next(f.message for f in bad.findings if f.rule == "H01")
    assert not breaks(judge(p, assign(p, "C1", "E03", "wed", block=1)), "H01")


def test_time_off_includes_its_last_day():
    p = core_problem(time_off=[{"employee": "E03", "start": "2026-03-03", "end": "2026-03-04"}])
    assert breaks(judge(p, assign(p, "C1", "E03", "wed", block=1)), "H02")
    assert not breaks(judge(p, assign(p, "C1", "E03", "thu", block=1)), "H02")


def test_the_weekly_pattern_decides_availability_unless_a_date_override_says_otherwise():
    emps = [employee("E03", off=("tue",))]
    p = problem(employees=emps, events=[event("C1")])
    assert breaks(judge(p, assign(p, "C1", "E03", "tue", block=1)), "H03")
    assert not breaks(judge(p, assign(p, "C1", "E03", "wed", block=1)), "H03")
    yes = problem(
        employees=emps,
        events=[event("C1")],
        availability_overrides=[{"employee": "E03", "date": "2026-03-03", "available": True}],
    )
    assert not breaks(judge(yes, assign(yes, "C1", "E03", "tue", block=1)), "H03")
    no = problem(
        employees=emps,
        events=[event("C1")],
        availability_overrides=[{"employee": "E03", "date": "2026-03-04", "available": False}],
    )
    assert breaks(judge(no, assign(no, "C1", "E03", "wed", block=1)), "H03")


def test_disagreeing_date_overrides_mean_not_available():
    p = problem(
        employees=[employee("E03")],
        events=[event("C1")],
        availability_overrides=[
            {"employee": "E03", "date": "2026-03-04", "available": True},
            {"employee": "E03", "date": "2026-03-04", "available": False},
        ],
    )
    assert breaks(judge(p, assign(p, "C1", "E03", "wed", block=1)), "H03")


def test_a_specialist_cannot_do_a_freeosk_but_a_lead_can():
    p = problem(events=[event("F1", "Freeosk"), event("C1")])
    bad = judge(p, assign(p, "F1", "E03", "mon", "10:00"), assign(p, "C1", "E03", "mon", block=5))
    assert breaks(bad, "H04")
    good = judge(p, assign(p, "F1", "E01", "mon", "10:00"), assign(p, "C1", "E01", "mon", block=5))
    assert not breaks(good, "H04")


def test_an_employee_is_terminated_on_the_termination_date_itself():
    emps = [employee("E03", termination_date="2026-03-04"), employee("E04", active=False)]
    p = problem(employees=emps, events=[event("C1")])
    assert breaks(judge(p, assign(p, "C1", "E03", "wed", block=1)), "H05")
    assert not breaks(judge(p, assign(p, "C1", "E03", "tue", block=1)), "H05")
    assert breaks(judge(p, assign(p, "C1", "E04", "tue", block=1)), "H05")


# --- H06-H08: the event ---------------------------------------------------------


def test_an_inactive_event_must_not_be_scheduled():
    p = problem(events=[event("C1"), event("C2", condition="Canceled")])
    assert breaks(judge(p, assign(p, "C2", "E03", "mon", block=1)), "H06")
    assert not breaks(judge(p, assign(p, "C1", "E03", "mon", block=1)), "H06")


def test_an_event_has_at_most_one_assignment():
    p = core_problem()
    twice = judge(p, assign(p, "C1", "E03", "mon", block=1), assign(p, "C1", "E04", "tue", block=1))
    assert breaks(twice, "H06")
    assert not breaks(judge(p, assign(p, "C1", "E03", "mon", block=1)), "H06")


def test_an_assignment_starts_inside_the_event_window():
    p = problem(events=[event("C1", first="tue", last="wed")])
    assert breaks(judge(p, assign(p, "C1", "E03", "mon", block=1)), "H07")
    assert breaks(judge(p, assign(p, "C1", "E03", "thu", block=1)), "H07")
    assert not breaks(judge(p, assign(p, "C1", "E03", "tue", block=1)), "H07")
    assert not breaks(judge(p, assign(p, "C1", "E03", "wed", block=1)), "H07")


def test_a_freeosk_is_done_on_its_start_date_even_with_a_longer_window():
    p = problem(events=[event("F1", "Freeosk", "mon", "wed"), event("C1")])
    base = assign(p, "C1", "E01", "tue", block=5)
    assert breaks(judge(p, base, assign(p, "F1", "E01", "tue", "10:00")), "H07")
    base = assign(p, "C1", "E01", "mon", block=5)
    assert not breaks(judge(p, base, assign(p, "F1", "E01", "mon", "10:00")), "H07")


def test_a_new_assignment_inside_the_buffer_is_critical_but_an_existing_one_is_exempt():
    # today Fri 2026-02-27 + 3 days: new assignments start on Mon 2026-03-02.
    p = problem(
        today="2026-02-27",
        events=[event("C1", first="sun"), event("C2", first="sun")],
        existing=[existing("C2", "E04", "sun", "10:15", block=1)],
    )
    assert breaks(judge(p, *kept(p), assign(p, "C1", "E03", "sun", block=2)), "H07")
    assert not breaks(judge(p, *kept(p), assign(p, "C1", "E03", "mon", block=2)), "H07")
    assert not breaks(validate(p), "H07")


def test_a_new_assignment_outside_the_horizon_is_critical_but_an_existing_one_is_exempt():
    evs = [event("C1", last="2026-03-12"), event("C2", last="2026-03-12")]
    p = problem(events=evs, existing=[existing("C2", "E04", "2026-03-09", "10:15", block=1)])
    assert breaks(judge(p, *kept(p), assign(p, "C1", "E03", "2026-03-09", block=1)), "H07")
    assert not breaks(judge(p, *kept(p), assign(p, "C1", "E03", "sat", block=1)), "H07")
    assert not breaks(validate(p), "H07")


def test_a_start_time_must_be_one_of_the_types_start_times():
    p = problem(events=[event("F1", "Freeosk"), event("C1")])
    core = assign(p, "C1", "E01", "mon", block=5)
    assert breaks(judge(p, core, assign(p, "F1", "E01", "mon", "11:00")), "H08")
    assert not breaks(judge(p, core, assign(p, "F1", "E01", "mon", "12:00")), "H08")


def test_a_core_starts_at_its_configured_blocks_time():
    p = core_problem()
    assert breaks(judge(p, assign(p, "C1", "E03", "mon", "10:45", block=1)), "H08")
    assert breaks(judge(p, assign(p, "C1", "E03", "mon", "10:15")), "H08")  # no block
    assert breaks(judge(p, assign(p, "C1", "E03", "mon", "10:15", block=9)), "H08")
    assert not breaks(judge(p, assign(p, "C1", "E03", "mon", "10:45", block=3)), "H08")
    blocks = [{"block": 1, "start": "10:15"}, {"block": 9, "start": "10:15", "overflow": True}]
    q = core_problem(settings={"shift_blocks": blocks})
    assert not breaks(judge(q, assign(q, "C1", "E03", "mon", "10:15", block=9)), "H08")


# --- H09-H13: limits ------------------------------------------------------------


def test_one_shift_per_day_counts_core_and_juicer_production_together():
    evs = [event("C1"), event("J1", "Juicer Production", "mon")]
    p = problem(events=evs)
    both = (assign(p, "J1", "E05", "mon"), assign(p, "C1", "E05", "mon", block=1))
    bad = judge(p, *both)
    assert breaks(bad, "H09")
    assert "E05" in next(f.message for f in bad.findings if f.rule == "H09")
    good = judge(p, assign(p, "J1", "E05", "mon"), assign(p, "C1", "E05", "tue", block=1))
    assert not breaks(good, "H09")
    two = problem(events=evs, settings={"max_shifts_per_day": 2})
    assert not breaks(judge(two, *both), "H09")


def test_at_most_six_cores_per_employee_per_week():
    days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
    p = problem(events=[event(f"C{i}", first="sun") for i in range(7)])
    seven = [assign(p, f"C{i}", "E03", d, block=1) for i, d in enumerate(days)]
    assert breaks(judge(p, *seven), "H10")
    assert not breaks(judge(p, *seven[:6]), "H10")


def test_at_most_five_juicer_productions_per_employee_per_week():
    days = ["mon", "tue", "wed", "thu", "fri", "sat"]
    p = problem(events=[event(f"J{i}", "Juicer Production", d) for i, d in enumerate(days)])
    six = [assign(p, f"J{i}", "E05", d) for i, d in enumerate(days)]
    assert breaks(judge(p, *six), "H11")
    assert not breaks(judge(p, *six[:5]), "H11")


def test_two_timed_assignments_of_one_employee_must_not_overlap():
    p = problem(events=[event("C1"), event("T1", "Digital Teardown", "mon")])
    late_core = assign(p, "C1", "E01", "mon", block=7)  # 11:45-18:15
    assert breaks(judge(p, late_core, assign(p, "T1", "E01", "mon", "17:00")), "H12")
    early_core = assign(p, "C1", "E01", "mon", block=1)  # 10:15-16:45
    assert not breaks(judge(p, early_core, assign(p, "T1", "E01", "mon", "17:00")), "H12")


def test_an_assignment_may_start_when_the_previous_one_ends():
    p = problem(
        events=[event("C1"), event("T1", "Digital Teardown", "mon")],
        settings={"start_times": {"Digital Teardown": ["16:45"]}},
    )
    core = assign(p, "C1", "E01", "mon", block=1)  # ends 16:45
    assert not breaks(judge(p, core, assign(p, "T1", "E01", "mon", "16:45")), "H12")


def test_supervisor_events_and_surveys_may_overlap_a_shift():
    p = problem(
        events=[
            event("C1"),
            event("S1", "Supervisor", pairs_with="C1"),
            event("J1", "Juicer Production", "mon"),
            event("V1", "Juicer Survey", "mon", "mon"),
        ]
    )
    report = judge(
        p,
        assign(p, "C1", "E01", "mon", block=1),
        assign(p, "S1", "E01", "mon"),
        assign(p, "J1", "E05", "mon"),
        assign(p, "V1", "E05", "mon"),
    )
    assert not breaks(report, "H12")
    assert report.critical == 0


def test_a_shift_block_holds_one_core_per_day():
    p = problem(events=[event("C1"), event("C2")])
    one = assign(p, "C1", "E03", "mon", block=1)
    assert breaks(judge(p, one, assign(p, "C2", "E04", "mon", block=1)), "H13")
    assert not breaks(judge(p, one, assign(p, "C2", "E04", "mon", block=2)), "H13")
    assert not breaks(judge(p, one, assign(p, "C2", "E04", "tue", block=1)), "H13")


# --- H14-H17: pairs and companions ------------------------------------------------


def supervisor_problem():
    return problem(
        events=[
            event("C1"),
            event("S1", "Supervisor", pairs_with="C1"),
            event("C2", condition="Canceled"),
            event("S2", "Supervisor", pairs_with="C2"),
            event("C3"),
            event("S3", "Supervisor", pairs_with="C3", condition="Expired"),
        ]
    )


def test_a_core_and_its_supervisor_event_are_scheduled_together_on_one_day():
    p = supervisor_problem()
    core = assign(p, "C1", "E03", "mon", block=1)
    assert breaks(judge(p, core), "H14")
    assert breaks(judge(p, assign(p, "S1", "E06", "mon")), "H14")
    assert breaks(judge(p, core, assign(p, "S1", "E06", "tue")), "H14")
    assert not breaks(judge(p, core, assign(p, "S1", "E06", "mon")), "H14")


def test_a_supervisor_event_of_an_inactive_core_is_not_scheduled():
    p = supervisor_problem()
    assert breaks(judge(p, assign(p, "S2", "E06", "mon")), "H14")
    assert not breaks(judge(p), "H14")


def test_a_core_whose_supervisor_event_is_inactive_is_scheduled_alone():
    p = supervisor_problem()
    assert not breaks(judge(p, assign(p, "C3", "E03", "mon", block=1)), "H14")


def test_a_supervisor_event_pairs_by_its_six_digit_number():
    p = problem(
        events=[
            event("a", "Core", name="606001-CORE-Demo Nurri"),
            event("b", None, name="606001-Supervisor-Nurri"),
        ]
    )
    assert breaks(judge(p, assign(p, "a", "E03", "mon", block=1)), "H14")
    ok = judge(p, assign(p, "a", "E03", "mon", block=1), assign(p, "b", "E06", "mon"))
    assert not breaks(ok, "H14")


def test_a_survey_goes_with_its_production_same_employee_same_day():
    p = problem(
        events=[event("J1", "Juicer Production", "mon"), event("V1", "Juicer Survey", "mon", "tue")]
    )
    prod = assign(p, "J1", "E05", "mon")
    assert breaks(judge(p, prod), "H15")
    assert breaks(judge(p, assign(p, "V1", "E05", "mon")), "H15")
    assert breaks(judge(p, prod, assign(p, "V1", "E06", "mon")), "H15")
    assert breaks(judge(p, prod, assign(p, "V1", "E05", "tue")), "H15")
    assert not breaks(judge(p, prod, assign(p, "V1", "E05", "mon")), "H15")


def test_no_juicer_deep_clean_on_a_day_with_a_juicer_production():
    p = problem(events=[event("J1", "Juicer Production", "mon"), event("D1", "Juicer Deep Clean")])
    prod = assign(p, "J1", "E05", "mon")
    assert breaks(judge(p, prod, assign(p, "D1", "E06", "mon")), "H16")
    assert not breaks(judge(p, prod, assign(p, "D1", "E06", "tue")), "H16")


def test_a_lead_with_a_freeosk_or_supervisor_event_also_has_a_shift_that_day():
    p = problem(
        events=[
            event("F1", "Freeosk"),
            event("C1"),
            event("C2"),
            event("S2", "Supervisor", pairs_with="C2"),
        ]
    )
    freeosk = assign(p, "F1", "E01", "mon", "10:00")
    assert breaks(judge(p, freeosk), "H17")
    assert not breaks(judge(p, freeosk, assign(p, "C1", "E01", "mon", block=5)), "H17")
    sup = (assign(p, "C2", "E03", "mon", block=1), assign(p, "S2", "E01", "mon"))
    assert breaks(judge(p, *sup), "H17")
    assert not breaks(judge(p, *sup, assign(p, "C1", "E01", "mon", block=5)), "H17")


def test_a_club_supervisor_needs_no_shift_for_a_freeosk():
    p = problem(events=[event("F1", "Freeosk")])
    assert not breaks(judge(p, assign(p, "F1", "E06", "mon", "10:00")), "H17")
