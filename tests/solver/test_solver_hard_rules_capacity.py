"""Hard rules H09-H13 (shifts per day, weekly caps, overlaps, shift blocks): see
``test_solver_hard_rules.py`` for how each test is checked."""

from __future__ import annotations

from datetime import date

from tests.builders import event, existing, problem, roster
from tests.solver.helpers import placed, reason, solve_checked

# --- H09-H13: capacity -----------------------------------------------------------


def test_h09_one_employee_cannot_take_two_cores_on_one_day():
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="mon", last="mon"), event("C2", first="mon", last="mon")],
    )
    r = solve_checked(p)
    assert len(r.proposal.assignments) == 1
    left = [u for u in r.proposal.unscheduled if u.event in ("C1", "C2")]
    assert [u.reason for u in left] == ["capacity"]


def test_h09_a_supervisor_cannot_take_a_core_and_a_production_on_one_day():
    # Long durations are cut so the two would not overlap (H12 is not what stops them).
    settings = {
        "durations": {"Core": 60, "Juicer Production": 60},
        "start_times": {"Juicer Production": ["06:00"]},
    }
    p = problem(
        employees=roster("E06"),
        events=[event("C1", first="mon", last="mon"), event("P1", "Juicer Production", "mon")],
        settings=settings,
    )
    r = solve_checked(p)
    assert len(r.proposal.assignments) == 1
    assert reason(r, "C1") == "capacity"  # the Production is worth more (S1)


def test_h09_max_shifts_per_day_two_allows_two_short_cores():
    settings = {"max_shifts_per_day": 2, "durations": {"Core": 20}}
    p = problem(
        employees=roster("E03"),
        events=[event("C1", first="mon", last="mon"), event("C2", first="mon", last="mon")],
        settings=settings,
    )
    r = solve_checked(p)
    assert set(placed(r)) == {"C1", "C2"}


def test_h10_the_weekly_core_cap_from_settings_holds():
    p = problem(
        employees=roster("E03"),
        events=[event(f"C{i}") for i in range(1, 4)],
        settings={"max_core_per_week": 2},
    )
    r = solve_checked(p)
    assert len(r.proposal.assignments) == 2
    assert [u.reason for u in r.proposal.unscheduled] == ["capacity"]


def test_h10_frozen_cores_before_the_horizon_count_toward_the_week():
    # Horizon starts Monday; a locked Core on Sunday (same week) uses the cap of 1.
    p = problem(
        employees=roster("E03"),
        events=[event("C0", first="sun", last="sun"), event("C1", first="mon")],
        horizon={"start": "2026-03-02", "end": "2026-03-07"},
        settings={"max_core_per_week": 1},
        existing=[existing("C0", "E03", "sun", "10:15", block=1, locked=True)],
    )
    r = solve_checked(p)
    assert placed(r)["C0"].change == "kept"
    assert reason(r, "C1") == "capacity"


def test_h11_the_weekly_juicer_production_cap_holds():
    p = problem(
        employees=roster("E05"),
        events=[event("P1", "Juicer Production", "mon"), event("P2", "Juicer Production", "tue")],
        settings={"max_juicer_production_per_week": 1},
    )
    r = solve_checked(p)
    assert len(r.proposal.assignments) == 1
    assert [u.reason for u in r.proposal.unscheduled] == ["capacity"]


def test_h12_a_lead_on_a_core_cannot_take_an_overlapping_teardown_but_a_supervisor_can():
    # A Digital Teardown is no support task: it may not overlap the lead's Core.
    p = problem(
        employees=roster("E01", "E06"),
        events=[event("C1", first="mon", last="mon"), event("T1", "Digital Teardown", "mon")],
        settings={
            "start_times": {"Digital Teardown": ["16:00"]},
            "shift_blocks": [{"block": 1, "start": "10:15"}, {"block": 2, "start": "10:15"}],
        },
    )
    got = placed(solve_checked(p))
    assert got["C1"].employee == "E01"
    assert got["T1"].employee == "E06"


def test_h12_end_equal_to_next_start_is_not_an_overlap():
    # The Core 10:15-16:45, then the Teardown at 16:45: the lead may do both.
    p = problem(
        employees=roster("E01"),
        events=[event("C1", first="mon", last="mon"), event("T1", "Digital Teardown", "mon")],
        settings={
            "start_times": {"Digital Teardown": ["16:45"]},
            "shift_blocks": [{"block": 1, "start": "10:15"}],
        },
    )
    got = placed(solve_checked(p))
    assert got["T1"].employee == got["C1"].employee == "E01"
    assert got["T1"].start == got["C1"].end


def test_h12_a_new_core_never_overlaps_a_locked_assignment_of_the_same_employee():
    # Every Core block (10:15-11:45 starts, 390 min) overlaps the lead's locked Other at
    # 12:00, so the lead cannot take the Core: it stays unscheduled.
    p = problem(
        employees=roster("E01"),
        events=[event("O1", "Other", "mon", last="mon"), event("C1", first="mon", last="mon")],
        existing=[existing("O1", "E01", "mon", "12:00", locked=True)],
    )
    r = solve_checked(p)
    assert set(placed(r)) == {"O1"}
    assert reason(r, "C1") == "capacity"


def test_h13_with_two_blocks_a_third_core_of_the_day_is_unscheduled():
    blocks = [{"block": 1, "start": "10:15"}, {"block": 2, "start": "10:45"}]
    p = problem(
        employees=roster("E01", "E03", "E04"),
        events=[event(f"C{i}", first="mon", last="mon") for i in range(1, 4)],
        settings={"shift_blocks": blocks},
    )
    r = solve_checked(p)
    assert sorted(a.block for a in r.proposal.assignments) == [1, 2]
    assert [u.reason for u in r.proposal.unscheduled] == ["capacity"]


def test_h13_a_locked_core_holds_its_block_against_new_cores():
    blocks = [{"block": 1, "start": "10:15"}, {"block": 2, "start": "10:15"}]
    p = problem(
        employees=roster("E01", "E03", "E04"),
        events=[
            event("C0", first="sun"),
            event("C1", first="mon", last="mon"),
            event("C2", first="mon", last="mon"),
        ],
        settings={"shift_blocks": blocks},
        existing=[existing("C0", "E01", "mon", "10:15", block=1, locked=True)],
    )
    r = solve_checked(p)
    got = placed(r)
    assert got["C0"].block == 1
    assert sorted(a.block for a in got.values()) == [1, 2]
    assert len([u for u in r.proposal.unscheduled if u.reason == "capacity"]) == 1


def test_h13_with_two_blocks_a_third_core_moves_to_another_day():
    blocks = [{"block": 1, "start": "10:15"}, {"block": 2, "start": "10:15"}]
    p = problem(
        employees=roster("E01", "E03", "E04"),
        events=[event(f"C{i}", first="mon", last="tue") for i in range(1, 4)],
        settings={"shift_blocks": blocks},
    )
    r = solve_checked(p)
    got = r.proposal.assignments
    assert len(got) == 3
    per_day: dict[date, list[int]] = {}
    for a in got:
        per_day.setdefault(a.start.date(), []).append(a.block)
    assert all(len(bs) == len(set(bs)) <= 2 for bs in per_day.values())
    assert sorted(len(bs) for bs in per_day.values()) == [1, 2]
