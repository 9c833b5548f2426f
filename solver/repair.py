"""Repair solves (RULES.md §8): a change to a live schedule, answered with the fewest changes.

A repair solves the same rules as :func:`solver.solve.solve` on the problem
with the change applied (:func:`apply_change`: time off added, events added,
canceled or re-dated) and ``buffer_days`` 0, with its own order of objectives,
searched in stages on one CP-SAT model by the strict-mode machinery
(:func:`solver.strict.staged_search`):

1. the S1 + S2 value of the scheduled events: one stage in weighted mode, one
   stage per priority level in strict mode (RULES.md §4);
2. the fewest changed existing assignments: each existing assignment of an
   active event that is not kept with the same employee and start counts one,
   held like a level once found;
3. the rest of the objective, every earlier stage held.

The proposal is complete as any other: its ``change`` marks (``new``, ``kept``,
``moved``) and ``dropped`` entries (with the rule that forced them) are the
changes; :func:`changes_of` lists them. :class:`RepairResult` carries the
number of changes with its lower bound and whether it is proven minimal.
Pure: no I/O.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from domain.facts import Facts
from domain.models import Event, Problem, Proposal, Slot, TimeOff
from domain.rules import EventType
from domain.validator import validate
from solver.objective import kept_existing
from solver.solve import Progress, Result, _frozen_only, _Run
from solver.strict import LevelSpec, build_levels
from solver.variables import Vars

#: The label of the change-count stage (after every priority level, 1..9).
CHANGES_STAGE = 10
#: Conditions that make an event inactive (RULES.md §2): what a cancel sets.
CANCELED = "Canceled"


@dataclass(frozen=True)
class Change:
    """A change to a live schedule.

    ``time_off``: ranges added (a call-out); ``events``: events added, or
    replacing the event of the same id (re-dated, condition changed);
    ``canceled``: ids of events the retailer canceled.
    """

    time_off: Sequence[TimeOff] = ()
    events: Sequence[Event] = ()
    canceled: Sequence[str] = ()


def apply_change(problem: Problem, change: Change | None = None) -> Problem:
    """The repair's problem: ``change`` applied (re-validated) and ``buffer_days`` 0.

    Raises
    ------
    ValueError
        A canceled event that the problem does not have, or a change that makes
        the problem invalid (pydantic's error names the field).
    """
    change = change or Change()
    events = {e.id: e for e in problem.events}
    for ev in change.events:
        events[ev.id] = ev
    for eid in change.canceled:
        if eid not in events:
            raise ValueError(f"canceled: event '{eid}' is not in the problem")
        events[eid] = events[eid].model_copy(update={"condition": CANCELED})
    data = problem.model_dump()
    data["settings"] = problem.settings.model_copy(update={"buffer_days": 0})
    data["events"] = list(events.values())
    data["time_off"] = [*problem.time_off, *change.time_off]
    return Problem.model_validate(data)


@dataclass(frozen=True)
class ChangeLine:
    """One change a repair makes to the live schedule.

    ``kind``: ``new`` (no existing assignment), ``moved`` (another employee,
    start or block), ``dropped`` (left unscheduled; ``rule`` the hard rule
    that forced it, if any; ``reason`` ``inactive`` for a canceled event).
    """

    event: str
    kind: str
    before: Slot | None
    after: Slot | None
    reason: str | None = None
    rule: str | None = None
    detail: str = ""


def changes_of(problem: Problem, proposal: Proposal) -> list[ChangeLine]:
    """Every change of ``proposal`` against the problem's existing assignments, by event."""
    facts = Facts(problem)
    before: dict[str, Slot] = {}
    for x in problem.existing:
        before.setdefault(x.event, Slot(employee=x.employee, start=x.start, block=x.block))
    after = {a.event: a for a in proposal.assignments}
    left = {u.event: u for u in proposal.unscheduled}
    out: list[ChangeLine] = []
    for eid in sorted(set(before) | set(after)):
        old, a = before.get(eid), after.get(eid)
        if a is not None:
            block = a.block if facts.types.get(eid) is EventType.CORE else None
            new = Slot(employee=a.employee, start=a.start, block=block)
            if old is None:
                out.append(ChangeLine(eid, "new", None, new))
            elif (old.employee, old.start, old.block) != (new.employee, new.start, new.block):
                out.append(ChangeLine(eid, "moved", old, new))
            continue
        u = left.get(eid)
        out.append(
            ChangeLine(
                eid,
                "dropped",
                old,
                None,
                reason=u.reason if u else "inactive",
                rule=u.rule if u else None,
                detail=u.detail if u else "",
            )
        )
    return out


def count_changes(problem: Problem, proposal: Proposal) -> int:
    """Changed existing assignments (each moved or dropped one counts one, RULES.md §8)."""
    return sum(1 for c in changes_of(problem, proposal) if c.kind != "new")


@dataclass
class RepairResult:
    """A repair's outcome: the solve, its problem, and the change count with its bound.

    ``changes_bound`` is a lower bound on the changes any schedule needs that
    reaches the same S1 + S2 value (the same levels in strict mode);
    ``changes_proven`` when every stage was proven and ``changes`` equals it.
    """

    problem: Problem
    result: Result
    changes: int
    changes_bound: int
    changes_proven: bool
    lines: list[ChangeLine] = field(default_factory=list)

    @property
    def proposal(self) -> Proposal:
        return self.result.proposal


def _changes_expr(v: Vars) -> tuple[object, int, int]:
    """(changed assignments as a model expression, changes of inactive events, changes
    the model cannot avoid).

    A frozen assignment of an active event is a constant (kept); one of an
    inactive event is always dropped; any other is kept when its event runs with
    the same employee and start (for a Core: its slot runs and the employee works
    it, as S10 reads it); one with no such choice in the model (the employee is
    out that day) is a change whatever the schedule: the stage's trivial bound.
    """
    f = v.idx.facts
    expr: object = 0
    forced = 0
    unavoidable = 0
    seen: set[str] = set()
    for ex in f.problem.existing:
        if ex.event in seen:
            continue
        seen.add(ex.event)
        if not f.is_active(ex.event):
            forced += 1
            continue
        if ex.event in v.idx.fixed_events:
            continue
        kept = kept_existing(v, ex)
        if isinstance(kept, int):
            unavoidable += 1 - kept
            continue
        expr = expr + 1 - kept
    return expr + unavoidable, forced, unavoidable


@dataclass
class _Stages:
    """Builds the repair's stages for each model attempt and keeps the last ones."""

    strict: bool
    values: list[LevelSpec] = field(default_factory=list)
    changes: LevelSpec | None = None
    forced: int = 0

    def __call__(self, v: Vars, terms: dict) -> list[LevelSpec]:
        del terms  # the value stages are the levels' S1 + S2, as strict mode reads them
        levels = build_levels(v)
        if not self.strict and levels:
            levels = [
                LevelSpec(
                    priority=levels[0].priority,
                    types=[t for lv in levels for t in lv.types],
                    expr=sum(lv.expr for lv in levels),
                    upper=sum(lv.upper for lv in levels),
                    has_vars=any(lv.has_vars for lv in levels),
                    reported=False,
                )
            ]
        expr, self.forced, unavoidable = _changes_expr(v)
        self.values = levels
        self.changes = LevelSpec(
            priority=CHANGES_STAGE,
            types=[],
            expr=-expr,
            upper=-unavoidable,
            has_vars=not isinstance(expr, int),
            reported=False,
        )
        return [*levels, self.changes]


def repair(
    problem: Problem,
    change: Change | None = None,
    *,
    time_limit: float = 5.0,
    polish: float | None = None,
    workers: int = 2,
    seed: int = 0,
    priority_mode: str | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
) -> RepairResult:
    """Answer ``change`` to the live schedule (``problem.existing``) with the fewest changes.

    Parameters
    ----------
    problem
        The store's problem with its live schedule as ``existing``.
    change
        What changed (:class:`Change`); None when ``problem`` already has it.
    time_limit, workers, seed
        CP-SAT limits, shared by every stage.
    polish
        At most this long for the last stage, the rest of the objective
        (default: a quarter of ``time_limit``): a repair answers at once, and
        what matters most is settled by then.
    priority_mode
        ``weighted`` or ``strict``; by default the problem's setting.
    on_progress, cancel
        As for :func:`solver.solve.solve`.

    Returns
    -------
    RepairResult
        The proposal (validator findings attached; ``levels`` in strict mode),
        its changes, and their number with its bound.
    """
    started = time.perf_counter()
    rp = apply_change(problem, change)
    mode = priority_mode or rp.settings.priority_mode
    if mode not in ("weighted", "strict"):
        raise ValueError(f"priority_mode: '{mode}' is not 'weighted' or 'strict'")
    facts = Facts(rp)
    from solver.greedy import greedy

    # The greedy keeps every existing assignment that still passes the hard rules
    # and fills around them: a complete first incumbent with few changes.
    hint = greedy(rp, facts, priority_mode=mode)
    stages = _Stages(strict=mode == "strict")
    run = _Run(rp, facts, hint, started, time_limit, workers, seed, on_progress, cancel)
    run.strict, run.stages_of = True, stages
    run.last_budget = 0.25 * time_limit if polish is None else polish
    result = run.attempt(relax=False)
    if result is None:  # a frozen assignment forces what cannot be: relax and retry
        result = run.attempt(relax=True)
    if result is None:
        result = _frozen_only(rp, facts, started)
        stages.changes = None
    report = validate(rp, result.proposal, facts)
    update: dict = {"findings": report.findings}
    if mode != "strict":
        update["levels"] = None
    result.proposal = result.proposal.model_copy(update=update)
    lines = changes_of(rp, result.proposal)
    count = sum(1 for c in lines if c.kind != "new")
    bound, proven = stages.forced, False
    if stages.changes is not None and stages.changes.value is not None:
        spec = stages.changes
        best = spec.upper if spec.bound is None else max(spec.value, spec.bound)
        bound = stages.forced - best
        proven = (
            (spec.proven or spec.value >= best)
            and all(lv.proven for lv in stages.values)
            and count == bound
            and result.status != "INFEASIBLE"
        )
    return RepairResult(rp, result, count, min(bound, count), proven, lines)


__all__ = [
    "Change",
    "ChangeLine",
    "RepairResult",
    "apply_change",
    "changes_of",
    "count_changes",
    "repair",
]
