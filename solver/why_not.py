"""Why not this employee for this event? (RULES.md §7, second question.)

Per allowed day, in this order:

1. the unary rules that block the pair on their own (H01-H08, H18), from
   :mod:`solver.unary`, the functions candidate generation uses;
2. else the proposal's assignments of that employee (or that block, or that
   day) that leave no room (H09-H13, H16, H17, H19), judged by
   :class:`solver.board.Board` as :func:`solver.explain.blocked` judges them;
3. where some day is free of both, the objective change of taking that
   employee: a repair (:func:`solver.explain.repair`) with the event forced
   onto them.

Pure: no I/O.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from domain.facts import Facts, week_start
from domain.models import Problem, Proposal, Repair, Slot
from domain.rules import SHIFT_TYPES, EventType, may_overlap
from domain.score import objective, score_schedule
from solver.board import Board, Chosen
from solver.explain import REPAIR_SECONDS, allowed_days, repair
from solver.unary import starts_on, unary_rules

T = EventType


class Holder(BaseModel):
    """One assignment of the proposal that leaves no room, and the rule it fills."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    rule: str
    event: str
    employee: str
    start: datetime
    block: int | None = None


class DayAnswer(BaseModel):
    """One allowed day: the rules that block the pair, and the assignments behind them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    date: date
    rules: list[str] = Field(default_factory=list)
    by: list[Holder] = Field(default_factory=list)

    @property
    def free(self) -> bool:
        return not self.rules


class WhyNot(BaseModel):
    """The answer to "why not ``employee`` for ``event``"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    event: str
    employee: str
    days: list[DayAnswer] = Field(default_factory=list)
    repair: Repair | None = None
    detail: str = ""


def holders(facts: Facts, board: Board, event: str, employee: str, start, rule: str) -> list:
    """The board's assignments that make ``rule`` block ``event`` by ``employee`` at
    ``start`` (empty for a rule no assignment fills, such as H17: no shift that day)."""
    day = start.date()
    week = week_start(day)
    types = facts.types
    etype = types[event]

    def mine(c: Chosen) -> bool:
        return c.employee == employee

    tests = {
        "H09": lambda c: mine(c) and c.day == day and types[c.event] in SHIFT_TYPES,
        "H10": lambda c: mine(c) and week_start(c.day) == week and types[c.event] is T.CORE,
        "H11": lambda c: (
            mine(c) and week_start(c.day) == week and types[c.event] is T.JUICER_PRODUCTION
        ),
        "H13": lambda c: c.day == day and types[c.event] is T.CORE and c.start == start,
        "H16": lambda c: (
            c.day == day
            and types[c.event]
            is (T.JUICER_PRODUCTION if etype is T.JUICER_DEEP_CLEAN else T.JUICER_DEEP_CLEAN)
        ),
        "H12": lambda c: (
            mine(c)
            and c.day == day
            and not may_overlap(etype, types[c.event])
            and c.start < facts.end_of(event, start)
            and start < facts.end_of(c.event, c.start)
        ),
        "H19": lambda c: mine(c) and week_start(c.day) == week and facts.work_minutes(c.event) > 0,
        "H14": lambda c: c.event == facts.pair_of.get(event),
        "H15": lambda c: c.event == facts.pair_of.get(event),
    }
    test = tests.get(rule)
    if test is None:
        return []
    return [
        Holder(rule=rule, event=c.event, employee=c.employee, start=c.start, block=c.block)
        for c in sorted(board.placed.values(), key=lambda c: (c.start, c.event))
        if test(c)
    ]


def _day_answer(facts: Facts, board: Board, event: str, employee: str, day: date) -> DayAnswer:
    rules = unary_rules(facts, event, employee, day)
    if rules:
        return DayAnswer(date=day, rules=rules)
    found: dict[str, None] = {}
    by: dict[tuple, Holder] = {}
    blocks = list(facts.blocks) if facts.types[event] is T.CORE else [None]
    for start in starts_on(facts, event, day):
        for b in blocks:
            if b is not None and b.start_time != start.time():
                continue
            rule = board.check(event, employee, start, b.number if b else None)
            if rule is None:
                return DayAnswer(date=day)
            found[rule] = None
            for h in holders(facts, board, event, employee, start, rule):
                by[(h.rule, h.event)] = h
    ordered = sorted(found, key=lambda r: int(r[1:]) if r[1:].isdigit() else 99)
    return DayAnswer(date=day, rules=ordered, by=list(by.values()))


def _restate(fix: Repair, own, base: dict, score: dict) -> Repair:
    """A repair computed from ``base`` (the event left out) as a difference from ``score``."""
    src = Slot(employee=own.employee, start=own.start, block=own.block)
    moves = [m.model_copy(update={"from_": src}) if m.event == own.event else m for m in fix.moves]
    change = {k: fix.score_change.get(k, 0) + base.get(k, 0) - score.get(k, 0) for k in score}
    change.update({k: d for k, d in fix.score_change.items() if k not in score})
    total = fix.objective_change + objective(base) - objective(score)
    return fix.model_copy(
        update={
            "moves": moves,
            "score_change": {k: d for k, d in change.items() if d},
            "objective_change": total,
        }
    )


def why_not(
    problem: Problem,
    proposal: Proposal,
    event_id: str,
    employee_id: str,
    *,
    time_limit: float = REPAIR_SECONDS,
    workers: int = 1,
    facts: Facts | None = None,
) -> WhyNot:
    """Why ``employee_id`` does not do ``event_id`` in ``proposal``.

    Parameters
    ----------
    problem, proposal
        The problem and a complete proposal of it.
    event_id, employee_id
        The pair asked about.
    time_limit, workers
        CP-SAT limits of the repair, when one is computed.

    Returns
    -------
    WhyNot
        ``days``: per allowed day the blocking rules (unary ones alone, else the
        load rules with the assignments ``by`` that fill them); a free day has
        no rules. ``repair``: when some day is free, the best schedule with the
        event on that employee, as a difference from the proposal (its
        ``objective_change`` is the price of taking them).

    Raises
    ------
    KeyError
        Unknown event or employee.
    """
    facts = facts or Facts(problem)
    if event_id not in facts.events:
        raise KeyError(f"event '{event_id}'")
    if employee_id not in facts.employees:
        raise KeyError(f"employee '{employee_id}'")
    own = next((a for a in proposal.assignments if a.event == event_id), None)
    if own is not None and own.employee == employee_id:
        return WhyNot(
            event=event_id,
            employee=employee_id,
            detail=f"{employee_id} already does {event_id} ({own.start:%Y-%m-%d %H:%M}).",
        )
    board = Board.of(facts, [a for a in proposal.assignments if a.event != event_id])
    days = [
        _day_answer(facts, board, event_id, employee_id, d) for d in allowed_days(facts, event_id)
    ]
    if not any(d.free for d in days):
        rules = sorted({r for d in days for r in d.rules}, key=lambda r: int(r[1:]))
        detail = f"Blocked on every allowed day ({', '.join(rules) or 'no allowed day'})."
        return WhyNot(event=event_id, employee=employee_id, days=days, detail=detail)
    without = proposal
    if own is not None:
        # Asked about a scheduled event: the repair starts from it left out and is
        # then restated against the proposal itself.
        kept = [a for a in proposal.assignments if a.event != event_id]
        without = proposal.model_copy(
            update={"assignments": kept, "score": score_schedule(problem, kept)}
        )
    fix = repair(
        problem,
        without,
        event_id,
        time_limit=time_limit,
        workers=workers,
        facts=facts,
        employee=employee_id,
    )
    if own is not None and fix.feasible:
        fix = _restate(fix, own, without.score, proposal.score)
    if fix.feasible:
        detail = f"Free on {sum(d.free for d in days)} day(s); taking {employee_id}: {fix.detail}"
    else:
        detail = f"Free on {sum(d.free for d in days)} day(s), but {fix.detail}"
    return WhyNot(event=event_id, employee=employee_id, days=days, repair=fix, detail=detail)


__all__ = ["DayAnswer", "Holder", "WhyNot", "holders", "why_not"]
