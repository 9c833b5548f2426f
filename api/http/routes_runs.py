"""Routes of solve-and-review runs: create, look, proposal, cancel, approve, reject.

Thin: each route checks access through :mod:`api.http.deps` and calls a service
function (:mod:`api.services.api_runs`, :mod:`api.services.review`,
:mod:`api.services.control`).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, status

from api.http.deps import RunAccess, SettingsDep, SolvesDep, StoreAccess, UowDep
from api.http.schemas import (
    ApproveIn,
    ApproveOut,
    CancelOut,
    ErrorOut,
    HorizonIn,
    PendingLineOut,
    ProgressOut,
    ProposalOut,
    RefusedLine,
    RejectIn,
    RejectOut,
    RunCreate,
    RunCreated,
    RunOut,
)
from api.services.api_runs import (
    IdempotencyConflict,
    NoProposal,
    RunRequest,
    proposal_of,
    run_lines,
    submit_run,
)
from api.services.control import cancel_flag, request_cancel
from api.services.review import ReviewError, approve, reject
from api.services.runs import SolveParams
from domain.runs import ACTIVE_STATUSES, Run

router = APIRouter(tags=["runs"])

NOT_FOUND = {404: {"model": ErrorOut, "description": "No such run or store for this key."}}
CONFLICT = {409: {"model": ErrorOut, "description": "The run is not in a state for this."}}


def run_out(run: Run, cancel_requested: bool) -> RunOut:
    p = run.progress or {}
    return RunOut(
        id=run.id,
        store=run.store,
        kind=run.kind,
        status=run.status,
        review=run.review,
        today=run.today,
        horizon=HorizonIn.model_construct(start=run.horizon_start, end=run.horizon_end),
        params=run.params,
        created_at=run.created_at,
        started_at=run.started_at,
        finished_at=run.finished_at,
        progress=ProgressOut(
            objective=p.get("objective"),
            bound=p.get("bound"),
            gap=p.get("gap"),
            elapsed=p.get("elapsed"),
            explained=p.get("explained"),
            of=p.get("of"),
        ),
        counts=run.counts,
        score=run.score,
        timings=run.timings,
        solver_status=run.solver_status,
        objective=run.objective,
        bound=run.bound,
        error=run.error,
        cancel_requested=cancel_requested,
    )


@router.post(
    "/stores/{store}/runs",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=RunCreated,
    responses={
        **NOT_FOUND,
        409: {"model": ErrorOut, "description": "Idempotency-Key reused with a different request."},
        429: {
            "model": ErrorOut,
            "description": "Every solve slot is busy; see the Retry-After header.",
            "headers": {
                "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
            },
        },
    },
)
def create_run_route(
    store: StoreAccess,
    body: RunCreate,
    uow: UowDep,
    solves: SolvesDep,
    settings: SettingsDep,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> RunCreated:
    """Solve a horizon of the store in a worker process into a pending run (answers at once).

    A retry with the same ``Idempotency-Key`` and body answers the same run; the
    same key with a different body is 409. The time limit is capped at the
    server's ``max_time_limit``.
    """
    request = RunRequest(
        start=body.horizon.start,
        end=body.horizon.end,
        today=body.today or body.horizon.start - dt.timedelta(days=1),
        params=SolveParams(
            time_limit=min(body.time_limit, settings.max_time_limit),
            workers=body.workers,
            seed=body.seed,
            weights=dict(body.weights),
            priority_mode=body.priority_mode,
            explain=body.explain,
            explain_limit=body.explain_limit,
            explain_seconds=body.explain_seconds,
        ),
    )
    try:
        run, _ = submit_run(uow, solves, store, request, idempotency_key)
    except IdempotencyConflict as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    return RunCreated(id=run.id, status=run.status)


@router.get("/runs/{run_id}", response_model=RunOut, responses=NOT_FOUND)
def get_run(run: RunAccess, uow: UowDep) -> RunOut:
    """A run: status, review, progress (objective, bound, gap, elapsed), counts, timings."""
    return run_out(run, cancel_flag(uow, run.id))


@router.get(
    "/runs/{run_id}/proposal",
    response_model=ProposalOut,
    responses={
        **NOT_FOUND,
        409: {
            "model": ErrorOut,
            "description": "The run is queued or running (no proposal yet), failed or"
            " interrupted (none at all).",
        },
    },
)
def get_proposal(run: RunAccess, uow: UowDep) -> ProposalOut:
    """The run's proposal as a ``schedule-proposal/1`` document (409 until it has one)."""
    try:
        return ProposalOut.of(proposal_of(uow, run))
    except NoProposal as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None


@router.get("/runs/{run_id}/lines", response_model=list[PendingLineOut], responses=NOT_FOUND)
def get_lines(run: RunAccess, uow: UowDep) -> list[PendingLineOut]:
    """The run's proposal lines with their ids and review status (for approving some)."""
    return [
        PendingLineOut(
            id=x.id,
            event=x.event,
            employee=x.employee,
            start=x.start,
            end=x.end,
            block=x.block,
            change=x.change,
            status=x.status,
            unscheduled_reason=x.unscheduled_reason,
            detail=x.detail,
            rule=x.rule,
        )
        for x in run_lines(uow, run)
    ]


@router.post(
    "/runs/{run_id}/cancel",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=CancelOut,
    responses={**NOT_FOUND, **CONFLICT},
)
def cancel_run(run: RunAccess, uow: UowDep) -> CancelOut:
    """Stop a queued or running solve; the best proposal so far is kept (status cancelled)."""
    if run.status not in ACTIVE_STATUSES:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"run {run.id} is {run.status}; there is nothing to cancel"
        )
    run = request_cancel(uow, run.id)
    return CancelOut(id=run.id, status=run.status, cancel_requested=True)


def _review_error(exc: ReviewError) -> HTTPException:
    return HTTPException(status.HTTP_409_CONFLICT, str(exc))


@router.post(
    "/runs/{run_id}/approve", response_model=ApproveOut, responses={**NOT_FOUND, **CONFLICT}
)
def approve_run(run: RunAccess, uow: UowDep, body: ApproveIn | None = None) -> ApproveOut:
    """Approve all (or the listed) proposed lines into the live schedule, re-validated now."""
    try:
        result = approve(uow, run.id, body.pending_ids if body else None)
    except ReviewError as exc:
        raise _review_error(exc) from None
    outcome = "already" if result.already_approved else "refused" if result.refused else "approved"
    return ApproveOut(
        run_id=run.id,
        outcome=outcome,
        approved=result.approved,
        refused=[RefusedLine(pending_id=i, finding=f) for i, f in result.refused],
        already=result.already,
        review=result.review,
    )


@router.post("/runs/{run_id}/reject", response_model=RejectOut, responses={**NOT_FOUND, **CONFLICT})
def reject_run(run: RunAccess, uow: UowDep, body: RejectIn | None = None) -> RejectOut:
    """Reject all (or the listed) proposed lines of the run."""
    try:
        ids = reject(uow, run.id, body.pending_ids if body else None)
    except ReviewError as exc:
        raise _review_error(exc) from None
    with uow() as u:
        review = u.runs.get(run.id).review
    return RejectOut(run_id=run.id, rejected=ids, review=review)
