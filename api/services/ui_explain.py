"""Use case of the browser UI: "Why? What would it take?" for an unscheduled event.

Answers the event's explanation (RULES.md §7: the rules that block each
employee on each allowed day, and for a ``capacity`` event the repair, the
fewest changes that would fit it in) in words the page shows as they are. The
explanation is the one the JSON API answers (:func:`api.services.explain.explain_event`:
stored with the run's line, else computed with the run's weights and stored), so the
page and ``GET /runs/{id}/events/{event}/explain`` never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from api.services.explain import NotExplainable
from api.services.explain import explain_event as explain_run_event
from api.services.runs import UowFactory, run_problem
from domain.facts import Facts
from domain.models import Slot
from domain.rules import HARD_RULES
from domain.runs import Run
from reports import names as n


class NotUnscheduled(LookupError):
    """The event is not an unscheduled line of the run."""


@dataclass(frozen=True)
class BlockedRow:
    employee: str
    date: str
    rules: list[tuple[str, str]]


@dataclass
class ExplainView:
    """The explanation page of one unscheduled event."""

    event: str
    name: str
    type: str
    reason: str
    detail: str
    blocked: list[BlockedRow] = field(default_factory=list)
    feasible: bool | None = None
    repair_detail: str = ""
    moves: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    score_change: dict[str, int] = field(default_factory=dict)
    objective_change: int | None = None
    by_moves_alone: bool = False


def _slot(facts: Facts, s: Slot | None) -> str:
    return "unscheduled" if s is None else n.slot(facts, s.employee, s.start, s.block)


def explain_event(uow_factory: UowFactory, run: Run, event: str) -> ExplainView:
    """Why ``event`` is unscheduled in ``run`` and, for capacity, what would fit it in."""
    try:
        found = explain_run_event(uow_factory, run.id, event)
    except NotExplainable:
        raise NotUnscheduled(event) from None
    with uow_factory() as uow:
        facts = Facts(run_problem(uow, run))
    answer = found.explanation
    view = ExplainView(
        event=event,
        name=n.event(facts, event),
        type=n.type_of(facts, event),
        reason=n.REASON_TEXT.get(found.reason, found.reason),
        detail=found.detail,
        blocked=[
            BlockedRow(
                n.employee(facts, b.employee),
                f"{b.date:%a %Y-%m-%d}",
                [(r, HARD_RULES.get(r, "")) for r in b.rules],
            )
            for b in answer.blocked
        ],
    )
    fix = answer.repair
    if fix is not None:
        view.feasible = fix.feasible
        view.repair_detail = fix.detail
        view.moves = [
            f"{n.event(facts, m.event)}: {_slot(facts, m.from_)} → {_slot(facts, m.to)}"
            for m in fix.moves
        ]
        view.left_out = [n.event(facts, e) for e in fix.left_out]
        view.score_change = dict(fix.score_change)
        view.objective_change = fix.objective_change
        view.by_moves_alone = fix.by_moves_alone
    return view


__all__ = ["ExplainView", "NotUnscheduled", "explain_event"]
