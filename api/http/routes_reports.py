"""Routes of the printed reports: a run's review, a store's schedule, a day's packet (PDF).

Thin: access is checked through :mod:`api.http.deps` (a store key sees only its
store: another store's run or schedule is a 404) and the PDF comes from
:mod:`api.services.reports`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response, status

from api.http.deps import RunAccess, StoreAccess, UowDep
from api.services import reports as svc

router = APIRouter(tags=["reports"])

PDF = {
    200: {"content": {"application/pdf": {}}, "description": "The report as a PDF."},
    404: {"description": "No such run or store for this key."},
}
Day = Annotated[dt.date, Query(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]


def _pdf(content: bytes, name: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


def _unprocessable(exc: svc.ReportError, field: str) -> HTTPException:
    message = str(exc).split(": ", 1)[-1]
    return HTTPException(
        422,
        detail=[{"loc": ["query", field], "msg": message, "type": "value_error"}],
    )


@router.get(
    "/runs/{run_id}/report.pdf",
    response_class=Response,
    responses={**PDF, 409: {"description": "The run has no proposal (yet)."}},
)
def run_report(run: RunAccess, uow: UowDep) -> Response:
    """The run review (a what-if run: the what-if comparison) as a landscape PDF."""
    try:
        if run.kind == "whatif":
            pdf = svc.whatif_report(uow, run.id, run.store)
        else:
            pdf = svc.review_report(uow, run.id, run.store)
    except svc.ReportError as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(exc).split(": ", 1)[-1]) from None
    return _pdf(pdf, f"run-{run.id}-{'whatif' if run.kind == 'whatif' else 'review'}.pdf")


@router.get("/stores/{store}/schedule.pdf", response_class=Response, responses={**PDF, 422: {}})
def schedule_report(
    store: StoreAccess,
    uow: UowDep,
    start: Annotated[Day | None, Query(alias="from")] = None,
    end: Annotated[Day | None, Query(alias="to")] = None,
) -> Response:
    """The store's live schedule, employees by days, one section per week.

    ``from`` / ``to`` default to the latest run's horizon; ``from`` alone is
    its Sunday-Saturday week; at most 9 weeks.
    """
    if end is not None and start is None:
        raise _unprocessable(svc.ReportError("from: give from with to"), "from")
    try:
        pdf = svc.weekly_report(uow, store, start, end)
    except svc.ReportError as exc:
        raise _unprocessable(exc, "to" if str(exc).startswith("to") else "from") from None
    return _pdf(pdf, f"store-{store}-schedule.pdf")


@router.get("/stores/{store}/days/{date}/packet.pdf", response_class=Response, responses=PDF)
def packet_report(store: StoreAccess, uow: UowDep, date: dt.date) -> Response:
    """The daily packet of a day: the daily schedule, then one signed sheet per Core."""
    day = date
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise HTTPException(
            422,
            detail=[
                {"loc": ["path", "date"], "msg": "date outside 2000..2100", "type": "value_error"}
            ],
        )
    return _pdf(svc.packet_report(uow, store, day), f"store-{store}-{day}-packet.pdf")
