"""Report: counts, health, label, grouping by day and by week, deterministic order."""

from __future__ import annotations

from datetime import date

from domain.models import Finding
from domain.validator import Report
from tests.builders import assign, event, judge, problem


def finding(rule: str, day: date | None, severity: str = "warning") -> Finding:
    return Finding(rule=rule, severity=severity, date=day, message=rule)


def test_health_takes_ten_per_critical_and_three_per_warning():
    report = Report(
        findings=[finding("H09", date(2026, 3, 2), "critical"), finding("S6", date(2026, 3, 2))],
        score={},
    )
    assert (report.critical, report.warnings, report.health, report.label) == (1, 1, 87, "good")
    assert Report(findings=[], score={}).label == "excellent"
    many = Report(findings=[finding("H01", None, "critical")] * 11, score={})
    assert (many.health, many.label) == (0, "needs attention")


def test_findings_group_by_day_and_by_the_sunday_of_their_week():
    report = Report(
        findings=[
            finding("S6", date(2026, 3, 2)),
            finding("S6", date(2026, 3, 7)),
            finding("S6", date(2026, 3, 8)),
            finding("S7", None),
        ],
        score={},
    )
    assert list(report.by_day()) == [date(2026, 3, 2), date(2026, 3, 7), date(2026, 3, 8), None]
    weeks = report.by_week()
    assert list(weeks) == [date(2026, 3, 1), date(2026, 3, 8), None]
    assert [len(v) for v in weeks.values()] == [2, 1, 1]


def test_findings_are_sorted_by_date_then_rule_then_events():
    p = problem(events=[event("C1"), event("C2"), event("C3")], holidays=[{"date": "2026-03-04"}])
    report = judge(
        p,
        assign(p, "C3", "E03", "wed", block=1),
        assign(p, "C2", "E04", "mon", block=1),
        assign(p, "C1", "E03", "mon", "10:45", block=1),
    )
    keys = [(f.date, f.rule, f.events) for f in report.findings]
    assert keys == sorted(
        keys, key=lambda k: (k[0], int(k[1][1:]) + (0 if k[1][0] == "H" else 100), k[2])
    )
    assert keys[0][:2] == (date(2026, 3, 2), "H08")
    assert report.critical == sum(1 for f in report.findings if f.severity == "critical")
