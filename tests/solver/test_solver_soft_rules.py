"""Soft rules S1-S11: on a tiny problem with two feasible schedules, the solver picks
the one the rule prefers (``solve_checked`` also checks that the objective equals
the pure-Python score)."""

from __future__ import annotations

from collections import Counter

from tests.builders import at, day, employee, event, existing, problem, roster
from tests.solver.helpers import placed, reason, solve_checked


def rota(weekday: str, kind: str, emp: str, backup: str | None = None) -> dict:
    return {"weekday": weekday, "kind": kind, "employee": emp, "backup": backup}


def test_s1_the_higher_priority_type_wins_when_only_one_fits():
    # One 10:00 start for both: the Freeosk (priority 4) or the Other (priority 9), which
    # may not overlap (H12). S2 favours the Other (due Monday) by 100; S1 favours the
    # Freeosk by 500.
    p = problem(
        employees=roster("E06"),
        events=[event("F1", "Freeosk", "mon", last="sat"), event("O1", "Other", "mon", last="mon")],
        settings={"start_times": {"Freeosk": ["10:00"], "Other": ["10:00"]}},
    )
    r = solve_checked(p)
    assert set(placed(r)) == {"F1"}
    assert reason(r, "O1") == "capacity"
    assert r.score["S1"] == 1000 + 100 * (10 - 4)


def test_s2_the_more_urgent_event_wins_when_only_one_fits():
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="mon", last="sat"), event("C2", first="mon", last="tue")],
        settings={"max_core_per_week": 1},
    )
    r = solve_checked(p)
    assert set(placed(r)) == {"C2"}
    assert r.score["S2"] == 20 * (14 - 5)


def test_s3_the_juicer_of_the_day_gets_the_production_and_its_survey():
    emps = [employee("E05", "juicer"), employee("E07", "juicer"), employee("E08", "juicer")]
    p = problem(
        employees=emps,
        events=[
            event("P1", "Juicer Production", "mon"),
            event("V1", "Juicer Survey", "mon", last="mon"),
        ],
        rotations=[rota("mon", "juicer", "E07", "E08")],
    )
    r = solve_checked(p)
    got = placed(r)
    assert got["P1"].employee == got["V1"].employee == "E07"
    assert r.score["S3"] == 100


def test_s3_the_backup_gets_the_production_when_the_juicer_is_off():
    emps = [employee("E05", "juicer"), employee("E07", "juicer"), employee("E08", "juicer")]
    p = problem(
        employees=emps,
        events=[event("P1", "Juicer Production", "mon")],
        rotations=[rota("mon", "juicer", "E07", "E08")],
        time_off=[{"employee": "E07", "start": "2026-03-02", "end": "2026-03-02"}],
    )
    r = solve_checked(p)
    assert placed(r)["P1"].employee == "E08"
    assert r.score["S3"] == 25


def test_s3_a_rotation_exception_names_the_juicer_of_that_date():
    emps = [employee("E05", "juicer"), employee("E07", "juicer")]
    p = problem(
        employees=emps,
        events=[event("P1", "Juicer Production", "mon")],
        rotations=[rota("mon", "juicer", "E05")],
        rotation_exceptions=[{"date": "2026-03-02", "kind": "juicer", "employee": "E07"}],
    )
    assert placed(solve_checked(p))["P1"].employee == "E07"


def test_s3_the_freeosk_goes_to_the_primary_lead_of_the_day():
    p = problem(
        employees=roster("E01", "E02"),
        events=[
            event("C1", first="mon", last="mon"),
            event("C2", first="mon", last="mon"),
            event("F1", "Freeosk", "mon"),
        ],
        rotations=[rota("mon", "primary_lead", "E02")],
    )
    r = solve_checked(p)
    got = placed(r)
    # S3 (50) outweighs S4 (25): E02 takes the Freeosk and a Core after it, not block 1.
    assert got["F1"].employee == "E02"
    assert r.score["S3"] == 50


def test_s3_on_a_setup_day_the_refresh_goes_to_a_lead_other_than_the_primary():
    # Both leads have a Core; the supervisor is free too. With a Setup that day the
    # Refresh earns S3 only with the non-primary lead E01.
    p = problem(
        employees=roster("E01", "E02", "E06"),
        events=[
            event("C1", first="mon", last="mon"),
            event("C2", first="mon", last="mon"),
            event("DS", "Digital Setup", "mon"),
            event("DR", "Digital Refresh", "mon"),
        ],
        rotations=[rota("mon", "primary_lead", "E02")],
        settings={"shift_blocks": [{"block": 1, "start": "11:15"}, {"block": 2, "start": "11:15"}]},
    )
    r = solve_checked(p)
    got = placed(r)
    assert got["DR"].employee == "E01"
    assert r.score["S3"] == 50


def test_s4_the_primary_lead_on_a_core_has_block_one():
    p = problem(
        employees=roster("E01", "E02", "E03"),
        events=[event(f"C{i}", first="mon", last="mon") for i in range(1, 4)],
        rotations=[rota("mon", "primary_lead", "E02")],
    )
    r = solve_checked(p)
    by_emp = {a.employee: a for a in r.proposal.assignments}
    assert by_emp["E02"].block == 1
    assert r.score["S4"] == 25


def test_s4_block_one_is_preferred_for_the_primary_lead_over_a_later_block():
    # One lead, one Core: any block would do, but block 1 earns S4.
    p = problem(
        employees=roster("E02"),
        events=[event("C1", first="mon", last="mon")],
        rotations=[rota("mon", "primary_lead", "E02")],
    )
    a = placed(solve_checked(p))["C1"]
    assert (a.block, a.start) == (1, at("mon", "10:15"))


def test_s5_a_specialist_gets_the_core_rather_than_the_supervisor():
    p = problem(employees=roster("E03", "E06"), events=[event("C1", first="mon", last="mon")])
    r = solve_checked(p)
    assert placed(r)["C1"].employee == "E03"
    assert r.score["S5"] == 0


def test_s5_a_free_supervisor_gets_the_supervisor_event_rather_than_the_lead():
    p = problem(
        employees=roster("E01", "E06"),
        events=[
            event("C1", first="mon", last="mon"),
            event("S1", "Supervisor", "mon", pairs_with="C1"),
        ],
    )
    r = solve_checked(p)
    got = placed(r)
    assert got["C1"].employee == "E01"
    assert got["S1"].employee == "E06"
    assert r.score["S5"] == 0


def test_s5_the_lead_takes_the_supervisor_event_when_no_supervisor_can_work():
    emps = [employee("E01", "lead"), employee("E06", "supervisor", off=("mon",))]
    p = problem(
        employees=emps,
        events=[
            event("C1", first="mon", last="mon"),
            event("S1", "Supervisor", "mon", pairs_with="C1"),
        ],
    )
    r = solve_checked(p)
    assert placed(r)["S1"].employee == "E01"
    assert r.score["S5"] == 0  # no supervisor could work that day: no penalty


def test_s6_two_cores_of_one_product_go_to_different_days():
    p = problem(
        employees=roster("E03", "E04"),
        events=[
            event("C1", first="mon", last="tue", product="Nurri"),
            event("C2", first="mon", last="tue", product="nurri "),
        ],
    )
    r = solve_checked(p)
    got = placed(r)
    assert got["C1"].start.date() != got["C2"].start.date()
    assert r.score["S6"] == 0


def test_s7_cores_are_spread_evenly_over_the_employees_of_the_week():
    # S9 alone would give the part-timer one Core (Sun/Mon/Tue to E03, Wed to E04).
    emps = [employee("E03"), employee("E04", off=("sun", "mon", "tue"))]
    p = problem(employees=emps, events=[event(f"C{i}", first="sun") for i in range(1, 5)])
    r = solve_checked(p)
    counts = Counter(a.employee for a in r.proposal.assignments)
    assert counts == {"E03": 2, "E04": 2}
    assert r.score["S7"] == 0


def test_s8_start_times_vary_when_one_employee_works_four_days():
    # Four Cores, Wednesday to Saturday, one specialist: four days at 10:15 would cost S8.
    p = problem(employees=roster("E03"), events=[event(f"C{i}", first="wed") for i in range(1, 5)])
    r = solve_checked(p)
    assert len({a.start.date() for a in r.proposal.assignments}) == 4
    per_time = Counter(a.start.time() for a in r.proposal.assignments)
    assert max(per_time.values()) <= 3
    assert r.score["S8"] == 0


def test_s8_with_a_single_start_time_the_penalty_is_paid_rather_than_dropping_cores():
    p = problem(
        employees=roster("E03"),
        events=[event(f"C{i}", first="wed") for i in range(1, 5)],
        settings={"shift_blocks": [{"block": 1, "start": "10:15"}]},
    )
    r = solve_checked(p)
    assert len(r.proposal.assignments) == 4
    assert r.score["S8"] == -10


def test_s9_the_earliest_possible_day_is_chosen():
    emps = [employee("E03", off=("tue",))]
    p = problem(
        employees=emps,
        events=[event("C1", first="tue", last="sat"), event("C2", first="mon", last="sat")],
    )
    got = placed(solve_checked(p))
    assert got["C2"].start.date() == day("mon")
    assert got["C1"].start.date() == day("wed")


def test_s10_an_unlocked_existing_assignment_is_kept_when_nothing_forces_a_move():
    # S9 would prefer Sunday and the other specialist is free, but moving costs S10.
    p = problem(
        employees=roster("E03", "E04"),
        events=[event("C1", first="sun")],
        existing=[existing("C1", "E04", "wed", "10:45", block=3)],
    )
    r = solve_checked(p)
    a = placed(r)["C1"]
    assert (a.employee, a.start, a.block, a.change) == ("E04", at("wed", "10:45"), 3, "kept")
    assert r.score["S10"] == 0


def test_s10_an_unlocked_existing_assignment_moves_when_its_cost_is_low():
    # The same as a supervisor on a Core with a tiny S10 weight: S5 makes it move.
    p = problem(
        employees=roster("E03", "E06"),
        events=[event("C1", first="sun")],
        settings={"weights": {"S10": 1}},
        existing=[existing("C1", "E06", "wed", "10:45", block=3)],
    )
    r = solve_checked(p)
    a = placed(r)["C1"]
    assert a.employee == "E03" and a.change == "moved"
    assert r.score["S10"] == -1


def test_s10_an_unlocked_existing_assignment_keeps_its_block():
    p = problem(
        employees=roster("E03", "E04"),
        events=[event("C1", first="mon", last="mon"), event("C2", first="mon", last="mon")],
        existing=[existing("C1", "E04", "mon", "10:15", block=2)],
    )
    a = placed(solve_checked(p))["C1"]
    assert (a.employee, a.block, a.change) == ("E04", 2, "kept")


def _overflow_settings() -> dict:
    return {
        "shift_blocks": [
            {"block": 1, "start": "10:15"},
            {"block": 2, "start": "10:45"},
            {"block": 9, "start": "10:15", "overflow": True},
        ]
    }


def test_s11_the_overflow_block_is_not_used_when_regular_blocks_suffice():
    p = problem(
        employees=roster("E01", "E03", "E04"),
        events=[event(f"C{i}", first="mon", last="mon") for i in range(1, 3)],
        settings=_overflow_settings(),
    )
    r = solve_checked(p)
    assert sorted(a.block for a in r.proposal.assignments) == [1, 2]
    assert r.score["S11"] == 0


def test_s11_the_overflow_block_is_used_when_needed():
    p = problem(
        employees=roster("E01", "E03", "E04"),
        events=[event(f"C{i}", first="mon", last="mon") for i in range(1, 4)],
        settings=_overflow_settings(),
    )
    r = solve_checked(p)
    assert sorted(a.block for a in r.proposal.assignments) == [1, 2, 9]
    assert r.score["S11"] == -30


def test_s11_a_later_day_is_preferred_to_an_overflow_block():
    p = problem(
        employees=roster("E01", "E03", "E04"),
        events=[event(f"C{i}", first="mon", last="tue") for i in range(1, 4)],
        settings=_overflow_settings(),
    )
    r = solve_checked(p)
    assert all(a.block in (1, 2) for a in r.proposal.assignments)
    assert len(r.proposal.assignments) == 3
