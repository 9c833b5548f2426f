"""Soft-rule warnings (docs/rules-notes.md, "Validator warnings"): a schedule with the
penalised instance warns with that rule id; the nearest schedule without it does not."""

from __future__ import annotations

from domain.validator import validate
from tests.builders import assign, employee, event, existing, judge, kept, problem, roster


def warns(report, rule: str) -> int:
    return sum(1 for f in report.findings if f.rule == rule and f.severity == "warning")


def test_an_unscheduled_event_due_inside_the_horizon_warns_that_it_will_expire():
    p = problem(
        events=[
            event("C1"),
            event("C2", last="2026-03-20"),
            event("C3", condition="Canceled"),
            event("C4", condition="Expired"),
            event("S4", "Supervisor", pairs_with="C4"),
        ]
    )
    report = judge(p)
    assert [f.events for f in report.findings if f.rule == "S2"] == [["C1"]]
    assert warns(judge(p, assign(p, "C1", "E03", "mon", block=1)), "S2") == 0


def test_an_event_that_cannot_be_newly_scheduled_does_not_warn_s2():
    # Its only day (Sun 2026-03-01) lies inside the buffer when today is 2026-02-27.
    p = problem(today="2026-02-27", events=[event("F1", "Freeosk", "sun")])
    assert warns(validate(p), "S2") == 0


def rotation_problem(**fields):
    rotations = [
        {"weekday": "mon", "kind": "juicer", "employee": "E05", "backup": "E06"},
        {"weekday": "mon", "kind": "primary_lead", "employee": "E01", "backup": "E02"},
    ]
    fields.setdefault("employees", roster() + [employee("E07", "lead", "Lou Third")])
    return problem(rotations=rotations, **fields)


def test_a_juicer_production_away_from_the_juicer_of_the_day_and_backup_warns():
    evs = [event("J1", "Juicer Production", "mon"), event("J2", "Juicer Production", "tue")]
    p = rotation_problem(events=evs)
    assert warns(judge(p, assign(p, "J1", "E05", "mon")), "S3") == 0
    assert warns(judge(p, assign(p, "J1", "E06", "mon")), "S3") == 0  # the backup
    q = rotation_problem(events=evs, employees=roster() + [employee("E08", "juicer")])
    assert warns(judge(q, assign(q, "J1", "E08", "mon")), "S3") == 1
    # No rotation names anyone on Tuesday: no warning.
    assert warns(judge(q, assign(q, "J2", "E08", "tue")), "S3") == 0


def test_a_freeosk_away_from_the_primary_lead_and_backup_warns():
    p = rotation_problem(events=[event("F1", "Freeosk")])
    assert warns(judge(p, assign(p, "F1", "E06", "mon", "10:00")), "S3") == 1
    assert warns(judge(p, assign(p, "F1", "E01", "mon", "10:00")), "S3") == 0


def test_beside_a_digital_setup_the_refresh_goes_to_a_lead_other_than_the_primary_lead():
    p = rotation_problem(events=[event("U1", "Digital Setup"), event("R1", "Digital Refresh")])
    setup = assign(p, "U1", "E02", "mon", "10:15")
    assert warns(judge(p, setup, assign(p, "R1", "E01", "mon", "10:45")), "S3") == 1
    assert warns(judge(p, setup, assign(p, "R1", "E07", "mon", "10:45")), "S3") == 0
    assert warns(judge(p, setup, assign(p, "R1", "E06", "mon", "10:45")), "S3") == 1


def test_the_primary_lead_on_a_core_outside_block_one_warns():
    p = rotation_problem(events=[event("C1")])
    assert warns(judge(p, assign(p, "C1", "E01", "mon", block=3)), "S4") == 1
    assert warns(judge(p, assign(p, "C1", "E01", "mon", block=1)), "S4") == 0
    assert warns(judge(p, assign(p, "C1", "E02", "mon", block=3)), "S4") == 0


def test_a_club_supervisor_on_a_core_warns():
    p = problem(events=[event("C1")])
    assert warns(judge(p, assign(p, "C1", "E06", "mon", block=1)), "S5") == 1
    assert warns(judge(p, assign(p, "C1", "E03", "mon", block=1)), "S5") == 0


def test_a_supervisor_event_to_a_lead_warns_only_when_a_supervisor_could_work():
    evs = [event("C1"), event("S1", "Supervisor", pairs_with="C1")]
    p = problem(events=evs)
    sched = (assign(p, "C1", "E01", "mon", block=1), assign(p, "S1", "E01", "mon"))
    assert warns(judge(p, *sched), "S5") == 1
    off = problem(
        events=evs, employees=roster("E01", "E03") + [employee("E06", "supervisor", off=("mon",))]
    )
    assert warns(judge(off, *sched), "S5") == 0


def test_the_same_product_twice_on_a_day_warns_once():
    evs = [
        event("C1", product="Nurri"),
        event("C2", product="nurri"),
        event("S1", "Supervisor", pairs_with="C1", product="Nurri"),
    ]
    p = problem(events=evs)
    c1 = assign(p, "C1", "E03", "mon", block=1)
    s1 = assign(p, "S1", "E06", "mon")
    assert warns(judge(p, c1, s1, assign(p, "C2", "E04", "mon", block=2)), "S6") == 1
    assert warns(judge(p, c1, s1, assign(p, "C2", "E04", "tue", block=2)), "S6") == 0


def test_a_week_with_a_core_spread_over_two_warns():
    p = problem(events=[event(f"C{i}") for i in range(3)])
    three = [assign(p, f"C{i}", "E03", d, block=1) for i, d in enumerate(("mon", "tue", "wed"))]
    report = judge(p, *three)
    assert warns(report, "S7") == 1
    assert next(f.date for f in report.findings if f.rule == "S7").isoformat() == "2026-03-01"
    assert warns(judge(p, *three[:2]), "S7") == 0


def test_the_same_core_start_time_on_four_days_of_a_week_warns():
    days = ("mon", "tue", "wed", "thu")
    p = problem(events=[event(f"C{i}") for i in range(4)])
    same = [assign(p, f"C{i}", "E03", d, block=1) for i, d in enumerate(days)]
    assert warns(judge(p, *same), "S8") == 1
    varied = same[:3] + [assign(p, "C3", "E03", "thu", block=3)]
    assert warns(judge(p, *varied), "S8") == 0


def test_a_dropped_or_moved_unlocked_existing_assignment_warns():
    p = problem(events=[event("C1")], existing=[existing("C1", "E03", "mon", "10:15", block=1)])
    assert warns(judge(p), "S10") == 1
    assert warns(judge(p, assign(p, "C1", "E03", "tue", block=1)), "S10") == 1
    assert warns(judge(p, assign(p, "C1", "E04", "mon", block=1)), "S10") == 1
    assert warns(judge(p, assign(p, "C1", "E03", "mon", block=3)), "S10") == 1
    # Another block at the same start time is not a move.
    assert warns(judge(p, assign(p, "C1", "E03", "mon", block=2)), "S10") == 0
    assert warns(judge(p, *kept(p)), "S10") == 0
    assert warns(validate(p), "S10") == 0


def test_a_core_in_an_overflow_block_warns():
    blocks = [{"block": 1, "start": "10:15"}, {"block": 9, "start": "10:15", "overflow": True}]
    p = problem(events=[event("C1")], settings={"shift_blocks": blocks})
    assert warns(judge(p, assign(p, "C1", "E03", "mon", block=9)), "S11") == 1
    assert warns(judge(p, assign(p, "C1", "E03", "mon", block=1)), "S11") == 0


def test_preferences_s1_and_s9_never_warn():
    p = problem(events=[event("C1")])
    report = judge(p, assign(p, "C1", "E03", "sat", block=1))
    assert report.score["S9"] < 0
    assert not {"S1", "S9"} & {f.rule for f in report.findings}
