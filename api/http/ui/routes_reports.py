"""The PDF reports for the browser: the same services as the JSON API's report routes,
with the session's scope instead of an ``X-API-Key`` header (links in a page cannot
send one). A run's review PDF is in :mod:`api.http.ui.routes_runs`."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.http.ui.pages import check_store, parse_day, uow_factory
from api.http.ui.routes_runs import pdf
from api.http.ui.session import PageNotFound, ViewerDep
from api.services import reports as svc

router = APIRouter(prefix="/ui", include_in_schema=False)


def _day(value: str) -> object:
    try:
        day = parse_day(value, "date")
    except ValueError:
        day = None
    if day is None:
        raise PageNotFound(f"day {value!r}")
    return day


@router.get("/stores/{store}/schedule.pdf")
def schedule_pdf(request: Request, viewer: ViewerDep, store: str) -> Response:
    check_store(request, viewer, store)
    q = request.query_params
    try:
        start, end = parse_day(q.get("from"), "from"), parse_day(q.get("to"), "to")
        content = svc.weekly_report(uow_factory(request), store, start, end)
    except ValueError as exc:  # ReportError too
        return Response(str(exc), status_code=422, media_type="text/plain")
    return pdf(content, f"store-{store}-schedule.pdf")


@router.get("/stores/{store}/days/{date}/daily.pdf")
def daily_pdf(request: Request, viewer: ViewerDep, store: str, date: str) -> Response:
    check_store(request, viewer, store)
    day = _day(date)
    return pdf(svc.daily_report(uow_factory(request), store, day), f"store-{store}-{day}.pdf")


@router.get("/stores/{store}/days/{date}/packet.pdf")
def packet_pdf(request: Request, viewer: ViewerDep, store: str, date: str) -> Response:
    check_store(request, viewer, store)
    day = _day(date)
    content = svc.packet_report(uow_factory(request), store, day)
    return pdf(content, f"store-{store}-{day}-packet.pdf")
