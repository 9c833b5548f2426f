"""What every rule check needs: the schedule being judged and plain wording.

:class:`Judging` bundles the problem, its facts, the grouped schedule and
whether an assignment is *existing* (same event, employee, start and block as
one of the problem's existing assignments) or *new*; the validator never
trusts an assignment's ``change`` field (docs/rules-notes.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from domain.facts import Facts
from domain.models import Finding, Problem
from domain.schedule import Item, ScheduleView, existing_key

_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def day_label(day: date) -> str:
    """``Tue 2026-03-03``."""
    return f"{_DAY_NAMES[day.weekday()]} {day.isoformat()}"


def clock(moment: datetime) -> str:
    return moment.strftime("%H:%M")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@dataclass
class Judging:
    problem: Problem
    facts: Facts
    view: ScheduleView
    #: True when judging a proposal against the problem (H18/H20/S10 compare with existing).
    proposal: bool
    findings: list[Finding] = field(default_factory=list)

    @cached_property
    def existing_keys(self) -> set:
        return {existing_key(x) for x in self.problem.existing}

    def is_new(self, it: Item) -> bool:
        if not self.proposal:
            return False
        return (it.event, it.employee, it.start, it.block) not in self.existing_keys

    # --- wording ----------------------------------------------------------
    def who(self, employee_id: str) -> str:
        """``Ana Ruiz (E01)``."""
        emp = self.facts.employees[employee_id]
        return f"{emp.name} ({emp.id})" if emp.name else emp.id

    def what(self, event_id: str) -> str:
        """``Core 606001``."""
        return f"{self.facts.types[event_id].value} {event_id}"

    def whats(self, items) -> str:
        return ", ".join(self.what(it.event) for it in items)

    def add(
        self,
        rule: str,
        events: list[str],
        employee: str | None,
        day: date | None,
        message: str,
        severity: str | None = None,
    ) -> None:
        sev = severity or ("critical" if rule.startswith("H") else "warning")
        self.findings.append(
            Finding(
                rule=rule,
                severity=sev,
                events=list(events),
                employee=employee,
                date=day,
                message=message,
            )
        )
