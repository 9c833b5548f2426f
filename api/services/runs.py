"""Use case: solve a store's horizon and store the proposal as a pending run.

The CLI and the HTTP routes both call :func:`solve_and_store`. A run row is
written first (status ``running``) so that operators can see it; the solve
happens outside any transaction; the proposal's lines, the run's figures and
the superseding of older pending runs of the same horizon are then written in
one transaction. Any failure leaves no pending line behind and marks the run
``failed`` with the error.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from adapters import logs
from adapters.repository import StoreNotFound
from adapters.uow import AbstractUnitOfWork
from domain.facts import Facts
from domain.models import Problem
from domain.runs import ACTIVE_STATUSES, Run, pending_from_proposal, utcnow
from solver.explain import REPAIR_SECONDS, explain_all
from solver.solve import Progress, Result, solve

UowFactory = Callable[[], AbstractUnitOfWork]


@dataclass(frozen=True)
class SolveParams:
    """How to solve: search limits, optional weight overrides and priority mode.

    ``priority_mode`` None: the store's ``settings.priority_mode`` (RULES.md §4).
    ``explain``: after the solve, explain its first ``explain_limit`` ``capacity``
    events (RULES.md §7), stored with their lines (:mod:`api.services.explain`),
    each repair bounded by ``explain_seconds``.
    """

    time_limit: float = 10.0
    workers: int = 2
    seed: int = 0
    weights: dict[str, int] = field(default_factory=dict)
    priority_mode: str | None = None
    explain: bool = False
    explain_limit: int = 50
    explain_seconds: float = 2.0


def with_weights(problem: Problem, weights: dict[str, int]) -> Problem:
    """The problem with soft-rule weights overridden (for what-if and API runs)."""
    if not weights:
        return problem
    settings = problem.settings.model_copy(
        update={"weights": {**problem.settings.weights, **weights}}
    )
    return problem.model_copy(update={"settings": settings})


def counts_of(problem: Problem, result: Result) -> dict[str, Any]:
    """Scheduled by type, unscheduled by reason, change kinds, critical findings."""
    facts = Facts(problem)
    proposal = result.proposal
    return {
        "assigned": len(proposal.assignments),
        "unscheduled": len(proposal.unscheduled),
        "by_type": dict(Counter(facts.types[a.event].value for a in proposal.assignments)),
        "by_reason": dict(Counter(u.reason for u in proposal.unscheduled)),
        "by_change": dict(Counter(a.change for a in proposal.assignments)),
        "critical": sum(1 for f in proposal.findings if f.severity == "critical"),
        "explained": sum(1 for u in proposal.unscheduled if u.explanation is not None),
        # Strict mode (RULES.md §4): each level's value, bound and proof.
        **(
            {"levels": [lv.model_dump() for lv in proposal.levels]}
            if proposal.levels is not None
            else {}
        ),
    }


def run_problem(uow: AbstractUnitOfWork, run: Run) -> Problem:
    """The problem a run solved, from the store as it is now (a repair's: ``buffer_days`` 0)."""
    problem = uow.stores.load_problem(run.store, run.horizon_start, run.horizon_end, run.today)
    if run.kind == "repair":
        settings = problem.settings.model_copy(update={"buffer_days": 0})
        problem = problem.model_copy(update={"settings": settings})
    return problem


def create_run(
    uow_factory: UowFactory,
    store: str,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    kind: str = "manual",
    params: SolveParams | None = None,
    idempotency_key: str | None = None,
    status: str = "queued",
) -> Run:
    """Write a new run row (``queued`` by default) and return it."""
    params = params or SolveParams()
    with uow_factory() as uow:
        # Write lock first: on SQLite a transaction that reads, then writes after
        # another process committed fails at once with "database is locked"
        # (issue 10, defect 2); taken first, it waits its turn.
        uow.begin_write()
        if uow.stores.get(store) is None:
            raise StoreNotFound(store)
        run = uow.runs.add(
            Run(
                store=store,
                kind=kind,
                today=today,
                horizon_start=start,  # type: ignore[arg-type]
                horizon_end=end,
                status=status,
                params=asdict(params),  # type: ignore[arg-type]
                idempotency_key=idempotency_key,
            )
        )
        uow.commit()
    return run


def execute_run(
    uow_factory: UowFactory,
    run_id: int,
    *,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    progress_every: float = 1.0,
    on_explain: Callable[[int, int], None] | None = None,
) -> tuple[Run, Result | None]:
    """Solve a queued run and store its proposal; returns the finished run and result.

    With ``params.explain`` the proposal's ``capacity`` events are explained before
    it is stored (``on_explain(done, total)`` and the run's ``progress`` follow it).
    """
    try:
        with uow_factory() as uow:
            run = uow.runs.update(run_id, status="running", started_at=utcnow())
            problem = uow.stores.load_problem(
                run.store, run.horizon_start, run.horizon_end, run.today
            )
            uow.commit()
        logs.event(
            "run.started",
            store=run.store,
            run_id=run_id,
            kind=run.kind,
            horizon=f"{run.horizon_start}..{run.horizon_end}",
        )
    except Exception as exc:  # e.g. the store's data no longer forms a valid problem
        _fail(uow_factory, run_id, exc)
        raise
    params = SolveParams(**run.params)
    last = [0.0]

    def progress(p: Progress) -> None:
        if on_progress is not None:
            on_progress(p)
        if time.monotonic() - last[0] >= progress_every:
            last[0] = time.monotonic()
            with uow_factory() as uow:
                uow.runs.update(
                    run_id,
                    progress={
                        "objective": p.objective,
                        "bound": p.bound,
                        "gap": p.gap,
                        "elapsed": p.elapsed,
                        "solutions": p.solutions,
                    },
                )
                uow.commit()

    try:
        problem = with_weights(problem, params.weights)
        result = solve(
            problem,
            time_limit=params.time_limit,
            workers=params.workers,
            seed=params.seed,
            priority_mode=params.priority_mode,  # type: ignore[arg-type]
            on_progress=progress,
            cancel=cancel,
        )
        if params.explain and not (cancel is not None and cancel.is_set()):
            result = _explained(uow_factory, run_id, problem, result, params, on_explain)
        run = store_result(
            uow_factory, run_id, problem, result, cancelled=cancel is not None and cancel.is_set()
        )
        logs.event(
            "run.finished",
            store=run.store,
            run_id=run_id,
            kind=run.kind,
            status=run.status,
            solver_status=run.solver_status,
            objective=run.objective,
            assigned=run.counts.get("assigned"),
            unscheduled=run.counts.get("unscheduled"),
            seconds=round(result.runtime, 3),
        )
        return run, result
    except Exception as exc:  # recorded on the run: an operator reads it there
        _fail(uow_factory, run_id, exc)
        raise


def _explained(uow_factory, run_id, problem, result, params, on_explain) -> Result:
    def step(done: int, total: int) -> None:
        if on_explain is not None:
            on_explain(done, total)
        with uow_factory() as uow:
            uow.runs.update(run_id, progress={**_progress(result), "explained": done, "of": total})
            uow.commit()

    return explain_result(
        problem,
        result,
        limit=params.explain_limit,
        workers=params.workers,
        time_limit=params.explain_seconds,
        on_progress=step,
    )


def _progress(result: Result) -> dict[str, Any]:
    return {
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "elapsed": round(result.runtime, 3),
    }


#: The statuses a run's final write may replace: a run that is already
#: ``interrupted``, ``cancelled``, ``failed`` or ``succeeded`` never changes again
#: (issue 10, defect 1: a solver that outlived its service must not revive its run).


def _fail(uow_factory: UowFactory, run_id: int, exc: Exception) -> None:
    with uow_factory() as uow:
        current = uow.runs.get_for_update(run_id)
        if current is None or current.status not in ACTIVE_STATUSES:
            return
        run = uow.runs.update(
            run_id,
            status="failed",
            finished_at=utcnow(),
            error=f"{type(exc).__name__}: {exc}",
            active_lock=None,
        )
        uow.commit()
    logs.event(
        "run.finished",
        level=logging.WARNING,
        store=run.store,
        run_id=run_id,
        kind=run.kind,
        status="failed",
        error=run.error,
    )


def store_result(
    uow_factory: UowFactory,
    run_id: int,
    problem: Problem,
    result: Result,
    *,
    cancelled: bool = False,
    extra_counts: dict[str, Any] | None = None,
) -> Run:
    """Write a run's proposal lines, figures and supersede older runs: one transaction.

    ``extra_counts`` joins the run's counts (a repair's change and change count).
    """
    with uow_factory() as uow:
        run = uow.runs.get_for_update(run_id)
        if run.status not in ACTIVE_STATUSES:
            # Compare-and-set: the row is locked, and a run that ended meanwhile
            # (interrupted by a restart, failed) keeps its status and has no proposal.
            return run
        uow.pending.add_many(run_id, pending_from_proposal(result.proposal))
        for older in uow.runs.list(store=run.store, status=("succeeded", "cancelled")):
            if (
                older.id != run_id
                and older.review == "pending"
                and (older.horizon_start, older.horizon_end) == (run.horizon_start, run.horizon_end)
                and older.kind != "whatif"
                and run.kind != "whatif"
            ):
                uow.runs.update(older.id, review="superseded")
                uow.pending.set_status_by_run(older.id, "superseded")
        run = uow.runs.update(
            run_id,
            status="cancelled" if cancelled else "succeeded",
            finished_at=utcnow(),
            solver_status=result.status,
            objective=result.objective,
            bound=result.bound,
            counts={**counts_of(problem, result), **(extra_counts or {})},
            score=dict(result.proposal.score),
            timings={"build": round(result.build_seconds, 3), "total": round(result.runtime, 3)},
            progress=_progress(result),
            active_lock=None,
        )
        uow.commit()
    return run


def solve_and_store(
    uow_factory: UowFactory,
    store: str,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    kind: str = "manual",
    params: SolveParams | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    cancel: threading.Event | None = None,
    on_explain: Callable[[int, int], None] | None = None,
) -> tuple[Run, Result | None]:
    """Create a run, solve it and store its proposal as pending schedules."""
    run = create_run(uow_factory, store, start, end, today, kind=kind, params=params)
    return execute_run(
        uow_factory, run.id, on_progress=on_progress, cancel=cancel, on_explain=on_explain
    )


def explain_result(
    problem: Problem,
    result: Result,
    *,
    limit: int = 50,
    workers: int = 2,
    time_limit: float = REPAIR_SECONDS,
    on_progress: Callable[[int, int], None] | None = None,
) -> Result:
    """``result`` with an explanation on each of its first ``limit`` ``capacity`` events
    (:func:`solver.explain.explain_all`: ``workers`` CP-SAT workers shared among the
    explains that run side by side). ``on_progress(done, total)`` after each one."""
    proposal = explain_all(
        problem,
        result.proposal,
        limit=limit,
        workers=workers,
        time_limit=time_limit,
        on_progress=on_progress,
    )
    return replace(result, proposal=proposal)
