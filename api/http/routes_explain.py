"""Routes of explanations (RULES.md §7): why is an event of a run unscheduled, why not E.

Thin: access through :mod:`api.http.deps` (``RunAccess``: another store's run is
404), then :mod:`api.services.explain`. An unknown event or employee is 404
with a message; a run without a proposal is 409.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status

from api.http.deps import RunAccess, SettingsDep, UowDep
from api.http.schemas import ErrorOut, ExplainOut, WhyNotOut
from api.services.api_runs import NoProposal
from api.services.explain import explain_event, why_not_employee

router = APIRouter(tags=["explanations"])

ANSWERS = {
    404: {"model": ErrorOut, "description": "No such run for this key, event or employee."},
    409: {"model": ErrorOut, "description": "The run has no proposal (yet)."},
}
Code = Annotated[str, Path(min_length=1, max_length=64)]


def _source(stored: bool) -> str:
    return "stored" if stored else "computed"


@router.get("/runs/{run_id}/events/{event}/explain", response_model=ExplainOut, responses=ANSWERS)
def explain_route(run: RunAccess, event: Code, uow: UowDep, settings: SettingsDep) -> ExplainOut:
    """Why the run leaves ``event`` unscheduled: the blocks and, for a ``capacity`` event,
    its repair. Computed once (a repair solve of at most ``explain_seconds``, 2 s by
    default), then served from the run line."""
    try:
        found = explain_event(uow, run.id, event, time_limit=settings.explain_seconds)
    except NoProposal as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    return ExplainOut(
        run_id=found.run_id,
        event=found.event,
        reason=found.reason,
        detail=found.detail,
        rule=found.rule,
        explanation=found.explanation,
        source=_source(found.stored),
    )


@router.get(
    "/runs/{run_id}/events/{event}/why-not/{employee}",
    response_model=WhyNotOut,
    responses=ANSWERS,
)
def why_not_route(
    run: RunAccess, event: Code, employee: Code, uow: UowDep, settings: SettingsDep
) -> WhyNotOut:
    """Why ``employee`` does not do ``event`` in the run: per allowed day the rules that
    block the pair (and the assignments behind them), else the repair that gives them
    the event. Computed once, then served from storage."""
    try:
        found = why_not_employee(uow, run.id, event, employee, time_limit=settings.explain_seconds)
    except NoProposal as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from None
    return WhyNotOut(
        run_id=found.run_id,
        **found.answer.model_dump(by_alias=True),
        source=_source(found.stored),
    )
