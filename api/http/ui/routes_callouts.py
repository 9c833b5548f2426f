"""The day page's Call-out form: someone calls out; the repair run's review answers it.

Thin over :func:`api.services.callouts.call_out` (the use case of
``POST /stores/{store}/callouts`` and ``schedsolve callout``): the time off
and a ``repair`` run in one transaction, the repair solved at once (holding
one of the server's solve slots), then a redirect to the run's review. Bad
input re-renders the day page with the error on the form (422).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from api.http.ui.pages import check_store, parse_day, uow_factory
from api.http.ui.routes_schedule import render_day
from api.http.ui.session import ViewerDep, check_csrf
from api.services.callouts import CallOut, CallOutError, call_out
from api.services.repairs import REPAIR_TIME_LIMIT
from api.services.runner import TooBusy
from api.services.runs import SolveParams
from domain.parse import InputError

router = APIRouter(prefix="/ui", include_in_schema=False)

Day = Annotated[str, Form(max_length=20)]


def _callout(employee: str, start: str, end: str, note: str) -> CallOut:
    first = parse_day(start, "first day")
    last = parse_day(end, "last day") or first
    if not employee:
        raise CallOutError("employee", "choose who calls out")
    if first is None or last is None:
        raise CallOutError("first day", "give the first day out")
    return CallOut(employee, first, last, note)


def as_of(first: dt.date) -> dt.date:
    """The call-out's today: the server's date, or the first day out when that is earlier.

    A store's data may be a plan in the past of the server's clock (as the
    run form judges as of the day before its horizon); the day page's form
    then records the call-out as of the day shown.
    """
    return min(dt.date.today(), first)


@router.post("/stores/{store}/callouts")
def callout_form(
    request: Request,
    viewer: ViewerDep,
    store: str,
    csrf: Annotated[str, Form(max_length=200)] = "",
    employee: Annotated[str, Form(max_length=64)] = "",
    start: Day = "",
    end: Day = "",
    note: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    """Record a call-out and show its repair run's review."""
    check_csrf(viewer, csrf)
    check_store(request, viewer, store)
    form = {"employee": employee, "start": start, "end": end, "note": note}
    try:
        callout = _callout(employee.strip(), start, end, note.strip())
    except ValueError as exc:
        day = _safe_day(start)
        return render_day(request, viewer, store, day, callout=form, callout_error=str(exc))
    params = SolveParams(
        time_limit=min(REPAIR_TIME_LIMIT, request.app.state.settings.max_time_limit)
    )
    try:
        slot = request.app.state.solves.reserve()
    except TooBusy as exc:
        msg = f"Every solve slot is busy; try again in {exc.retry_after} s."
        return render_day(request, viewer, store, callout.start, callout=form, callout_error=msg)
    try:
        answer = call_out(
            uow_factory(request), store, callout, today=as_of(callout.start), params=params
        )
    except CallOutError as exc:
        error = str(exc)
    except InputError as exc:
        error = f"employee: the store's data: {exc}"
    else:
        return RedirectResponse(f"/ui/runs/{answer.run_id}", status_code=303)
    finally:
        slot.release()
    return render_day(request, viewer, store, callout.start, callout=form, callout_error=error)


def _safe_day(value: str) -> dt.date:
    try:
        return parse_day(value, "first day") or dt.date.today()
    except ValueError:
        return dt.date.today()


__all__ = ["router"]
