"""The solver boundary: ``solve(problem) -> Result``, a pure function.

Build order: facts -> candidates (unary rules) -> variables -> hard rules ->
soft terms -> greedy hint -> CP-SAT search -> matching and block numbering ->
proposal (with unscheduled reasons) -> validator findings.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from domain.facts import Facts
from domain.models import Problem, Proposal
from domain.rules import EventType
from domain.validator import validate
from solver.constraints import add_hard_rules
from solver.extract import extract
from solver.index import Slot, build_index
from solver.objective import soft_terms
from solver.proposal import build_proposal
from solver.variables import Vars

_STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.UNKNOWN: "UNKNOWN",
    cp_model.MODEL_INVALID: "INVALID",
}


@dataclass(frozen=True)
class Progress:
    """One improving solution found during the search."""

    objective: float
    bound: float
    gap: float | None
    elapsed: float
    solutions: int


@dataclass
class Result:
    """What a solve returns: the proposal plus how the search went."""

    proposal: Proposal
    status: str
    objective: float | None
    bound: float | None
    gap: float | None
    runtime: float
    build_seconds: float
    score: dict[str, int] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)


def gap_of(objective: float | None, bound: float | None) -> float | None:
    """Relative gap of a maximisation: ``(bound - objective) / |bound|``."""
    if objective is None or bound is None:
        return None
    if bound == objective:
        return 0.0
    return abs(bound - objective) / max(1.0, abs(bound))


class _Watch(cp_model.CpSolverSolutionCallback):
    def __init__(self, on_progress: Callable[[Progress], None] | None) -> None:
        super().__init__()
        self._on_progress = on_progress
        self.count = 0

    def on_solution_callback(self) -> None:
        self.count += 1
        if self._on_progress is not None:
            obj, bound = self.objective_value, self.best_objective_bound
            self._on_progress(Progress(obj, bound, gap_of(obj, bound), self.wall_time, self.count))


def solve(
    problem: Problem,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    hint: Proposal | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    presolve: bool = True,
) -> Result:
    """Solve a scheduling problem with CP-SAT.

    Parameters
    ----------
    problem
        The validated problem.
    time_limit, workers, seed
        CP-SAT search limits; ``workers=1`` with a seed is reproducible.
    hint
        A complete proposal to start from; by default the greedy baseline's,
        so the result is never worse than greedy.
    on_progress
        Called with a :class:`Progress` at every improving solution.
    cancel
        Setting this event stops the search; the best solution so far is kept.
    presolve
        CP-SAT presolve on (default) or off, for measurements.

    Returns
    -------
    Result
        The proposal (every active event assigned or unscheduled with a
        reason, validator findings attached) and the search figures.
    """
    started = time.perf_counter()
    facts = Facts(problem)
    if hint is None:
        from solver.greedy import greedy

        hint = greedy(problem, facts)
    result = _attempt(
        problem,
        facts,
        hint,
        started,
        time_limit,
        workers,
        seed,
        on_progress,
        cancel,
        presolve,
        relax=False,
    )
    if result is None:  # a frozen assignment forces what cannot be: relax and retry
        result = _attempt(
            problem,
            facts,
            hint,
            started,
            time_limit,
            workers,
            seed,
            on_progress,
            cancel,
            presolve,
            relax=True,
        )
    if result is None:
        result = _frozen_only(problem, facts, started)
    report = validate(problem, result.proposal, facts)
    result.proposal = result.proposal.model_copy(update={"findings": report.findings})
    return result


def _attempt(
    problem,
    facts,
    hint,
    started,
    time_limit,
    workers,
    seed,
    on_progress,
    cancel,
    presolve,
    *,
    relax: bool,
) -> Result | None:
    model = cp_model.CpModel()
    idx = build_index(facts)
    v = Vars(model, idx)
    add_hard_rules(v, relax_frozen_pairs=relax)
    terms = soft_terms(v)
    model.maximize(sum(terms.values()))
    _add_hint(v, hint)
    build_seconds = time.perf_counter() - started

    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = max(0.1, time_limit - build_seconds)
    p.num_workers = max(1, workers)
    p.random_seed = seed
    if workers == 2:
        # Measured on store-2weeks and generated stores: the default 2-worker
        # portfolio leaves a 4 % gap after 10 s; the symmetry-aware full-LP
        # worker plus reduced-cost fixing proves optimality in 1-3 s.
        p.subsolvers.extend(["max_lp_sym", "reduced_costs"])
    elif workers == 1:
        # One worker: give it the full LP relaxation so small models close their
        # bound instead of running to the time limit.
        p.linearization_level = 2
    if not presolve:
        p.cp_model_presolve = False
    if cancel is not None and cancel.is_set():
        p.max_time_in_seconds = 0.05  # cancelled while building: keep the hint
    watch = _Watch(on_progress)
    stopper = _stop_on(cancel, solver)
    code = solver.solve(model, watch)
    if stopper is not None:
        stopper.set()
    status = _STATUS.get(code, "UNKNOWN")
    if status in ("INFEASIBLE", "INVALID"):
        return None
    if status == "UNKNOWN":  # no solution in time: fall back to the hint
        return _from_hint(problem, facts, hint, started, build_seconds, solver)
    objective = round(solver.objective_value)
    bound = solver.best_objective_bound
    if hint is not None and hint.objective is not None and objective < hint.objective:
        # The search stopped before it got back to its own hint: never return
        # less than the baseline it was given.
        return _from_hint(problem, facts, hint, started, build_seconds, solver)
    chosen = extract(v, lambda var: bool(solver.boolean_value(var)))
    runtime = time.perf_counter() - started
    proposal = build_proposal(
        problem,
        facts,
        chosen,
        status=status,
        objective=objective,
        bound=bound,
        solve_seconds=round(runtime, 3),
    )
    score = {k: int(solver.value(t)) if not isinstance(t, int) else t for k, t in terms.items()}
    stats = {
        "core_options": len(v.core),
        "shift_options": len(v.shift),
        "candidates": len(v.cand),
        "variables": len(model.proto.variables),
        "constraints": len(model.proto.constraints),
        "solutions": watch.count,
    }
    return Result(
        proposal,
        status,
        objective,
        bound,
        gap_of(objective, bound),
        runtime,
        build_seconds,
        score,
        stats,
    )


def _stop_on(cancel: threading.Event | None, solver: cp_model.CpSolver) -> threading.Event | None:
    """Watch ``cancel`` in a thread and stop the search when it is set."""
    if cancel is None:
        return None
    done = threading.Event()

    def watch() -> None:
        # Keep asking until the search is over: a stop sent while CP-SAT is
        # still loading the model would otherwise be lost.
        while not done.is_set():
            if cancel.wait(0.05):
                solver.stop_search()
                done.wait(0.05)

    threading.Thread(target=watch, daemon=True).start()
    return done


def _add_hint(v: Vars, hint: Proposal | None) -> None:
    """A complete hint: every decision Boolean gets 1 or 0 from the proposal."""
    if hint is None:
        return
    f = v.idx.facts
    on: set[tuple] = set()
    for a in hint.assignments:
        if a.event in v.idx.fixed_events or a.event not in f.types:
            continue  # frozen ones are constants, not variables
        if f.types[a.event] is EventType.CORE:
            slot = Slot(a.start.time(), f.duration(a.event))
            on.add(("core", a.event, a.start.date(), slot))
            on.add(("shift", a.employee, a.start.date(), slot))
        else:
            on.add(("cand", a.event, a.employee, a.start))
    for (e, d, s), var in v.core.items():
        v.model.add_hint(var, ("core", e, d, s) in on)
    for (p, d, s), var in v.shift.items():
        v.model.add_hint(var, ("shift", p, d, s) in on)
    for c, var in zip(v.idx.cands, v.cand, strict=True):
        v.model.add_hint(var, ("cand", c.event, c.emp, c.start) in on)


def _from_hint(problem, facts, hint, started, build_seconds, solver) -> Result:
    from domain.score import objective as objective_of

    proposal = hint.model_copy(update={"status": "FEASIBLE"})
    obj = objective_of(proposal.score) if proposal.score else None
    runtime = time.perf_counter() - started
    proposal = proposal.model_copy(update={"objective": obj, "solve_seconds": round(runtime, 3)})
    bound = solver.best_objective_bound
    return Result(
        proposal,
        "FEASIBLE",
        obj,
        bound,
        gap_of(obj, bound),
        runtime,
        build_seconds,
        dict(proposal.score),
        {},
    )


def _frozen_only(problem: Problem, facts: Facts, started: float) -> Result:
    """Nothing can be added: return the frozen assignments alone, status INFEASIBLE."""
    from solver.proposal import Chosen

    idx = build_index(facts)
    chosen = [Chosen(fx.event, fx.emp, fx.start, fx.block) for fx in idx.fixed]
    runtime = time.perf_counter() - started
    proposal = build_proposal(
        problem, facts, chosen, status="INFEASIBLE", solve_seconds=round(runtime, 3)
    )
    return Result(
        proposal, "INFEASIBLE", None, None, None, runtime, runtime, dict(proposal.score), {}
    )


__all__ = ["Progress", "Result", "solve"]
