"""Turn a solver's chosen assignments into a ``schedule-proposal/1`` (FORMAT.md).

:func:`build_proposal` is shared by the greedy baseline and the CP-SAT solver:
it computes each assignment's end and ``change`` (new / kept / moved against the
problem's existing assignments), lists every event it does not schedule in
``unscheduled`` with a reason (:mod:`solver.reasons`), and fills ``score`` and
``objective`` from :mod:`domain.score`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from domain.facts import Facts
from domain.models import Assignment, ExistingAssignment, Problem, Proposal, Unscheduled
from domain.rules import EventType
from domain.score import objective as objective_of
from domain.score import score_schedule
from solver.board import Board, Chosen
from solver.reasons import classify, dropped

__all__ = ["Chosen", "build_proposal", "change_kind"]


def change_kind(existing: ExistingAssignment | None, chosen: Chosen) -> str:
    """``new`` without an existing assignment; ``kept`` when employee, start, block match."""
    if existing is None:
        return "new"
    same = (existing.employee, existing.start, existing.block) == (
        chosen.employee,
        chosen.start,
        chosen.block,
    )
    return "kept" if same else "moved"


def _existing_by_event(problem: Problem) -> dict[str, ExistingAssignment]:
    out: dict[str, ExistingAssignment] = {}
    for x in problem.existing:
        out.setdefault(x.event, x)
    return out


def _drop_rule(facts: Facts, board: Board, x: ExistingAssignment) -> str | None:
    """The hard rule that keeping ``x`` beside the chosen schedule would break, if any."""
    if x.employee not in facts.employees:
        return None
    return board.check(x.event, x.employee, x.start, x.block, new=False)


def build_proposal(
    problem: Problem,
    facts: Facts | None,
    chosen: Sequence[Chosen],
    *,
    status: str,
    objective: int | None = None,
    bound: float | None = None,
    solve_seconds: float | None = None,
    drop_rules: Mapping[str, str | None] | None = None,
) -> Proposal:
    """A proposal from the chosen assignments.

    Every event of the problem appears once: scheduled in ``assignments``, or in
    ``unscheduled`` with a reason (inactive events too, reason ``inactive``). An
    active event with an unlocked existing assignment that is not chosen is
    ``dropped``; its ``rule`` comes from ``drop_rules`` when the caller knows it,
    else from re-checking the existing assignment beside the chosen schedule.

    Raises
    ------
    ValueError
        When an event is chosen twice.
    """
    facts = facts or Facts(problem)
    existing = _existing_by_event(problem)
    seen: set[str] = set()
    for c in chosen:
        if c.event in seen:
            raise ValueError(f"event '{c.event}' is chosen twice")
        seen.add(c.event)
    assignments = [
        Assignment(
            event=c.event,
            employee=c.employee,
            start=c.start,
            end=facts.end_of(c.event, c.start),
            block=c.block if facts.types[c.event] is EventType.CORE else None,
            change=change_kind(existing.get(c.event), c),
        )
        for c in sorted(chosen, key=lambda c: (c.start, c.event))
    ]
    board = Board.of(facts, chosen)
    unscheduled: list[Unscheduled] = []
    for event_id in sorted(facts.events):
        if event_id in seen:
            continue
        x = existing.get(event_id)
        if x is not None and facts.is_active(event_id):
            rule = (drop_rules or {}).get(event_id)
            if rule is None and (drop_rules is None or event_id not in drop_rules):
                rule = _drop_rule(facts, board, x)
            reason, detail, rule = dropped(facts, x, rule)
            unscheduled.append(Unscheduled(event=event_id, reason=reason, detail=detail, rule=rule))
            continue
        reason, detail = classify(facts, event_id, seen, board)
        if x is not None:
            detail += f" Its existing assignment ({x.employee}) is dropped."
        unscheduled.append(Unscheduled(event=event_id, reason=reason, detail=detail))
    score = score_schedule(problem, assignments, facts)
    return Proposal(
        store=problem.store,
        status=status,
        objective=objective if objective is not None else objective_of(score),
        bound=bound,
        solve_seconds=solve_seconds,
        assignments=assignments,
        unscheduled=unscheduled,
        score=score,
    )
