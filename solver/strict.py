"""Strict priority mode (RULES.md §4): lexicographic levels in one CP-SAT model.

Level *k* is the S1 + S2 value of the scheduled events whose type has priority
*k* (``settings.priority_of``). The search runs in stages on the same model:

0. *anchor*: the hint (the greedy proposal, waves in priority order) with its
   decisions fixed, so that the first incumbent is a complete solution, every
   auxiliary variable included;
1. for each level in priority order: maximise the level, hinted with the
   incumbent; then add ``level >= best value found`` (``==`` when proven) so no
   later stage can trade it away;
2. last, the whole objective (every soft rule) under all level constraints.

A level whose incumbent already reaches its trivial upper bound (every event of
the level that has a variable is scheduled) is proven without a search. The
time limit is shared: each stage gets an equal share of what is left over the
stages that may still need a search, so a level proven quickly leaves its time
to the next ones, and the last stage gets everything that remains. A level that
runs out of time keeps its best value and reports ``proven = False``.

Levels are reported for every priority that has at least one active event in
the problem; priorities with no active event are left out of ``levels``.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from domain.facts import Facts
from domain.models import Level, Problem, Proposal
from domain.rules import EventType
from solver.variables import Vars

Expr = cp_model.LinearExprT
#: The smallest search a stage is given (seconds); below this CP-SAT cannot even load.
MIN_STAGE = 0.05


def level_coef(facts: Facts, event_id: str) -> int:
    """S1 + S2 earned by scheduling the event (independent of the day chosen)."""
    s = facts.settings
    due = facts.events[event_id].due.date()
    urgency = max(0, 14 - (due - facts.problem.today).days)
    priority = s.priority_of(facts.types[event_id])
    return s.weight("S1") + 100 * (10 - priority) + s.weight("S2") * urgency


def level_types(problem: Problem) -> dict[int, list[str]]:
    """Priority -> the event types of that priority, in the rule book's order."""
    out: dict[int, list[str]] = {}
    for etype in EventType:
        out.setdefault(problem.settings.priority_of(etype), []).append(etype.value)
    return dict(sorted(out.items()))


def proposal_levels(problem: Problem, proposal: Proposal, facts: Facts | None = None) -> dict:
    """Priority -> S1 + S2 of the proposal's assignments of that priority (an oracle for tests)."""
    facts = facts or Facts(problem)
    out: dict[int, int] = {}
    for a in proposal.assignments:
        p = facts.settings.priority_of(facts.types[a.event])
        out[p] = out.get(p, 0) + level_coef(facts, a.event)
    return out


def hint_levels(problem: Problem, proposal: Proposal, facts: Facts | None = None) -> list[Level]:
    """The ``levels`` of a proposal no search has improved (a solve cancelled at start).

    The bound of a level is the trivial one, every active event of its
    priority scheduled: without a model that is the honest bound.
    """
    facts = facts or Facts(problem)
    values = proposal_levels(problem, proposal, facts)
    upper: dict[int, int] = {}
    for eid in facts.events:
        if facts.is_active(eid):
            p = facts.settings.priority_of(facts.types[eid])
            upper[p] = upper.get(p, 0) + level_coef(facts, eid)
    types = level_types(problem)
    return [
        LevelSpec(p, types[p], 0, upper[p], False, value=values.get(p, 0)).level()
        for p in sorted(upper)
    ]


@dataclass
class LevelSpec:
    """One level of the model: its expression, constant part and trivial upper bound."""

    priority: int
    types: list[str]
    expr: Expr
    upper: int
    has_vars: bool
    value: int | None = None
    bound: int | None = None
    proven: bool = False
    #: False for a stage that is not a priority level (a repair's change count):
    #: searched like a level, left out of the proposal's ``levels``.
    reported: bool = True

    def level(self) -> Level:
        value = 0 if self.value is None else self.value
        bound = self.upper if self.bound is None else max(value, self.bound)
        return Level(
            priority=self.priority,
            types=self.types,
            value=value,
            bound=bound,
            proven=self.proven or value >= bound,
        )


def build_levels(v: Vars) -> list[LevelSpec]:
    """A :class:`LevelSpec` per priority with at least one active event."""
    f = v.idx.facts
    prio = {e: f.settings.priority_of(f.types[e]) for e in f.events if f.is_active(e)}
    exprs: dict[int, Expr] = {p: 0 for p in sorted(set(prio.values()))}
    upper = dict.fromkeys(exprs, 0)
    has_vars = dict.fromkeys(exprs, False)
    for fx in v.idx.fixed:
        if fx.event in prio:
            p = prio[fx.event]
            c = level_coef(f, fx.event)
            exprs[p] += c
            upper[p] += c
    for eid, items in v.by_event.items():
        if eid not in prio or not items:
            continue
        p, c = prio[eid], level_coef(f, eid)
        exprs[p] += c * sum(var for _, var in items)
        upper[p] += c
        has_vars[p] = True
    types = level_types(f.problem)
    return [LevelSpec(p, types[p], exprs[p], upper[p], has_vars[p]) for p in exprs]


@dataclass
class Outcome:
    """What the staged search leaves: the solver holding the incumbent, and the figures."""

    best: cp_model.CpSolver | None
    status: str
    bound: float | None
    levels: list[Level]
    solutions: int = 0
    stages: list[dict] = field(default_factory=list)


@dataclass
class Stager:
    """Runs the stages of one strict search (see the module docstring)."""

    model: cp_model.CpModel
    configure: Callable[..., None]
    make_watch: Callable[[int | None, int], cp_model.CpSolverSolutionCallback]
    stop_on: Callable[[threading.Event | None, cp_model.CpSolver], threading.Event | None]
    deadline: float
    started: float = 0.0
    cancel: threading.Event | None = None
    #: At most this long for the last stage (None: whatever time is left).
    last_budget: float | None = None
    best: cp_model.CpSolver | None = None
    solutions: int = 0
    stages: list[dict] = field(default_factory=list)

    def remaining(self) -> float:
        return self.deadline - time.perf_counter()

    def cancelled(self) -> bool:
        return self.cancel is not None and self.cancel.is_set()

    def run(self, budget: float, label: int | None, *, fix_hint: bool = False):
        """One CP-SAT search of the model's current objective; returns (code, solver)."""
        solver = cp_model.CpSolver()
        self.configure(solver, level=bool(label))
        solver.parameters.max_time_in_seconds = max(MIN_STAGE, budget)
        if fix_hint:
            solver.parameters.fix_variables_to_their_hinted_value = True
        watch = self.make_watch(label, self.solutions)
        began = time.perf_counter()
        # The anchor is not stopped by a cancel: it takes a blink, and it is what
        # a cancelled solve returns.
        stopper = None if fix_hint else self.stop_on(self.cancel, solver)
        code = solver.solve(self.model, watch)
        if stopper is not None:
            stopper.set()
        self.solutions = max(self.solutions, watch.count)
        self.stages.append(
            {
                "level": label,
                "status": solver.status_name(code),
                "seconds": round(time.perf_counter() - began, 3),
                "ended": round(time.perf_counter() - self.started, 3),
            }
        )
        return code, solver

    def hint_incumbent(self) -> None:
        """Replace the model's hint by the incumbent: every variable, auxiliary ones too."""
        if self.best is None:
            return
        values = list(self.best.response_proto.solution)
        self.model.clear_hints()
        hint = self.model.proto.solution_hint
        hint.vars.extend(range(len(values)))
        hint.values.extend(values)

    def value(self, expr: Expr) -> int | None:
        if self.best is None:
            return None
        return int(expr) if isinstance(expr, int) else int(self.best.value(expr))


def staged_search(
    v: Vars,
    total: Expr,
    stager: Stager,
    anchor_budget: float,
    hint_values: dict[int, int] | None = None,
    levels: list[LevelSpec] | None = None,
) -> Outcome:
    """Anchor, then every level in order, then the whole objective (module docstring).

    ``hint_values`` (priority -> value of the hint) are the levels reported when
    no search found a solution at all (the caller then returns the hint).
    ``levels`` replaces the priority levels by the caller's own stages (a repair
    solve, :mod:`solver.repair`); each is searched and held like a level.
    """
    model = stager.model
    levels = build_levels(v) if levels is None else levels
    searchable = [lv for lv in levels if lv.has_vars]
    for lv in levels:
        if not lv.has_vars:  # only frozen assignments: a constant, proven as it stands
            lv.value = lv.bound = int(lv.expr)
            lv.proven = True

    # Stage 0: the hint completed into a full solution (decisions fixed). It runs
    # even when cancelled: it is quick, and it is what a cancelled solve keeps.
    if searchable:
        model.maximize(total)
        code, solver = stager.run(min(anchor_budget, stager.remaining()), None, fix_hint=True)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            stager.best = solver
            stager.hint_incumbent()

    for i, lv in enumerate(searchable):
        current = stager.value(lv.expr)
        if current is not None and current >= lv.upper:
            lv.value = lv.bound = current
            lv.proven = True
            model.add(lv.expr == current)
            continue
        if stager.cancelled() or stager.remaining() <= MIN_STAGE:
            lv.value = current
            continue
        pending = sum(1 for x in searchable[i:] if not _reached(stager, x)) + 1
        model.maximize(lv.expr)
        code, solver = stager.run(stager.remaining() / pending, lv.priority)
        if code in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            return Outcome(None, "INFEASIBLE", None, [], stager.solutions, stager.stages)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = round(solver.objective_value)
            # Equal on this level: keep the incumbent, which was chosen for every
            # level (the stage's own solution cares only for this one).
            if current is None or found > current:
                stager.best = solver
                stager.hint_incumbent()
            lv.bound = _bound(solver, lv.upper)
            lv.proven = code == cp_model.OPTIMAL
        elif code == cp_model.UNKNOWN:
            lv.bound = _bound(solver, lv.upper)
        lv.value = stager.value(lv.expr)
        if lv.value is None:
            continue  # no solution at all yet: nothing to hold this level to
        if lv.proven or (lv.bound is not None and lv.value >= lv.bound):
            lv.proven = True
            lv.bound = lv.value
            model.add(lv.expr == lv.value)
        else:
            model.add(lv.expr >= lv.value)

    # Last stage: every soft rule, every level held.
    model.maximize(total)
    status, bound = "FEASIBLE", None
    if not stager.cancelled() and (stager.remaining() > MIN_STAGE or stager.best is None):
        budget = stager.remaining()
        if stager.last_budget is not None and stager.best is not None:
            budget = min(budget, stager.last_budget)
        code, solver = stager.run(budget, 0)
        if code in (cp_model.INFEASIBLE, cp_model.MODEL_INVALID) and stager.best is None:
            return Outcome(None, "INFEASIBLE", None, [], stager.solutions, stager.stages)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            previous = stager.value(total)
            if previous is None or round(solver.objective_value) >= previous:
                stager.best = solver
            bound = solver.best_objective_bound
            if code == cp_model.OPTIMAL and all(lv.proven for lv in levels):
                status = "OPTIMAL"
    for lv in searchable:  # later stages may have raised a level above its stage's best
        final = stager.value(lv.expr)
        if final is not None:
            lv.value = final
        elif hint_values is not None:
            lv.value = hint_values.get(lv.priority, 0)
    return Outcome(
        stager.best,
        status if stager.best is not None else "UNKNOWN",
        bound,
        [lv.level() for lv in levels if lv.reported],
        stager.solutions,
        stager.stages,
    )


def _bound(solver: cp_model.CpSolver, upper: int) -> int:
    """The stage's bound on its level, never above the trivial one (every event in)."""
    bound = solver.best_objective_bound
    if not math.isfinite(bound):
        return upper
    return min(upper, math.floor(bound + 1e-6))


def _reached(stager: Stager, lv: LevelSpec) -> bool:
    current = stager.value(lv.expr)
    return current is not None and current >= lv.upper


__all__ = [
    "LevelSpec",
    "Outcome",
    "Stager",
    "build_levels",
    "hint_levels",
    "level_coef",
    "level_types",
    "proposal_levels",
    "staged_search",
]
