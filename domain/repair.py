"""A repair applied to its proposal, and whether it keeps its promise (RULES.md §7).

A repair (``explanation.repair`` of FORMAT.md) is a difference from the
proposal it was computed for. Its promise: applied to that proposal it gives a
schedule with no critical finding, and its ``objective_change`` is the
scorer's difference. The tests, the explain benchmark and any caller that
wants to trust a repair check it with :func:`broken_promises`.

Pure: no I/O.
"""

from __future__ import annotations

from domain.facts import Facts
from domain.models import Assignment, Problem, Proposal, Repair, Unscheduled
from domain.score import objective, score_schedule
from domain.validator import validate


def apply_repair(facts: Facts, proposal: Proposal, repair: Repair) -> Proposal:
    """The proposal with the repair's moves applied, scored by the scorer.

    Parameters
    ----------
    facts
        Facts of the problem both were computed for.
    proposal
        The proposal the repair is a difference from.
    repair
        A feasible repair: each move's ``to`` is the event's new slot (``None``:
        left out).

    Returns
    -------
    Proposal
        Its assignments changed by the moves, each event listed exactly once
        (a newly scheduled one leaves ``unscheduled``, a left-out one joins it
        with reason ``capacity``) and its ``score`` recomputed.
    """
    after = {a.event: a for a in proposal.assignments}
    for mv in repair.moves:
        if mv.to is None:
            after.pop(mv.event, None)
            continue
        after[mv.event] = Assignment(
            event=mv.event,
            employee=mv.to.employee,
            start=mv.to.start,
            end=facts.end_of(mv.event, mv.to.start),
            block=mv.to.block,
        )
    rows = list(after.values())
    left_out = [
        Unscheduled(event=e, reason="capacity", detail="left out by the repair")
        for e in sorted({a.event for a in proposal.assignments} - set(after))
    ]
    unscheduled = [u for u in proposal.unscheduled if u.event not in after] + left_out
    score = score_schedule(facts.problem, rows, facts)
    return proposal.model_copy(
        update={"assignments": rows, "unscheduled": unscheduled, "score": score}
    )


def broken_promises(
    problem: Problem,
    proposal: Proposal,
    repair: Repair,
    *,
    event: str | None = None,
    facts: Facts | None = None,
) -> list[str]:
    """What a repair promises and does not keep; an empty list when it is valid.

    Parameters
    ----------
    problem, proposal
        What the repair was computed for.
    repair
        The repair to check.
    event
        The event it was asked for: it must be scheduled after the repair.
    facts
        Facts of ``problem`` (computed when not given).

    Returns
    -------
    list of str
        One line per broken promise: not feasible, the event still left out, a
        critical finding of the repaired schedule, an ``objective_change``
        other than the scorer's difference, ``by_moves_alone`` while events are
        left out (or the reverse).
    """
    if not repair.feasible:
        return [f"not feasible: {repair.detail}"]
    facts = facts or Facts(problem)
    after = apply_repair(facts, proposal, repair)
    out: list[str] = []
    if event is not None and event not in {a.event for a in after.assignments}:
        out.append(f"{event} is still not scheduled after the repair")
    report = validate(problem, after, facts)
    out += [f"{f.rule}: {f.message}" for f in report.findings if f.severity == "critical"]
    before = objective(score_schedule(problem, proposal.assignments, facts))
    delta = objective(after.score) - before
    if repair.objective_change != delta:
        out.append(f"objective_change {repair.objective_change} but the scorer's is {delta}")
    if repair.by_moves_alone == bool(repair.left_out):
        out.append(f"by_moves_alone {repair.by_moves_alone} with left_out {repair.left_out}")
    return out


__all__ = ["apply_repair", "broken_promises"]
