"""Rule-book revision 3 in the validator: one test per changed rule (issue 9 §1)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.facts import Facts
from domain.models import Finding, Unscheduled
from domain.rules import DEFAULT_DURATION, EventType, is_active_condition, may_overlap
from domain.validator import validate
from tests.builders import assign, event, judge, listed, problem, proposal, rules

T = EventType


def critical(report, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule and f.severity == "critical"]


# --- conditions ------------------------------------------------------------------


def test_a_reissued_event_is_active_and_may_be_scheduled():
    p = problem(events=[event("C1", condition="Reissued")])
    assert Facts(p).is_active("C1")
    assert critical(judge(p, assign(p, "C1", "E03", "mon", block=1)), "H06") == []


@pytest.mark.parametrize("condition", ["Canceled", "Cancelled", "CANCELLED", "canceled", "eXpired"])
def test_canceled_cancelled_and_expired_are_inactive_in_any_case(condition):
    assert not is_active_condition(condition)
    p = problem(events=[event("C1", condition=condition)])
    assert rules(judge(p, assign(p, "C1", "E03", "mon", block=1)), "critical") == {"H06"}


def test_every_other_condition_is_active():
    for condition in ("Unstaffed", "Scheduled", "Staffed", "Submitted", "Reissued", None):
        assert is_active_condition(condition)


# --- durations -----------------------------------------------------------------


def test_support_tasks_and_other_last_15_minutes_and_a_digital_setup_30():
    short = (T.FREEOSK, T.DIGITAL_REFRESH, T.DIGITAL_TEARDOWN, T.DIGITALS, T.JUICER_SURVEY, T.OTHER)
    assert {DEFAULT_DURATION[t] for t in short} == {15}
    assert DEFAULT_DURATION[T.DIGITAL_SETUP] == 30
    p = problem(events=[event("F1", "Freeosk")])
    assert assign(p, "F1", "E01", "mon", "12:00").end.strftime("%H:%M") == "12:15"


# --- H12: support tasks inside a shift ------------------------------------------


def test_a_freeosk_inside_the_leads_own_core_is_fine():
    p = problem(events=[event("C1"), event("F1", "Freeosk")])
    report = judge(
        p, assign(p, "C1", "E01", "mon", block=1), assign(p, "F1", "E01", "mon", "12:00")
    )
    assert report.critical == 0


@pytest.mark.parametrize("etype", ["Digital Setup", "Digital Refresh", "Digitals"])
def test_a_digital_task_inside_the_leads_own_core_is_fine(etype):
    p = problem(events=[event("C1"), event("D1", etype, "mon")])
    report = judge(
        p, assign(p, "C1", "E01", "mon", block=1), assign(p, "D1", "E01", "mon", "10:30")
    )
    assert report.critical == 0


def test_a_freeosk_inside_the_leads_deep_clean_or_other_is_h12():
    p = problem(
        employees=[{"id": "E06", "role": "supervisor"}],
        events=[
            event("D1", "Juicer Deep Clean"),
            event("O1", "Other", duration_min=120),
            event("F1", "Freeosk"),
        ],
    )
    freeosk = assign(p, "F1", "E06", "mon", "10:00")
    clean = assign(p, "D1", "E06", "mon")  # 09:00-13:00
    found = critical(judge(p, clean, freeosk), "H12")
    assert [f.events for f in found] == [["D1", "F1"]]
    assert "may only overlap the same person's Core or Juicer Production" in found[0].message
    other = assign(p, "O1", "E06", "tue", "11:00")  # 11:00-13:00
    late = assign(p, "F1", "E06", "mon", "12:00")
    assert critical(judge(p, other, late), "H12") == []  # another day
    p2 = problem(
        employees=[{"id": "E06", "role": "supervisor"}],
        events=[event("O1", "Other", "mon", "mon", duration_min=120), event("F1", "Freeosk")],
    )
    both = judge(
        p2, assign(p2, "O1", "E06", "mon", "11:00"), assign(p2, "F1", "E06", "mon", "12:00")
    )
    assert [f.events for f in critical(both, "H12")] == [["O1", "F1"]]


def test_two_support_tasks_of_one_lead_inside_her_core_must_not_overlap_each_other():
    p = problem(
        events=[event("C1"), event("D1", "Digital Setup", "mon"), event("D2", "Digitals", "mon")]
    )
    report = judge(
        p,
        assign(p, "C1", "E01", "mon", block=1),
        assign(p, "D1", "E01", "mon", "10:30"),  # 10:30-11:00
        assign(p, "D2", "E01", "mon", "10:45"),
    )
    assert [f.events for f in critical(report, "H12")] == [["D1", "D2"]]


def test_a_digital_teardown_is_no_support_task_and_may_not_overlap_a_core():
    assert not may_overlap(T.DIGITAL_TEARDOWN, T.CORE)
    assert may_overlap(T.FREEOSK, T.JUICER_PRODUCTION) and may_overlap(T.SUPERVISOR, T.OTHER)
    assert not may_overlap(T.FREEOSK, T.JUICER_DEEP_CLEAN)


# --- H19: support tasks are not counted -------------------------------------------


def test_h19_counts_no_support_task():
    evs = [
        event("C1"),
        event("F1", "Freeosk"),
        event("D1", "Digital Setup", "mon"),
        event("X1", "Digitals"),
        event("S1", "Supervisor", pairs_with="C1"),
    ]
    p = problem(events=evs, settings={"max_week_minutes": 360})  # one Core: 390 - 30
    report = judge(
        p,
        assign(p, "C1", "E01", "mon", block=1),
        assign(p, "F1", "E01", "mon", "10:00"),
        assign(p, "D1", "E01", "mon", "11:00"),
        assign(p, "X1", "E01", "mon", "10:30"),
        assign(p, "S1", "E01", "mon"),
    )
    assert report.critical == 0
    f = Facts(p)
    assert [f.work_minutes(e) for e in ("C1", "F1", "D1", "X1", "S1")] == [360, 0, 0, 0, 0]


def test_h19_still_counts_a_digital_teardown_and_other():
    p = problem(events=[event("C1"), event("T1", "Digital Teardown", "mon")])
    assert Facts(p).work_minutes("T1") == 15
    tight = problem(
        events=[event("C1"), event("T1", "Digital Teardown", "mon")],
        settings={"max_week_minutes": 360},
    )
    report = judge(
        tight,
        assign(tight, "C1", "E01", "mon", block=1),
        assign(tight, "T1", "E01", "mon", "17:00"),
    )
    assert rules(report, "critical") == {"H19"}


# --- COV: every active event exactly once -------------------------------------------


def test_a_proposal_that_leaves_out_an_active_event_is_cov():
    p = problem(events=[event("C1"), event("C2"), event("C3", condition="Canceled")])
    report = validate(p, proposal([assign(p, "C1", "E03", "mon", block=1)]))
    assert [(f.severity, f.events, f.date) for f in critical(report, "COV")] == [
        ("critical", ["C2"], None)
    ]
    assert rules(report, "critical") == {"COV"}
    complete = listed(p, [assign(p, "C1", "E03", "mon", block=1)])
    assert validate(p, complete).critical == 0


def test_a_proposal_that_lists_an_event_twice_is_cov():
    p = problem(events=[event("C1"), event("C2")])
    core = assign(p, "C1", "E03", "mon", block=1)
    both = proposal(
        [core],
        [Unscheduled(event="C1", reason="capacity"), Unscheduled(event="C2", reason="capacity")],
    )
    found = critical(validate(p, both), "COV")
    assert [(f.events, f.employee, f.date) for f in found] == [(["C1"], "E03", date(2026, 3, 2))]
    twice = proposal(
        [core],
        [Unscheduled(event="C2", reason="capacity"), Unscheduled(event="C2", reason="capacity")],
    )
    assert [f.events for f in critical(validate(p, twice), "COV")] == [["C2"]]


def test_an_event_assigned_twice_is_h06_not_cov():
    p = problem(events=[event("C1")])
    report = validate(
        p,
        proposal([assign(p, "C1", "E03", "mon", block=1), assign(p, "C1", "E04", "tue", block=1)]),
    )
    assert "H06" in rules(report) and "COV" not in rules(report)


def test_an_existing_schedule_judged_alone_has_no_cov():
    p = problem(events=[event("C1"), event("C2")])
    assert "COV" not in rules(validate(p))


# --- health per day ------------------------------------------------------------


def test_health_is_per_day_and_averaged_over_the_schedules_days_with_the_worst_shown():
    evs = [event(f"C{i}", product="Nurri") for i in range(1, 4)] + [event("C9")]
    p = problem(events=evs)
    report = judge(
        p,
        assign(p, "C1", "E03", "mon", block=1),
        assign(p, "C2", "E04", "mon", block=2),  # S6: Nurri twice on Monday
        assign(p, "C3", "E03", "tue", block=1),
        assign(p, "C9", "E04", "wed", block=1),
    )
    assert [(f.rule, f.date) for f in report.findings] == [("S6", date(2026, 3, 2))]
    days = {d.date: d.health for d in report.health_days}
    assert days == {date(2026, 3, 2): 97, date(2026, 3, 3): 100, date(2026, 3, 4): 100}
    assert report.health == 99  # (97 + 100 + 100) / 3, rounded
    assert (report.worst_day.date, report.worst_day.health) == (date(2026, 3, 2), 97)


def test_a_week_finding_counts_on_the_weeks_last_scheduled_day():
    p = problem(events=[event("C1"), event("C2")], settings={"max_core_per_week": 1})
    report = judge(
        p, assign(p, "C1", "E03", "mon", block=1), assign(p, "C2", "E03", "thu", block=1)
    )
    assert [f.rule for f in report.findings if f.severity == "critical"] == ["H10"]
    days = {d.date: (d.critical, d.health) for d in report.health_days}
    assert days == {date(2026, 3, 2): (0, 100), date(2026, 3, 5): (1, 90)}
    assert report.health == 95 and report.worst_day.date == date(2026, 3, 5)


def test_many_warnings_spread_over_a_fortnight_do_not_sink_its_health():
    """Regression (issue 9): 23 warnings of a fortnight summed into one day's formula
    gave an optimal schedule 31/100, "needs attention"."""
    days = [date(2026, 3, d) for d in range(1, 15)]
    findings = [
        Finding(rule="S9", severity="warning", date=days[i % 14], message="w") for i in range(23)
    ]
    from domain.health import schedule_health

    health = schedule_health(findings, days)
    assert health.score == 95 and health.label == "excellent"
    assert health.worst.health == 94
