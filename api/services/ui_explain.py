"""Use case of the browser UI: "Why? What would it take?" for an unscheduled event.

Answers the event's explanation (RULES.md §7: the rules that block each
employee on each allowed day, and for a ``capacity`` event the repair, the
fewest changes that would fit it in) in words the page shows as they are. The
explanation is computed on the run's proposal with :func:`solver.explain.explain`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from api.services.api_runs import proposal_of
from api.services.runs import UowFactory, run_problem
from domain.facts import Facts
from domain.models import Slot
from domain.rules import HARD_RULES
from domain.runs import Run
from reports import names as n
from solver.explain import explain

#: Seconds the repair's counterfactual solve may take while the page waits.
REPAIR_SECONDS = 3.0


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
    proposal = proposal_of(uow_factory, run)
    line = next((u for u in proposal.unscheduled if u.event == event), None)
    if line is None:
        raise NotUnscheduled(event)
    with uow_factory() as uow:
        problem = run_problem(uow, run)
    facts = Facts(problem)
    answer = explain(problem, proposal, event, time_limit=REPAIR_SECONDS, facts=facts)
    view = ExplainView(
        event=event,
        name=n.event(facts, event),
        type=n.type_of(facts, event),
        reason=n.REASON_TEXT.get(line.reason, line.reason),
        detail=line.detail,
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
