"""Routes of what-if scenarios and of the candidates for an event.

``POST /stores/{store}/whatif`` solves the base and every scenario in the
request (synchronously, each solve capped at
:data:`api.services.whatif.MAX_TIME_LIMIT` seconds and at the server's
``max_time_limit``) while holding one of the server's solve slots (none free:
429 with ``Retry-After``); the answer is recorded as a ``whatif`` run.
``GET /stores/{store}/events/{event}/candidates`` ranks every employee for one
event against the live schedule. Both are thin over :mod:`api.services`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status
from fastapi.exceptions import RequestValidationError

from api.http.deps import SettingsDep, SolvesDep, StoreAccess, UowDep
from api.http.schemas import ErrorOut
from api.services.candidates import CandidateRow, UnknownEvent, candidates
from api.services.whatif import (
    FIRST_DATE,
    LAST_DATE,
    ChangeError,
    ProblemTooLarge,
    WhatIfRequest,
    WhatIfResult,
    whatif,
)
from domain.parse import InputError

router = APIRouter(tags=["what-if"])


NOT_FOUND = {404: {"model": ErrorOut, "description": "No such store (for this key) or event."}}
NOT_JSON = {400: {"model": ErrorOut, "description": "The body is not JSON."}}
BUSY = {
    429: {
        "model": ErrorOut,
        "description": "Every solve slot is busy; see Retry-After.",
        "headers": {
            "Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}
        },
    }
}


def _invalid(loc: tuple, message: str) -> RequestValidationError:
    """A 422 in FastAPI's own shape, located at ``loc`` (``("body", ...)``, ``("query", ...)``)."""
    return RequestValidationError(
        [{"loc": loc, "msg": message, "type": "value_error", "input": None}]
    )


@router.post(
    "/stores/{store}/whatif",
    response_model=WhatIfResult,
    responses={**NOT_JSON, **NOT_FOUND, **BUSY},
)
def whatif_route(
    store: StoreAccess, body: WhatIfRequest, uow: UowDep, solves: SolvesDep, settings: SettingsDep
) -> WhatIfResult:
    """Solve the store's horizon as it is and under 1-4 scenarios of changes, side by side.

    Each scenario is a list of changes (``kind``: ``employee_off``,
    ``employee_added``, ``employee_removed``, ``event_added``, ``event_removed``,
    ``event_window``, ``weights``, ``settings``) applied to a copy of the base
    problem. The answer gives, for the base and each scenario, the solve status,
    objective, scheduled counts by type, score by rule and unscheduled events by
    reason; for each scenario the assignments added, removed and changed against
    the base and the per-rule score difference. A change that gives no valid
    problem is 422 naming ``scenarios[i].changes[j]`` and the field. Recorded as a
    ``whatif`` run (``run_id``; the answer is in the run's ``counts.whatif``).
    """
    slot = solves.reserve()
    try:
        return whatif(
            uow,
            store,
            body.base,
            body.scenarios,
            time_cap=settings.max_time_limit,
            max_events=settings.max_problem_events,
            max_employees=settings.max_problem_employees,
        )
    except ChangeError as exc:
        raise _invalid(("body", *exc.loc), str(exc)) from None
    except ProblemTooLarge as exc:
        raise _invalid(("body", "base", "horizon"), str(exc)) from None
    except InputError as exc:
        raise _invalid(("body", "base"), f"the store's data: {exc}") from None
    finally:
        slot.release()


@router.get(
    "/stores/{store}/events/{event}/candidates",
    response_model=list[CandidateRow],
    responses=NOT_FOUND,
)
def candidates_route(
    store: StoreAccess,
    event: str,
    uow: UowDep,
    date: Annotated[
        dt.date | None,
        Query(description="The day to rank for (default: every window day from today on)."),
    ] = None,
    today: Annotated[
        dt.date | None,
        Query(description="Judge as of this day (default: the server's date today)."),
    ] = None,
) -> list[CandidateRow]:
    """Every employee of the store ranked for the event on ``date`` (or over its window).

    Eligible employees (every hard rule holds with the assignment added to the live
    schedule) come first, by ``delta``: the objective change of assigning them at
    their best day, start and block. The others follow by employee id with the hard
    rule that rules them out (``rule``, ``rule_text``, ``message``).
    """
    for name, day in (("date", date), ("today", today)):
        if day is not None and not FIRST_DATE <= day <= LAST_DATE:
            raise _invalid(("query", name), f"{name}: {day} is outside {FIRST_DATE} to {LAST_DATE}")
    try:
        return candidates(uow, store, event, date, today=today)
    except UnknownEvent as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from None
    except InputError as exc:
        raise _invalid(("path", "store"), f"the store's data: {exc}") from None


__all__ = ["router"]
