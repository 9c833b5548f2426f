"""Re-validating reviewed changes against the schedule as it is at approval time.

A proposal may be approved days after it was solved; meanwhile someone may
have taken time off or changed the schedule. Each change is applied to the
current schedule and the result judged by the validator; a change that makes
a *new* critical finding is refused with that finding, the others stand.
Refusing one change can break another (a Supervisor whose Core was refused),
so the check repeats until nothing more is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from domain.models import ExistingAssignment, Finding, Problem
from domain.validator import validate


@dataclass(frozen=True)
class ScheduleChange:
    """One reviewed line: put ``event`` on ``employee`` at ``start``, or drop it.

    ``employee is None`` means the event leaves the schedule.
    """

    key: int | str  # the pending row it comes from
    event: str
    employee: str | None = None
    start: datetime | None = None
    block: int | None = None


def _finding_key(f: Finding) -> tuple:
    return (f.rule, tuple(f.events), f.employee, f.date)


def apply_changes(problem: Problem, changes: Sequence[ScheduleChange]) -> Problem:
    """The problem with its existing schedule replaced, event by event, by ``changes``."""
    touched = {c.event for c in changes}
    locked = {x.event: x.locked for x in problem.existing}
    existing = [x for x in problem.existing if x.event not in touched]
    for c in changes:
        if c.employee is not None and c.start is not None:
            existing.append(
                ExistingAssignment(
                    event=c.event,
                    employee=c.employee,
                    start=c.start,
                    block=c.block,
                    locked=locked.get(c.event, False),
                )
            )
    return problem.model_copy(update={"existing": existing})


def check_changes(
    problem: Problem, changes: Sequence[ScheduleChange]
) -> tuple[list[ScheduleChange], list[tuple[ScheduleChange, Finding]]]:
    """Split ``changes`` into those that can be applied and those refused.

    Parameters
    ----------
    problem
        The store's problem as it is now (its ``existing`` is the live schedule).
    changes
        The reviewed lines to apply.

    Returns
    -------
    tuple
        ``(accepted, refused)``; each refused change comes with the critical
        finding it would cause. Findings the live schedule already has are not
        held against any change.
    """
    before = {_finding_key(f) for f in validate(problem).findings if f.severity == "critical"}
    accepted = list(changes)
    refused: list[tuple[ScheduleChange, Finding]] = []
    while accepted:
        report = validate(apply_changes(problem, accepted))
        fresh = [
            f for f in report.findings if f.severity == "critical" and _finding_key(f) not in before
        ]
        by_event = {c.event: c for c in accepted}
        blamed: dict[str, Finding] = {}
        for f in fresh:
            for event in f.events:
                if event in by_event and event not in blamed:
                    blamed[event] = f
        if not blamed:
            break
        refused.extend((by_event[e], f) for e, f in blamed.items())
        accepted = [c for c in accepted if c.event not in blamed]
    return accepted, refused
