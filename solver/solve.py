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
from domain.models import PriorityMode, Problem, Proposal
from domain.validator import validate
from solver.constraints import add_hard_rules
from solver.extract import extract
from solver.index import build_index
from solver.objective import soft_terms
from solver.proposal import build_proposal
from solver.search_aids import add_hint as _add_hint
from solver.search_aids import stop_on as _stop_on
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
    """One improving solution found during the search.

    In strict mode ``level`` is the priority whose value is being maximised
    (``objective`` and ``bound`` are then that level's), 0 for the last stage
    (the whole objective); ``None`` in weighted mode.
    """

    objective: float
    bound: float
    gap: float | None
    elapsed: float
    solutions: int
    level: int | None = None


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
    #: Strict mode: one entry per search stage (``level``: None for the anchor,
    #: the priority, or 0 for the whole objective; ``status``; ``seconds``;
    #: ``ended``, seconds since the solve started).
    stages: list[dict] = field(default_factory=list)


def gap_of(objective: float | None, bound: float | None) -> float | None:
    """Relative gap of a maximisation: ``(bound - objective) / |bound|``."""
    if objective is None or bound is None:
        return None
    if bound == objective:
        return 0.0
    return abs(bound - objective) / max(1.0, abs(bound))


class _Watch(cp_model.CpSolverSolutionCallback):
    def __init__(
        self,
        on_progress: Callable[[Progress], None] | None,
        *,
        level: int | None = None,
        started: float | None = None,
        count: int = 0,
    ) -> None:
        super().__init__()
        self._on_progress = on_progress
        self._level = level
        self._started = started
        self.count = count

    def on_solution_callback(self) -> None:
        self.count += 1
        if self._on_progress is not None:
            obj, bound = self.objective_value, self.best_objective_bound
            elapsed = (
                self.wall_time if self._started is None else time.perf_counter() - self._started
            )
            self._on_progress(
                Progress(obj, bound, gap_of(obj, bound), elapsed, self.count, self._level)
            )


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
    priority_mode: PriorityMode | None = None,
) -> Result:
    """Solve a scheduling problem with CP-SAT.

    Parameters
    ----------
    problem
        The validated problem.
    time_limit, workers, seed
        CP-SAT search limits; ``workers=1`` with a seed is reproducible. In
        strict mode the time limit is shared by all levels.
    hint
        A complete proposal to start from; by default the greedy baseline's
        (in strict mode with its waves in priority order), so the result is
        never worse than greedy (in strict mode: level by level).
    on_progress
        Called with a :class:`Progress` at every improving solution.
    cancel
        Setting this event stops the search; the best solution so far is kept.
    presolve
        CP-SAT presolve on (default) or off, for measurements.
    priority_mode
        ``"weighted"`` (every soft rule summed) or ``"strict"`` (levels by
        priority, RULES.md §4, :mod:`solver.strict`); by default the problem's
        ``settings.priority_mode``.

    Returns
    -------
    Result
        The proposal (every active event assigned or unscheduled with a
        reason, validator findings attached, ``levels`` in strict mode) and
        the search figures.
    """
    started = time.perf_counter()
    mode = priority_mode or problem.settings.priority_mode
    if mode not in ("weighted", "strict"):
        raise ValueError(f"priority_mode: '{mode}' is not 'weighted' or 'strict'")
    facts = Facts(problem)
    if hint is None:
        from solver.greedy import greedy

        hint = greedy(problem, facts, priority_mode=mode)
    run = _Run(problem, facts, hint, started, time_limit, workers, seed, on_progress, cancel)
    run.presolve, run.strict = presolve, mode == "strict"
    if cancel is not None and cancel.is_set() and hint is not None:
        # Cancelled before the model is built (about a second on a large store):
        # the baseline is the answer, at once (issue 10, defect 7).
        result: Result | None = _from_hint(run, time.perf_counter() - started, None)
        if run.strict:
            from solver.strict import hint_levels

            levels = hint_levels(problem, result.proposal, facts)
            result.proposal = result.proposal.model_copy(update={"levels": levels})
    else:
        result = run.attempt(relax=False)
    if result is None:  # a frozen assignment forces what cannot be: relax and retry
        result = run.attempt(relax=True)
    if result is None:
        result = _frozen_only(problem, facts, started)
    report = validate(problem, result.proposal, facts)
    result.proposal = result.proposal.model_copy(update={"findings": report.findings})
    return result


@dataclass
class _Run:
    """The inputs of one solve, shared by its attempts and (strict) its stages."""

    problem: Problem
    facts: Facts
    hint: Proposal | None
    started: float
    time_limit: float
    workers: int
    seed: int
    on_progress: Callable[[Progress], None] | None
    cancel: threading.Event | None
    presolve: bool = True
    strict: bool = False
    #: Stages in place of the priority levels (``(vars, terms) -> specs``): a repair.
    stages_of: Callable | None = None
    #: Strict: at most this long for the last stage (the whole objective).
    last_budget: float | None = None

    def configure(self, solver: cp_model.CpSolver, *, level: bool = False) -> None:
        """Search parameters (time limits are set by the caller).

        ``level``: a strict level stage, whose objective is one level's S1 + S2.
        """
        p = solver.parameters
        p.num_workers = max(1, self.workers)
        p.random_seed = self.seed
        if self.workers == 2 and level:
            # Measured on a generated 60 x 4 tight store: for the Core level the
            # full-LP workers stall at the trivial bound (every Core), while the
            # default pair (default_lp + feasibility jump) proves it in ~1 s.
            pass
        elif self.workers == 2:
            # Measured on store-2weeks and generated stores: the default 2-worker
            # portfolio leaves a 4 % gap after 10 s; the symmetry-aware full-LP
            # worker plus reduced-cost fixing proves optimality in 1-3 s.
            p.subsolvers.extend(["max_lp_sym", "reduced_costs"])
        elif self.workers == 1:
            # One worker: give it the full LP relaxation so small models close their
            # bound instead of running to the time limit.
            p.linearization_level = 2
        if not self.presolve:
            p.cp_model_presolve = False

    def attempt(self, *, relax: bool) -> Result | None:
        model = cp_model.CpModel()
        idx = build_index(self.facts)
        v = Vars(model, idx)
        add_hard_rules(v, relax_frozen_pairs=relax)
        terms = soft_terms(v)
        total = sum(terms.values())
        _add_hint(v, self.hint)
        if self.strict:  # the staged search sets each stage's objective itself
            return self._strict(v, terms, total, time.perf_counter() - self.started)
        model.maximize(total)
        build_seconds = time.perf_counter() - self.started

        solver = cp_model.CpSolver()
        self.configure(solver)
        solver.parameters.max_time_in_seconds = max(0.1, self.time_limit - build_seconds)
        if self.cancel is not None and self.cancel.is_set():
            solver.parameters.max_time_in_seconds = 0.05  # cancelled while building: keep the hint
        watch = _Watch(self.on_progress)
        stopper = _stop_on(self.cancel, solver)
        code = solver.solve(model, watch)
        if stopper is not None:
            stopper.set()
        status = _STATUS.get(code, "UNKNOWN")
        if status in ("INFEASIBLE", "INVALID"):
            return None
        if status == "UNKNOWN":  # no solution in time: fall back to the hint
            return _from_hint(self, build_seconds, solver.best_objective_bound)
        objective = round(solver.objective_value)
        hint = self.hint
        if hint is not None and hint.objective is not None and objective < hint.objective:
            # The search stopped before it got back to its own hint: never return
            # less than the baseline it was given.
            return _from_hint(self, build_seconds, solver.best_objective_bound)
        stats = {"solutions": watch.count}
        return self._result(
            v, terms, solver, status, solver.best_objective_bound, build_seconds, stats
        )

    def _strict(self, v: Vars, terms: dict, total, build_seconds: float) -> Result | None:
        from solver.strict import Stager, proposal_levels, staged_search

        stager = Stager(
            v.model,
            self.configure,
            # The anchor (label None) only completes the hint: it reports no progress.
            lambda level, count: _Watch(
                None if level is None else self.on_progress,
                level=level,
                started=self.started,
                count=count,
            ),
            _stop_on,
            deadline=self.started + max(0.1 + build_seconds, self.time_limit),
            started=self.started,
            cancel=self.cancel,
            last_budget=self.last_budget,
        )
        hint_values = None
        if self.hint is not None and self.hint.assignments:
            hint_values = proposal_levels(self.problem, self.hint, self.facts)
        specs = self.stages_of(v, terms) if self.stages_of is not None else None
        anchor = max(1.0, 0.1 * self.time_limit)
        out = staged_search(v, total, stager, anchor, hint_values or {}, specs)
        if out.status == "INFEASIBLE":
            return None
        if out.best is None:  # not even the hint could be completed in time
            result = _from_hint(self, build_seconds, None)
            result.proposal = result.proposal.model_copy(update={"levels": out.levels})
            return result
        stats = {"solutions": out.solutions, "stages": len(out.stages)}
        result = self._result(v, terms, out.best, out.status, out.bound, build_seconds, stats)
        result.proposal = result.proposal.model_copy(update={"levels": out.levels})
        result.stages = out.stages
        return result

    def _result(self, v, terms, solver, status, bound, build_seconds, stats) -> Result:
        score = {k: int(solver.value(t)) if not isinstance(t, int) else t for k, t in terms.items()}
        objective = sum(score.values())
        chosen = extract(v, lambda var: bool(solver.boolean_value(var)))
        runtime = time.perf_counter() - self.started
        proposal = build_proposal(
            self.problem,
            self.facts,
            chosen,
            status=status,
            objective=objective,
            bound=bound,
            solve_seconds=round(runtime, 3),
        )
        stats = {
            "core_options": len(v.core),
            "shift_options": len(v.shift),
            "candidates": len(v.cand),
            "variables": len(v.model.proto.variables),
            "constraints": len(v.model.proto.constraints),
            **stats,
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


def _from_hint(run: _Run, build_seconds: float, bound: float | None) -> Result:
    from domain.score import objective as objective_of

    proposal = run.hint.model_copy(update={"status": "FEASIBLE"})
    obj = objective_of(proposal.score) if proposal.score else None
    runtime = time.perf_counter() - run.started
    proposal = proposal.model_copy(update={"objective": obj, "solve_seconds": round(runtime, 3)})
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
