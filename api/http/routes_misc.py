"""Routes of health, the stateless solve and validate, and a store's live schedule."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.exceptions import RequestValidationError
from sqlalchemy import text

from adapters.config import AppSettings
from api.http.deps import SessionDep, SettingsDep, SolvesDep, StoreAccess, UowDep
from api.http.schemas import (
    ErrorOut,
    HealthOut,
    Problem,
    ProposalOut,
    ScheduleEntryOut,
    ScheduleOut,
    SolveIn,
    ValidateIn,
    ValidateOut,
)
from domain.parse import InputError, parse_problem, parse_proposal

health_router = APIRouter(tags=["health"])
router = APIRouter()

SERVICE_UNAVAILABLE = {
    503: {"model": ErrorOut, "description": "The database does not answer or is not migrated."}
}


@health_router.get("/health", response_model=HealthOut)
def health() -> HealthOut:
    """The process answers (no key needed)."""
    return HealthOut()


@health_router.get("/health/ready", response_model=HealthOut, responses=SERVICE_UNAVAILABLE)
def ready(session: SessionDep) -> HealthOut:
    """The database answers and its schema is at the migrations' head (no key needed)."""
    from adapters.db import current_revision, head_revision

    try:
        session.execute(text("SELECT 1"))
        at = current_revision(session.get_bind())
    except Exception as exc:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE, f"database not ready: {type(exc).__name__}"
        ) from None
    head = head_revision()
    if at != head:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            f"database not migrated: at revision {at or 'none'}, head is {head};"
            " run `schedsolve db upgrade`",
        )
    return HealthOut(database="ok")


def invalid(field: str, message: str) -> RequestValidationError:
    """A 422 in FastAPI's shape, located at ``body.<field>``."""
    return RequestValidationError(
        [{"loc": ("body", field), "msg": message, "type": "value_error", "input": None}]
    )


def check_size(raw: dict[str, Any], max_events: int, max_employees: int) -> None:
    """422 for a problem with too many events or employees (before parsing it)."""
    for name, limit in (("events", max_events), ("employees", max_employees)):
        items = raw.get(name)
        if isinstance(items, list) and len(items) > limit:
            raise invalid(
                "problem",
                f"problem.{name}: {len(items)} {name} is over the limit"
                f" of {limit} for this endpoint",
            )


def parse_body_problem(raw: dict[str, Any], settings: AppSettings, *, small: bool) -> Problem:
    if small:
        check_size(raw, settings.max_stateless_events, settings.max_stateless_employees)
    else:
        check_size(raw, settings.max_problem_events, settings.max_problem_employees)
    try:
        return parse_problem(raw)
    except InputError as exc:
        raise invalid("problem", f"problem: {exc}") from None


@router.post("/validate", response_model=ValidateOut, tags=["stateless"])
def validate_route(body: ValidateIn, settings: SettingsDep) -> ValidateOut:
    """Judge the problem's existing schedule (or ``proposal``): findings, health, score."""
    from domain.validator import validate

    problem = parse_body_problem(body.problem, settings, small=False)
    proposal = None
    if body.proposal is not None:
        try:
            proposal = parse_proposal(body.proposal)
        except InputError as exc:
            raise invalid("proposal", f"proposal: {exc}") from None
    try:
        report = validate(problem, proposal)
    except InputError as exc:
        raise invalid("proposal", f"proposal: {exc}") from None
    return ValidateOut(
        findings=report.findings,
        critical=report.critical,
        warnings=report.warnings,
        health=report.health,
        label=report.label,
        worst_day=report.worst_day.as_json() if report.worst_day is not None else None,
        health_days=[d.as_json() for d in report.health_days],
        score=report.score,
    )


@router.post(
    "/solve",
    response_model=ProposalOut,
    tags=["stateless"],
    responses={
        429: {
            "model": ErrorOut,
            "description": "Every solve slot is busy.",
            "headers": {
                "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
            },
        }
    },
)
def solve_route(body: SolveIn, settings: SettingsDep, solves: SolvesDep) -> ProposalOut:
    """Solve a small problem and answer its ``schedule-proposal/1`` (nothing is stored).

    The time limit is capped at ``stateless_solve_time_limit``; the solve takes
    one of the server's solve slots (429 when none is free).
    """
    from solver.solve import solve

    problem = parse_body_problem(body.problem, settings, small=True)
    slot = solves.reserve()
    try:
        result = solve(
            problem,
            time_limit=min(body.time_limit, settings.stateless_solve_time_limit),
            workers=body.workers,
            seed=body.seed,
            priority_mode=body.priority_mode,
        )
    finally:
        slot.release()
    return ProposalOut.of(result.proposal)


@router.get(
    "/stores/{store}/schedule",
    response_model=ScheduleOut,
    tags=["schedule"],
    responses={404: {"model": ErrorOut, "description": "No such store for this key."}},
)
def schedule_route(
    store: StoreAccess,
    uow: UowDep,
    start: Annotated[dt.date, Query(alias="from", description="First day.")],
    end: Annotated[dt.date, Query(alias="to", description="Last day.")],
) -> ScheduleOut:
    """The store's live schedule: entries starting on a day in ``from..to``."""
    if end < start:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", "to"),
                    "msg": f"to {end} is before from {start}",
                    "type": "value_error",
                    "input": None,
                }
            ]
        )
    with uow() as u:
        entries = u.schedules.list(store, start, end)
    return ScheduleOut(
        store=store,
        start=start,
        end=end,
        entries=[
            ScheduleEntryOut(
                id=e.id,
                event=e.event,
                employee=e.employee,
                start=e.start,
                block=e.block,
                locked=e.locked,
                run_id=e.run_id,
                employee_name=e.employee_name or "",
                event_name=e.event_name or "",
            )
            for e in entries
        ],
    )
