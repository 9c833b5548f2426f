"""score_schedule: hand-computed values on tiny schedules (docs/rules-notes.md, "Soft rules").

Default calendar: today Thu 2026-02-26; a Core event runs Mon 2026-03-02 to
Sat 2026-03-07 (due in 9 days); the first day open to new assignments is Sun
2026-03-01.
"""

from __future__ import annotations

import pytest

from domain.parse import InputError
from domain.rules import SOFT_RULES
from domain.score import objective, score_schedule
from tests.builders import WEEK, assign, employee, event, existing, kept, problem, roster


def score(p, *assignments):
    return score_schedule(p, list(assignments))


def test_one_core_scores_every_rule_by_hand():
    p = problem(events=[event("C1")])
    s = score(p, assign(p, "C1", "E03", "wed", block=1))
    assert list(s) == list(SOFT_RULES)
    assert s == {
        "S1": 1000 + 100 * (10 - 6),  # Core priority 6
        "S2": 20 * (14 - 9),  # due Sat 2026-03-07, 9 days after today
        "S3": 0,
        "S4": 0,
        "S5": 0,
        "S6": 0,
        "S7": -5,  # E03 has 1 Core, the other Core-doers 0
        "S8": 0,
        "S9": -2,  # Wed is 2 days after Mon, the earliest day
        "S10": 0,
        "S11": 0,
    }
    assert objective(s) == 1400 + 100 - 5 - 2


def test_weights_in_settings_override_the_defaults():
    p = problem(events=[event("C1")], settings={"weights": {"S1": 500, "S2": 10, "S7": 7, "S9": 3}})
    s = score(p, assign(p, "C1", "E03", "wed", block=1))
    assert (s["S1"], s["S2"], s["S7"], s["S9"]) == (900, 50, -7, -6)


def test_an_empty_schedule_scores_zero_everywhere():
    p = problem(events=[event("C1")])
    assert score(p) == dict.fromkeys(SOFT_RULES, 0)


def test_urgency_counts_only_the_last_fourteen_days_before_the_due_date():
    p = problem(events=[event("C1", last="2026-03-20"), event("F1", "Freeosk", "mon")])
    assert score(p, assign(p, "C1", "E03", "mon", block=1))["S2"] == 0
    assert score(p, assign(p, "F1", "E06", "mon", "10:00"))["S2"] == 20 * (14 - 4)


def rotation_problem(events, exceptions=()):
    rotations = [
        {"weekday": "mon", "kind": "juicer", "employee": "E05", "backup": "E06"},
        {"weekday": "mon", "kind": "primary_lead", "employee": "E01", "backup": "E02"},
    ]
    emps = roster() + [employee("E07", "lead"), employee("E08", "juicer")]
    return problem(
        employees=emps, events=events, rotations=rotations, rotation_exceptions=list(exceptions)
    )


def test_rotation_bonus_goes_in_full_to_the_juicer_and_in_half_to_the_backup():
    p = rotation_problem(
        [event("J1", "Juicer Production", "mon"), event("V1", "Juicer Survey", "mon", "mon")]
    )

    def s3(emp):
        return score(p, assign(p, "J1", emp, "mon"), assign(p, "V1", emp, "mon"))["S3"]

    assert (s3("E05"), s3("E06"), s3("E08")) == (100, 50, 0)


def test_a_rotation_exception_names_the_juicer_of_that_date():
    exc = [{"date": "2026-03-02", "kind": "juicer", "employee": "E08"}]
    p = rotation_problem([event("J1", "Juicer Production", "mon")], exc)
    assert score(p, assign(p, "J1", "E08", "mon"))["S3"] == 50
    assert score(p, assign(p, "J1", "E05", "mon"))["S3"] == 0
    assert score(p, assign(p, "J1", "E06", "mon"))["S3"] == 25


def test_freeosk_and_refresh_go_to_the_primary_lead_of_the_day():
    p = rotation_problem([event("F1", "Freeosk"), event("R1", "Digital Refresh")])
    assert score(p, assign(p, "F1", "E01", "mon", "10:00"))["S3"] == 50
    assert score(p, assign(p, "F1", "E02", "mon", "10:00"))["S3"] == 25
    assert score(p, assign(p, "R1", "E01", "mon", "10:15"))["S3"] == 50
    assert score(p, assign(p, "R1", "E07", "mon", "10:15"))["S3"] == 0


def test_beside_a_digital_setup_the_refresh_earns_for_any_other_lead():
    p = rotation_problem([event("U1", "Digital Setup"), event("R1", "Digital Refresh")])
    setup = assign(p, "U1", "E06", "mon", "10:15")

    def s3(emp):
        return score(p, setup, assign(p, "R1", emp, "mon", "10:45"))["S3"]

    assert (s3("E07"), s3("E02"), s3("E01"), s3("E06")) == (50, 50, 0, 0)


def test_the_primary_lead_earns_in_block_one():
    p = rotation_problem([event("C1")])
    assert score(p, assign(p, "C1", "E01", "mon", block=1))["S4"] == 25
    assert score(p, assign(p, "C1", "E01", "mon", block=2))["S4"] == 0
    assert score(p, assign(p, "C1", "E02", "mon", block=1))["S4"] == 0


def test_supervisor_penalties_use_s5_and_s5_lead():
    evs = [event("C1"), event("S1", "Supervisor", pairs_with="C1")]
    p = problem(events=evs)
    assert score(p, assign(p, "C1", "E06", "mon", block=1))["S5"] == -200
    lead = (assign(p, "C1", "E01", "mon", block=1), assign(p, "S1", "E01", "mon"))
    assert score(p, *lead)["S5"] == -20
    assert score(p, lead[0], assign(p, "S1", "E06", "mon"))["S5"] == 0
    light = problem(events=evs, settings={"weights": {"S5_lead": 7, "S5": 90}})
    assert score(light, *lead)["S5"] == -7
    assert score(light, assign(light, "C1", "E06", "mon", block=1))["S5"] == -90
    away = problem(
        events=evs, time_off=[{"employee": "E06", "start": "2026-03-02", "end": "2026-03-02"}]
    )
    assert score(away, *lead)["S5"] == 0


def test_same_product_penalty_counts_each_extra_event_but_not_supervisor_events():
    evs = [
        event("C1", product="Nurri"),
        event("C2", product="nurri"),
        event("F1", "Freeosk", product="NURRI"),
        event("S1", "Supervisor", pairs_with="C1", product="Nurri"),
    ]
    sched = lambda p: [  # noqa: E731
        assign(p, "C1", "E03", "mon", block=1),
        assign(p, "C2", "E04", "mon", block=2),
        assign(p, "F1", "E01", "mon", "10:00"),
        assign(p, "S1", "E06", "mon"),
    ]
    p = problem(events=evs)
    assert score(p, *sched(p))["S6"] == -2 * 75
    heavy = problem(events=evs, settings={"weights": {"S6": 100}})
    assert score(heavy, *sched(heavy))["S6"] == -2 * 100


def test_fairness_compares_core_doers_available_that_week():
    evs = [event(f"C{i}") for i in range(3)]
    days = ("mon", "tue", "wed")
    p = problem(events=evs)
    three = [assign(p, f"C{i}", "E03", d, block=1) for i, d in enumerate(days)]
    assert score(p, *three)["S7"] == -5 * 3
    # E04 is unavailable all week: with E03 alone there is no spread.
    alone = problem(employees=[employee("E03"), employee("E04", off=tuple(WEEK))], events=evs)
    assert score(alone, *three)["S7"] == 0
    # A supervisor's Cores are not compared.
    sup = problem(employees=roster("E03", "E04", "E06"), events=evs)
    assert (
        score(sup, *[assign(sup, f"C{i}", "E06", d, block=1) for i, d in enumerate(days)])["S7"]
        == 0
    )


def test_fairness_counts_cores_before_the_horizon_in_its_first_week():
    p = problem(
        employees=roster("E03", "E04"),
        horizon={"start": "2026-03-04", "end": "2026-03-14"},
        events=[event("C1")],
        existing=[existing("C1", "E03", "mon", "10:15", block=1)],
    )
    assert score_schedule(p, kept(p))["S7"] == -5


def test_variety_penalises_each_day_over_three_at_one_start_time():
    p = problem(events=[event(f"C{i}") for i in range(5)])
    days = ("mon", "tue", "wed", "thu", "fri")
    blocks = (1, 2, 1, 2, 1)  # blocks 1 and 2 both start at 10:15
    five = [
        assign(p, f"C{i}", "E03", d, block=b)
        for i, (d, b) in enumerate(zip(days, blocks, strict=True))
    ]
    assert score(p, *five)["S8"] == -10 * 2
    assert score(p, *five[:3])["S8"] == 0


def test_earlier_is_better_counting_from_the_first_day_open_to_new_assignments():
    p = problem(events=[event("C1", first="2026-02-25"), event("F1", "Freeosk", "thu")])
    assert score(p, assign(p, "C1", "E03", "wed", block=1))["S9"] == -3  # from Sun 03-01
    assert score(p, assign(p, "F1", "E06", "thu", "10:00"))["S9"] == 0


def test_stability_penalises_dropping_or_moving_an_unlocked_existing_assignment():
    p = problem(events=[event("C1")], existing=[existing("C1", "E03", "mon", "10:15", block=1)])
    assert score_schedule(p, kept(p))["S10"] == 0
    assert score(p)["S10"] == -200
    assert score(p, assign(p, "C1", "E04", "mon", block=1))["S10"] == -200
    assert score(p, assign(p, "C1", "E03", "tue", block=1))["S10"] == -200
    assert score(p, assign(p, "C1", "E03", "mon", block=3))["S10"] == -200
    assert score(p, assign(p, "C1", "E03", "mon", block=2))["S10"] == 0
    cheap = problem(
        events=[event("C1")],
        settings={"weights": {"S10": 50}},
        existing=[existing("C1", "E03", "mon", "10:15", block=1)],
    )
    assert score(cheap)["S10"] == -50


def test_stability_ignores_frozen_and_inactive_existing_assignments():
    locked = problem(
        events=[event("C1")], existing=[existing("C1", "E03", "mon", "10:15", block=1, locked=True)]
    )
    assert score(locked)["S10"] == 0
    early = problem(
        today="2026-02-27",
        events=[event("C1", first="sun")],
        existing=[existing("C1", "E03", "sun", "10:15", block=1)],
    )
    assert score(early)["S10"] == 0
    gone = problem(
        events=[event("C1", condition="Canceled")],
        existing=[existing("C1", "E03", "mon", "10:15", block=1)],
    )
    assert score(gone)["S10"] == 0


def test_overflow_blocks_cost_s11_each():
    blocks = [{"block": 1, "start": "10:15"}, {"block": 9, "start": "10:15", "overflow": True}]
    p = problem(events=[event("C1"), event("C2")], settings={"shift_blocks": blocks})
    assert (
        score(p, assign(p, "C1", "E03", "mon", block=9), assign(p, "C2", "E04", "tue", block=9))[
            "S11"
        ]
        == -60
    )
    assert score(p, assign(p, "C1", "E03", "mon", block=1))["S11"] == 0


def test_scoring_an_unknown_employee_is_an_input_error():
    p = problem(events=[event("C1")])
    a = assign(p, "C1", "E03", "mon", block=1).model_copy(update={"employee": "E99"})
    with pytest.raises(InputError, match=r"assignments\[0\]\.employee: unknown employee 'E99'"):
        score(p, a)
