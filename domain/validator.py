"""The independent validator: judges a schedule against RULES.md.

``validate(problem)`` judges the problem's existing schedule on its own;
``validate(problem, proposal)`` judges a proposal's assignments against the
problem (H18, H20 and S10 compare them with the problem's existing ones).
Hard rules give critical findings, soft rules warnings (docs/rules-notes.md).
Written from the rule book, never from a solver.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from domain.checks_cover import cov_every_active_event_once
from domain.checks_hard import HARD_CHECKS
from domain.checks_soft import SOFT_CHECKS
from domain.facts import Facts, week_start
from domain.health import DayHealth, Health, schedule_health
from domain.judging import Judging
from domain.models import Finding, Problem, Proposal
from domain.schedule import ScheduleView, check_references, existing_as_assignments
from domain.score import score_view


def _rule_order(rule: str) -> tuple[str, int]:
    return (rule[:1], int(rule[1:]) if rule[1:].isdigit() else 0)


def finding_order(f: Finding) -> tuple:
    """Deterministic order: date (undated last), rule, events, employee, message."""
    return (
        f.date is None,
        f.date or date.min,
        _rule_order(f.rule),
        f.events,
        f.employee or "",
        f.message,
    )


@dataclass(frozen=True)
class Report:
    """What the validator found, and the soft-rule score of the judged schedule.

    ``days`` are the dates of the judged schedule's assignments; health is per
    day and averaged over them (RULES.md §5, :mod:`domain.health`).
    """

    findings: list[Finding]
    score: dict[str, int]
    days: tuple[date, ...] = ()

    @property
    def critical(self) -> int:
        return sum(1 for f in self.findings if f.severity == "critical")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @cached_property
    def health_report(self) -> Health:
        """Health per day, the mean over the days and the worst day."""
        return schedule_health(self.findings, self.days)

    @property
    def health(self) -> int:
        """The schedule's health: the mean of its days' (RULES.md §5)."""
        return self.health_report.score

    @property
    def label(self) -> str:
        return self.health_report.label

    @property
    def health_days(self) -> tuple[DayHealth, ...]:
        return self.health_report.days

    @property
    def worst_day(self) -> DayHealth | None:
        return self.health_report.worst

    def rules(self) -> set[str]:
        """The rule ids with at least one finding."""
        return {f.rule for f in self.findings}

    def by_day(self) -> dict[date | None, list[Finding]]:
        """Findings grouped by their date (in finding order; undated under ``None``)."""
        out: dict[date | None, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(f.date, []).append(f)
        return out

    def by_week(self) -> dict[date | None, list[Finding]]:
        """Findings grouped by the Sunday of their week (undated under ``None``)."""
        out: dict[date | None, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(week_start(f.date) if f.date else None, []).append(f)
        return out


def validate(
    problem: Problem, proposal: Proposal | None = None, facts: Facts | None = None
) -> Report:
    """Judge ``proposal`` (or, without one, the problem's existing schedule).

    Raises
    ------
    domain.parse.InputError
        When a proposal's assignment names an unknown event or employee.
    """
    facts = facts or Facts(problem)
    if proposal is None:
        assignments = existing_as_assignments(problem, facts)
    else:
        check_references(facts, proposal.assignments)
        assignments = proposal.assignments
    view = ScheduleView(facts, assignments)
    judging = Judging(problem, facts, view, proposal=proposal is not None)
    for check in (*HARD_CHECKS, *SOFT_CHECKS):
        check(judging)
    if proposal is not None:
        cov_every_active_event_once(judging, proposal)
    findings = sorted(judging.findings, key=finding_order)
    days = tuple(sorted(view.by_day))
    return Report(findings=findings, score=score_view(facts, view), days=days)
