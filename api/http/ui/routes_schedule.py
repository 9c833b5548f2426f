"""Pages of the live schedule: week, day, who is available, workload.

Thin: access through :mod:`api.http.ui.pages`, data from
:mod:`api.services.ui_schedule` and :mod:`api.services.candidates`.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Request
from starlette.responses import Response

from api.http.ui.pages import check_store, page, parse_day, store_reports, uow_factory
from api.http.ui.session import ViewerDep
from api.services.candidates import UnknownEvent, candidates
from api.services.ui_schedule import (
    day_view,
    default_week,
    store_employees,
    store_events,
    week_view,
    who_on,
    workload_view,
)
from domain.parse import InputError

router = APIRouter(prefix="/ui", include_in_schema=False)

WEEK = dt.timedelta(days=7)


def _day_query(request: Request, name: str, default: dt.date) -> tuple[dt.date, str]:
    """The query's date ``name`` (default when absent); an unreadable one gives an error text."""
    try:
        return parse_day(request.query_params.get(name), name) or default, ""
    except ValueError as exc:
        return default, str(exc)


@router.get("/stores/{store}/week")
def week_page(request: Request, viewer: ViewerDep, store: str) -> Response:
    check_store(request, viewer, store)
    uow = uow_factory(request)
    start, error = _day_query(request, "start", default_week(uow, store, dt.date.today()))
    view = week_view(uow, store, start)
    return page(
        request,
        viewer,
        "week.html",
        store=store,
        active="week",
        view=view,
        error=error,
        prev=view.start - WEEK,
        next=view.start + WEEK,
        reports=store_reports(store, view.start, view.end),
        status_code=422 if error else 200,
    )


@router.get("/stores/{store}/day")
def day_page(request: Request, viewer: ViewerDep, store: str) -> Response:
    check_store(request, viewer, store)
    uow = uow_factory(request)
    day, error = _day_query(request, "date", default_week(uow, store, dt.date.today()))
    return render_day(request, viewer, store, day, error=error)


def render_day(
    request: Request,
    viewer,
    store: str,
    day: dt.date,
    *,
    error: str = "",
    callout: dict | None = None,
    callout_error: str = "",
) -> Response:
    """The day page; ``callout`` refills its Call-out form (with ``callout_error``)."""
    uow = uow_factory(request)
    view = day_view(uow, store, day)
    one = dt.timedelta(days=1)
    return page(
        request,
        viewer,
        "day.html",
        store=store,
        active="day",
        view=view,
        error=error,
        prev=day - one,
        next=day + one,
        reports=store_reports(store, day, day + dt.timedelta(days=6))[1:],
        employees=store_employees(uow, store, day),
        callout=callout or {"employee": "", "start": day, "end": day, "note": ""},
        callout_error=callout_error,
        status_code=422 if error or callout_error else 200,
    )


@router.get("/stores/{store}/who")
def who_page(request: Request, viewer: ViewerDep, store: str) -> Response:
    check_store(request, viewer, store)
    uow = uow_factory(request)
    day, error = _day_query(request, "date", default_week(uow, store, dt.date.today()))
    event = (request.query_params.get("event") or "").strip()[:100]
    ranked = None
    if event and not error:
        try:
            ranked = candidates(uow, store, event, day, today=day - dt.timedelta(days=7))
        except UnknownEvent as exc:
            error = str(exc)
        except InputError as exc:
            error = f"the store's data: {exc}"
    return page(
        request,
        viewer,
        "who.html",
        store=store,
        active="who",
        day=day,
        event=event,
        people=who_on(uow, store, day),
        events=store_events(uow, store, day, day),
        ranked=ranked,
        error=error,
        status_code=422 if error else 200,
    )


@router.get("/stores/{store}/workload")
def workload_page(request: Request, viewer: ViewerDep, store: str) -> Response:
    check_store(request, viewer, store)
    uow = uow_factory(request)
    start, error = _day_query(request, "start", default_week(uow, store, dt.date.today()))
    view = workload_view(uow, store, start)
    return page(
        request,
        viewer,
        "workload.html",
        store=store,
        active="workload",
        view=view,
        error=error,
        prev=view.start - WEEK,
        next=view.start + WEEK,
        status_code=422 if error else 200,
    )
