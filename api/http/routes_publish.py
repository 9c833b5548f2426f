"""Route of the calendar feeds: an employee's schedule as iCalendar.

Calendar apps cannot send an ``X-API-Key`` header, so this route is not keyed:
the ``token`` query parameter (``schedsolve feeds create``) is the credential.
An unknown or revoked token, or one of another employee, is a 404 that does
not say which.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from adapters.calendar_feed import render_feed
from api.http.deps import UowDep
from api.http.schemas import ErrorOut
from api.services.publishing import FeedDenied, employee_feed
from domain.runs import utcnow

router = APIRouter(tags=["publishing"])


@router.get(
    "/stores/{store}/employees/{employee}/schedule.ics",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "The employee's iCalendar feed."},
        404: {"model": ErrorOut, "description": "No such feed (unknown or revoked token)."},
    },
)
def employee_feed_route(
    store: str,
    employee: str,
    uow: UowDep,
    token: Annotated[str, Query(max_length=200, description="The feed's secret token.")] = "",
) -> Response:
    """The employee's assignments of the live schedule, two weeks back and eight ahead,
    in the store's time zone; each entry keeps its UID while it moves."""
    try:
        tz, name, items = employee_feed(uow, store, employee, token)
    except FeedDenied as exc:
        return JSONResponse({"detail": f"calendar feed not found ({exc})"}, status_code=404)
    body = render_feed(store, name, tz, items, utcnow())
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )
