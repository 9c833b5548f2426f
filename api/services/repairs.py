"""Use case: a repair run (RULES.md §8) over the weeks a change touches.

A repair run is a run of kind ``repair``: its proposal comes from
:func:`solver.repair.repair` on the store's problem as it is now (the change
already recorded: the call-out's time off, the imported events), and is
reviewed and approved like any run. Its counts carry ``repair``: what changed
(``change``), and ``changes``, ``changes_bound``, ``changes_proven``.
Call-outs (:mod:`api.services.callouts`) and late changes to events
(:func:`offer_repair`) both end here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from adapters import logs
from adapters.uow import AbstractUnitOfWork
from api.services.runs import SolveParams, UowFactory, _fail, store_result, with_weights
from domain.facts import week_start
from domain.runs import Run, utcnow
from solver.repair import RepairResult, repair

#: A repair answers the morning's call-out: its default search limit (seconds).
REPAIR_TIME_LIMIT = 5.0


def weeks_touched(first: dt.date, last: dt.date) -> tuple[dt.date, dt.date]:
    """Sunday of ``first``'s week to Saturday of ``last``'s week."""
    return week_start(first), week_start(last) + dt.timedelta(days=6)


def add_repair_run(
    uow: AbstractUnitOfWork,
    store: str,
    first: dt.date,
    last: dt.date,
    today: dt.date,
    change: dict[str, Any],
    params: SolveParams | None = None,
) -> Run:
    """Write a ``running`` repair run over the weeks of ``first``..``last`` inside ``uow``
    (the caller commits, with the change it records)."""
    start, end = weeks_touched(first, last)
    params = params or SolveParams(time_limit=REPAIR_TIME_LIMIT)
    return uow.runs.add(
        Run(
            store=store,
            kind="repair",
            today=today,
            horizon_start=start,
            horizon_end=end,
            status="running",
            started_at=utcnow(),
            params=asdict(params),
            counts={"repair": {"change": change}},
        )
    )


def execute_repair(uow_factory: UowFactory, run_id: int) -> tuple[Run, RepairResult]:
    """Solve a repair run on the store as it is now and store its proposal."""
    try:
        with uow_factory() as uow:
            run = uow.runs.get(run_id)
            problem = uow.stores.load_problem(
                run.store, run.horizon_start, run.horizon_end, run.today
            )
        params = SolveParams(**run.params)
        logs.event("run.started", store=run.store, run_id=run_id, kind=run.kind)
        rr = repair(
            with_weights(problem, params.weights),
            time_limit=params.time_limit,
            workers=params.workers,
            seed=params.seed,
            priority_mode=params.priority_mode,
        )
        figures = {
            **run.counts.get("repair", {}),
            "changes": rr.changes,
            "changes_bound": rr.changes_bound,
            "changes_proven": rr.changes_proven,
        }
        extra = {"repair": figures}
        run = store_result(uow_factory, run_id, rr.problem, rr.result, extra_counts=extra)
    except Exception as exc:  # recorded on the run: an operator reads it there
        _fail(uow_factory, run_id, exc)
        raise
    logs.event(
        "run.finished",
        store=run.store,
        run_id=run_id,
        kind=run.kind,
        status=run.status,
        changes=rr.changes,
        changes_proven=rr.changes_proven,
        seconds=round(rr.result.runtime, 3),
    )
    return run, rr


__all__ = ["REPAIR_TIME_LIMIT", "add_repair_run", "execute_repair", "weeks_touched"]
