"""Health of a schedule (RULES.md §5): per day, averaged over the schedule's days.

A day's health is ``max(0, 100 - 10 x critical - 3 x warning)`` over the
findings of that day; a schedule's is the mean of its days', shown with its
worst day. Readings (docs/rules-notes.md, "Health"): the schedule's days are
the days with an assignment, plus any day a finding falls on (a finding is
never lost); a finding of a week rule (H10, H11, H19, S7, S8) counts on the
last day of its week that has an assignment; an undated finding counts on the
schedule's last day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from domain.facts import week_start
from domain.models import Finding
from domain.rules import health_label, health_score

#: Rules whose findings belong to a week rather than a day (RULES.md §5).
WEEK_RULES: frozenset[str] = frozenset({"H10", "H11", "H19", "S7", "S8"})


@dataclass(frozen=True)
class DayHealth:
    """The findings of one day and its health."""

    date: date
    critical: int
    warnings: int

    @property
    def health(self) -> int:
        return health_score(self.critical, self.warnings)

    @property
    def label(self) -> str:
        return health_label(self.health)

    def as_json(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "health": self.health,
            "label": self.label,
            "critical": self.critical,
            "warnings": self.warnings,
        }


@dataclass(frozen=True)
class Health:
    """A schedule's health: the mean over its days, every day, and the worst one."""

    score: int
    days: tuple[DayHealth, ...]

    @property
    def label(self) -> str:
        return health_label(self.score)

    @property
    def worst(self) -> DayHealth | None:
        """The day with the lowest health (the earliest of equals); ``None`` without days."""
        return min(self.days, key=lambda d: (d.health, d.date)) if self.days else None


def _counting_day(f: Finding, scheduled: Sequence[date], last: date | None) -> date | None:
    """The day a finding counts on (``None``: undated, and no day to put it on)."""
    if f.date is None:
        return last
    if f.rule in WEEK_RULES:
        sunday = week_start(f.date)
        in_week = [d for d in scheduled if sunday <= d < sunday + timedelta(days=7)]
        if in_week:
            return in_week[-1]
    return f.date


def schedule_health(findings: Iterable[Finding], schedule_days: Iterable[date]) -> Health:
    """Health of a schedule whose assignments fall on ``schedule_days``.

    The mean is rounded half up to an integer. A schedule with no day at all
    has one health over all its findings (100 when it has none).
    """
    findings = list(findings)
    scheduled = sorted(set(schedule_days))
    counts: dict[date, list[int]] = {d: [0, 0] for d in scheduled}
    dated = sorted({f.date for f in findings if f.date is not None})
    last = scheduled[-1] if scheduled else dated[-1] if dated else None
    loose = [0, 0]
    for f in findings:
        day = _counting_day(f, scheduled, last)
        slot = loose if day is None else counts.setdefault(day, [0, 0])
        slot[0 if f.severity == "critical" else 1] += 1
    days = tuple(DayHealth(d, c, w) for d, (c, w) in sorted(counts.items()))
    if not days:
        return Health(health_score(*loose), ())
    mean = sum(d.health for d in days) / len(days)
    return Health(int(mean + 0.5), days)
