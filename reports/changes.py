"""What a proposal changes in the live schedule: kept, moved, dropped, and who displaced whom.

The live schedule is the problem's ``existing`` assignments. For each of them
the proposal either keeps it (same employee, start and block), moves it, or
drops it (an ``unscheduled`` line with reason ``dropped``). A moved or
dropped assignment's old slot is *displaced* by the proposal's other
assignments that now take it: the same employee at an overlapping time, or,
for a Core, the same shift block on the same day.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.facts import Facts
from domain.models import Assignment, ExistingAssignment, Problem, Proposal
from domain.rules import EventType


@dataclass(frozen=True)
class LiveChange:
    """One existing assignment and what the proposal does with it."""

    kind: str  # "kept", "moved" or "dropped"
    before: ExistingAssignment
    after: Assignment | None = None
    displaced_by: list[str] = field(default_factory=list)
    detail: str = ""


_ORDER = {"moved": 0, "dropped": 1, "kept": 2}


def _takes_slot(facts: Facts, old: ExistingAssignment, a: Assignment) -> bool:
    if a.event == old.event:
        return False
    old_end = facts.end_of(old.event, old.start) if old.event in facts.events else old.start
    if a.employee == old.employee and a.start < old_end and old.start < a.end:
        return True
    return (
        old.block is not None
        and a.block == old.block
        and a.start.date() == old.start.date()
        and facts.types.get(a.event) is EventType.CORE
        and facts.types.get(old.event) is EventType.CORE
    )


def live_changes(
    problem: Problem, proposal: Proposal, facts: Facts | None = None
) -> list[LiveChange]:
    """Every existing assignment of the problem with the proposal's answer to it.

    Ordered moved, dropped, kept; then by the old start. Events the proposal
    neither schedules nor drops (e.g. an inactive event's) are left out.
    """
    facts = facts or Facts(problem)
    placed = {a.event: a for a in proposal.assignments}
    dropped = {u.event: u for u in proposal.unscheduled if u.reason == "dropped"}
    out: list[LiveChange] = []
    for old in problem.existing:
        new = placed.get(old.event)
        if new is not None:
            same = (new.employee, new.start, new.block) == (old.employee, old.start, old.block)
            kind = "kept" if same else "moved"
        elif old.event in dropped:
            kind = "dropped"
        else:
            continue
        displaced = []
        if kind != "kept":
            displaced = sorted(
                a.event
                for a in proposal.assignments
                if a.change != "kept" and _takes_slot(facts, old, a)
            )
        detail = dropped[old.event].detail if kind == "dropped" else ""
        out.append(LiveChange(kind, old, new, displaced, detail))
    out.sort(key=lambda c: (_ORDER[c.kind], c.before.start, c.before.event))
    return out
