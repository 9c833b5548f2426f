"""A schedule as the validator and the scorer see it.

Small shared helpers: the problem's existing assignments as
:class:`~domain.models.Assignment` objects, which of them H20 freezes, the
reference check of a proposal, and :class:`ScheduleView`, a schedule grouped
by event, employee, day and week (so that no rule needs an O(n^2) scan).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property

from domain.facts import Facts, week_start
from domain.models import Assignment, ExistingAssignment, Problem
from domain.parse import InputError
from domain.rules import EventType

Key = tuple[str, str, datetime, int | None]


def existing_key(a: Assignment | ExistingAssignment) -> Key:
    """What must match for an assignment to be an existing one: event, employee, start, block."""
    return (a.event, a.employee, a.start, a.block)


def existing_as_assignments(problem: Problem, facts: Facts | None = None) -> list[Assignment]:
    """The problem's existing assignments as ``Assignment(change="kept")`` with their end."""
    facts = facts or Facts(problem)
    return [
        Assignment(
            event=x.event,
            employee=x.employee,
            start=x.start,
            end=facts.end_of(x.event, x.start),
            block=x.block,
            change="kept",
        )
        for x in problem.existing
    ]


def freeze_line(problem: Problem) -> date:
    """``today + buffer_days``: existing assignments starting before it are frozen (H20)."""
    return problem.today + timedelta(days=problem.settings.buffer_days)


def is_frozen(problem: Problem, x: ExistingAssignment) -> bool:
    """H20: locked, or starting before ``today + buffer_days``, or outside the horizon."""
    day = x.start.date()
    return (
        x.locked
        or day < freeze_line(problem)
        or not (problem.horizon.start <= day <= problem.horizon.end)
    )


def frozen_existing(problem: Problem, facts: Facts | None = None) -> list[ExistingAssignment]:
    """Every existing assignment H20 freezes, whatever its event's condition.

    The caller filters by activity: a frozen assignment of an inactive event is
    dropped (reason ``inactive``) rather than kept.
    """
    del facts  # the rule needs only the problem; the argument keeps call sites uniform
    return [x for x in problem.existing if is_frozen(problem, x)]


def check_references(
    facts: Facts, assignments: Sequence[Assignment], where: str = "proposal.assignments"
) -> None:
    """Raise :class:`InputError` for the first assignment naming an unknown event or employee."""
    for i, a in enumerate(assignments):
        if a.event not in facts.events:
            raise InputError(f"{where}[{i}].event: unknown event '{a.event}'")
        if a.employee not in facts.employees:
            raise InputError(f"{where}[{i}].employee: unknown employee '{a.employee}'")


@dataclass(frozen=True, slots=True)
class Item:
    """One assignment with the facts every rule asks about it."""

    index: int
    event: str
    employee: str
    type: EventType
    start: datetime
    end: datetime
    block: int | None

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def week(self) -> date:
        return week_start(self.start.date())

    @property
    def time(self) -> time:
        return self.start.time()


class ScheduleView:
    """A schedule grouped for the rules. The end is recomputed from the facts, never trusted."""

    def __init__(self, facts: Facts, assignments: Sequence[Assignment]) -> None:
        self.facts = facts
        self.items: list[Item] = [
            Item(
                i,
                a.event,
                a.employee,
                facts.types[a.event],
                a.start,
                facts.end_of(a.event, a.start),
                a.block,
            )
            for i, a in enumerate(assignments)
        ]

    def _group(self, key) -> dict:
        out: dict = {}
        for it in self.items:
            out.setdefault(key(it), []).append(it)
        return out

    @cached_property
    def by_event(self) -> dict[str, list[Item]]:
        return self._group(lambda it: it.event)

    @cached_property
    def by_employee(self) -> dict[str, list[Item]]:
        return self._group(lambda it: it.employee)

    @cached_property
    def by_employee_day(self) -> dict[tuple[str, date], list[Item]]:
        return self._group(lambda it: (it.employee, it.day))

    @cached_property
    def by_employee_week(self) -> dict[tuple[str, date], list[Item]]:
        return self._group(lambda it: (it.employee, it.week))

    @cached_property
    def by_day(self) -> dict[date, list[Item]]:
        return self._group(lambda it: it.day)

    def of_type(self, *types: EventType) -> list[Item]:
        return [it for it in self.items if it.type in types]

    def scheduled(self, event_id: str) -> bool:
        return event_id in self.by_event
