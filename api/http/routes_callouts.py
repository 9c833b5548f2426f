"""Route of call-outs: ``POST /stores/{store}/callouts`` (RULES.md §8).

Records the employee's time off and answers with a pending ``repair`` run over
the weeks touched (solved synchronously, holding one of the server's solve
slots: none free is 429 with ``Retry-After``). Thin over
:func:`api.services.callouts.call_out`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.http.deps import SettingsDep, SolvesDep, StoreAccess, UowDep
from api.http.routes_whatif import BUSY, NOT_FOUND, NOT_JSON
from api.services.callouts import MAX_DAYS, CallOut, CallOutAnswer, CallOutError, call_out
from api.services.repairs import REPAIR_TIME_LIMIT
from api.services.runs import SolveParams
from api.services.whatif import FIRST_DATE, LAST_DATE
from domain.parse import InputError

router = APIRouter(tags=["call-outs"])


class CallOutIn(BaseModel):
    """Who is out and when: ``dates`` (a list of days), or ``start`` (and ``end``)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"employee": "E03", "start": "2026-03-02", "end": "2026-03-03", "note": "flu"},
                {"employee": "E03", "dates": ["2026-03-02", "2026-03-05"]},
            ]
        },
    )

    employee: str = Field(min_length=1, max_length=64)
    dates: list[dt.date] | None = Field(None, min_length=1, max_length=MAX_DAYS)
    start: dt.date | None = None
    end: dt.date | None = Field(None, description="Last day out (default: start).")
    note: str = Field("", max_length=500)
    today: dt.date | None = Field(None, description="Default: the server's date.")
    time_limit: float = Field(REPAIR_TIME_LIMIT, gt=0, le=3600, description="Seconds.")
    workers: int = Field(1, ge=1, le=8, description="CP-SAT workers; 1 is reproducible.")
    priority_mode: Literal["weighted", "strict"] | None = None

    @model_validator(mode="after")
    def _days(self) -> CallOutIn:
        if self.dates is None and self.start is None:
            raise ValueError("give dates, or start (and end)")
        if self.dates is not None and (self.start is not None or self.end is not None):
            raise ValueError("give dates or start/end, not both")
        return self


def _invalid(field: str, message: str) -> RequestValidationError:
    return RequestValidationError(
        [{"loc": ("body", field), "msg": message, "type": "value_error", "input": None}]
    )


def _check_dates(body: CallOutIn) -> None:
    named = [("start", body.start), ("end", body.end), ("today", body.today)]
    named += [(f"dates.{i}", d) for i, d in enumerate(body.dates or [])]
    for name, day in named:
        if day is not None and not FIRST_DATE <= day <= LAST_DATE:
            raise _invalid(name, f"{day} is outside {FIRST_DATE} to {LAST_DATE}")


@router.post(
    "/stores/{store}/callouts",
    response_model=CallOutAnswer,
    responses={**NOT_JSON, **NOT_FOUND, **BUSY},
)
def callout_route(
    store: StoreAccess, body: CallOutIn, uow: UowDep, solves: SolvesDep, settings: SettingsDep
) -> CallOutAnswer:
    """Record a call-out and answer with its repair run.

    The time off and a ``repair`` run over the weeks touched are written in one
    transaction; the repair (the fewest changes that keep the S1 + S2 value,
    RULES.md §8) is solved at once. The answer: ``taken`` (her events a
    colleague takes), ``unfilled`` (her events nobody can take, each with its
    explanation), ``stuck`` (her locked events, which stay), ``also`` (every
    other change), the number of changes with its bound and proof, and the run
    (``run_id``), pending: approve it like any run.
    """
    _check_dates(body)
    if body.dates is not None:
        callout = CallOut.of_dates(body.employee, body.dates, body.note)
    else:
        assert body.start is not None
        callout = CallOut(body.employee, body.start, body.end or body.start, body.note)
    params = SolveParams(
        time_limit=min(body.time_limit, settings.max_time_limit),
        workers=body.workers,
        priority_mode=body.priority_mode,
    )
    slot = solves.reserve()
    try:
        return call_out(uow, store, callout, today=body.today or dt.date.today(), params=params)
    except CallOutError as exc:
        raise _invalid(exc.field, str(exc)) from None
    except InputError as exc:
        raise _invalid("employee", f"the store's data: {exc}") from None
    finally:
        slot.release()


__all__ = ["router"]
