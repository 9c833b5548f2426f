"""Use case of the browser UI: what a repair run changes, shown before its per-day table.

A repair run (kind ``repair``, :mod:`api.services.repairs`) records its
change in ``counts["repair"]["change"]``. For a call-out that is the employee
and her days out; :func:`repair_diff` splits the run's changes to the live
schedule (:func:`reports.changes.live_changes`) the way the call-out's answer
(:func:`api.services.callouts.answer_of`) does: her events a colleague takes,
those left unfilled (with why), those that stay (locked or already started),
and everything else the repair moves, drops or adds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from api.services.ui_review import Review
from domain.facts import Facts
from reports import names as n
from reports.changes import live_changes


@dataclass(frozen=True)
class DiffLine:
    """One event of the diff: where it was (``before``), where it goes (``after``), and why."""

    event: str
    kind: str
    before: str
    after: str
    why: str = ""


@dataclass
class RepairDiff:
    """What a repair run changes; ``employee`` and ``days`` only for a call-out."""

    kind: str
    employee: str = ""
    days: list[dt.date] = field(default_factory=list)
    note: str = ""
    taken: list[DiffLine] = field(default_factory=list)
    unfilled: list[DiffLine] = field(default_factory=list)
    stuck: list[DiffLine] = field(default_factory=list)
    also: list[DiffLine] = field(default_factory=list)
    changes: int | None = None
    changes_bound: int | None = None
    changes_proven: bool = False


def _days(change: dict) -> set[dt.date]:
    try:
        return {dt.date.fromisoformat(d) for d in change.get("days") or []}
    except (TypeError, ValueError):
        return set()


def repair_diff(review: Review) -> RepairDiff | None:
    """The diff of a repair run's review; ``None`` for any other run."""
    run = review.run
    if run.kind != "repair":
        return None
    figures = (run.counts or {}).get("repair") or {}
    change = figures.get("change") or {}
    facts = Facts(review.problem)
    who = str(change.get("employee") or "") if change.get("kind") == "callout" else ""
    days = _days(change) if who else set()
    unscheduled = {u.event: u for u in review.proposal.unscheduled}
    diff = RepairDiff(
        kind=str(change.get("kind") or "change"),
        employee=n.employee(facts, who) if who else "",
        days=sorted(days),
        note=str(change.get("note") or ""),
        changes=figures.get("changes"),
        changes_bound=figures.get("changes_bound"),
        changes_proven=bool(figures.get("changes_proven")),
    )
    for c in live_changes(review.problem, review.proposal, facts):
        b = c.before
        lost = bool(who) and b.employee == who and b.start.date() in days
        if c.kind == "kept" and not lost:
            continue
        before = n.slot(facts, b.employee, b.start, b.block)
        if c.kind == "kept":
            why = "locked" if b.locked else "starts before today: it stays (H20)"
            diff.stuck.append(DiffLine(n.event(facts, b.event), c.kind, before, before, why))
            continue
        after = "unfilled"
        if c.after is not None:
            after = n.slot(facts, c.after.employee, c.after.start, c.after.block)
        why = c.detail or ""
        if c.kind == "dropped" and b.event in unscheduled and not why:
            why = n.REASON_TEXT.get(unscheduled[b.event].reason, unscheduled[b.event].reason)
        line = DiffLine(n.event(facts, b.event), c.kind, before, after, why)
        if lost:
            (diff.taken if c.after is not None else diff.unfilled).append(line)
        else:
            diff.also.append(line)
    live = {x.event for x in review.problem.existing}
    for a in sorted(review.proposal.assignments, key=lambda a: (a.start, a.event)):
        if a.event not in live:
            slot = n.slot(facts, a.employee, a.start, a.block)
            diff.also.append(DiffLine(n.event(facts, a.event), "new", "-", slot))
    return diff


__all__ = ["DiffLine", "RepairDiff", "repair_diff"]
