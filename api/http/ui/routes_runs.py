"""Pages of runs: the list and start form, a run's progress, review and explanations.

Thin: access through :mod:`api.http.ui.pages`, data from
:mod:`api.services.ui_review` (and the services the JSON API uses to start,
cancel, approve and reject a run).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from api.http.ui.pages import (
    check_run,
    check_store,
    page,
    parse_day,
    store_reports,
    uow_factory,
)
from api.http.ui.session import PageNotFound, ViewerDep, check_csrf
from api.services import reports as report_svc
from api.services.api_runs import NoProposal, RunRequest, submit_run
from api.services.control import request_cancel
from api.services.reports import comparison_of
from api.services.review import ReviewError, reject
from api.services.runner import TooBusy
from api.services.runs import SolveParams
from api.services.ui_explain import NotUnscheduled, explain_event
from api.services.ui_repair import repair_diff
from api.services.ui_review import (
    approve_lines,
    default_horizon,
    review_of,
    run_row,
    store_runs,
)
from domain.runs import ACTIVE_STATUSES

router = APIRouter(prefix="/ui", include_in_schema=False)

Csrf = Annotated[str, Form(max_length=200)]


def _runs_page(request, viewer, store, *, error="", form=None, status_code=200) -> Response:
    uow = uow_factory(request)
    start, end = default_horizon(uow, store, dt.date.today())
    form = form or {"start": start, "end": end, "time_limit": 10, "mode": "weighted"}
    return page(
        request,
        viewer,
        "runs.html",
        store=store,
        runs=store_runs(uow, store),
        reports=store_reports(store, start, end),
        form=form,
        error=error,
        max_time=request.app.state.settings.max_time_limit,
        status_code=status_code,
    )


@router.get("/stores/{store}/runs")
def runs_list(request: Request, viewer: ViewerDep, store: str) -> Response:
    return _runs_page(request, viewer, check_store(request, viewer, store))


def _run_request(start: str, end: str, time_limit: str, mode: str, cap: float) -> RunRequest:
    first, last = parse_day(start, "start"), parse_day(end, "end")
    if first is None or last is None:
        raise ValueError("start, end: give both days of the horizon")
    if last < first:
        raise ValueError(f"end: {last} is before start {first}")
    if (last - first).days > 62:
        raise ValueError("end: a horizon spans at most 63 days")
    try:
        seconds = float(time_limit)
    except ValueError:
        raise ValueError(f"time limit: {time_limit!r} is not a number of seconds") from None
    if not 1 <= seconds <= cap:
        raise ValueError(f"time limit: give 1 to {cap:g} seconds")
    if mode not in ("weighted", "strict"):
        raise ValueError("mode: weighted or strict")
    params = SolveParams(time_limit=seconds, workers=2, priority_mode=mode)
    return RunRequest(first, last, first - dt.timedelta(days=1), params)


@router.post("/stores/{store}/runs")
def runs_start(
    request: Request,
    viewer: ViewerDep,
    store: str,
    csrf: Csrf = "",
    start: Annotated[str, Form(max_length=20)] = "",
    end: Annotated[str, Form(max_length=20)] = "",
    time_limit: Annotated[str, Form(max_length=20)] = "10",
    mode: Annotated[str, Form(max_length=20)] = "weighted",
) -> Response:
    check_csrf(viewer, csrf)
    check_store(request, viewer, store)
    form = {"start": start, "end": end, "time_limit": time_limit, "mode": mode}
    cap = request.app.state.settings.max_time_limit
    try:
        run_request = _run_request(start, end, time_limit, mode, cap)
        run, _ = submit_run(uow_factory(request), request.app.state.solves, store, run_request)
    except ValueError as exc:
        return _runs_page(request, viewer, store, error=str(exc), form=form, status_code=422)
    except TooBusy as exc:
        msg = f"Every solve slot is busy; try again in {exc.retry_after} s."
        return _runs_page(request, viewer, store, error=msg, form=form, status_code=429)
    return RedirectResponse(f"/ui/runs/{run.id}", status_code=303)


@router.get("/runs/{run_id}")
def run_page(request: Request, viewer: ViewerDep, run_id: int) -> Response:
    run = check_run(request, viewer, run_id)
    return _run_view(request, viewer, run)


def _run_view(request, viewer, run, *, refused=(), notice="", status_code=200) -> Response:
    common = {"store": run.store, "run": run, "row": run_row(run)}
    if run.status in ACTIVE_STATUSES:
        return page(request, viewer, "run_active.html", **common)
    if run.kind == "whatif":
        try:
            comparison = comparison_of(run)
        except report_svc.ReportError:
            comparison = None
        return page(request, viewer, "whatif_result.html", comparison=comparison, **common)
    try:
        review = review_of(uow_factory(request), run, refused)
    except NoProposal:
        return page(request, viewer, "run_failed.html", **common)
    return page(
        request,
        viewer,
        "review.html",
        review=review,
        diff=repair_diff(review),
        notice=notice,
        status_code=status_code,
        **common,
    )


@router.get("/runs/{run_id}/progress")
def run_progress(request: Request, viewer: ViewerDep, run_id: int) -> Response:
    """The live figures of a running run (an htmx fragment; refreshes the page when done)."""
    run = check_run(request, viewer, run_id)
    response = page(request, viewer, "_progress.html", run=run, row=run_row(run))
    if run.status not in ACTIVE_STATUSES:
        response.headers["HX-Refresh"] = "true"
    return response


@router.post("/runs/{run_id}/cancel")
def run_cancel(request: Request, viewer: ViewerDep, run_id: int, csrf: Csrf = "") -> Response:
    check_csrf(viewer, csrf)
    run = check_run(request, viewer, run_id)
    if run.status in ACTIVE_STATUSES:
        request_cancel(uow_factory(request), run.id)
    return RedirectResponse(f"/ui/runs/{run.id}", status_code=303)


@router.post("/runs/{run_id}/review")
def run_review(
    request: Request,
    viewer: ViewerDep,
    run_id: int,
    csrf: Csrf = "",
    action: Annotated[str, Form(max_length=20)] = "",
    line: Annotated[list[int] | None, Form()] = None,
) -> Response:
    """Approve the selected lines (with their partners), approve all, or reject the run."""
    check_csrf(viewer, csrf)
    run = check_run(request, viewer, run_id)
    uow = uow_factory(request)
    try:
        if action == "reject":
            ids = reject(uow, run.id)
            notice = f"Rejected {len(ids)} lines."
            refused: list = []
        elif action in ("approve_selected", "approve_all"):
            if action == "approve_selected" and not line:
                raise ReviewError("Select at least one line to approve, or use Approve all.")
            result, asked = approve_lines(uow, run, line if action == "approve_selected" else None)
            extra = len(asked) - len(set(line or []))
            notice = f"Approved {len(result.approved)} lines" + (
                f" (with {extra} that go together with them)" if extra > 0 else ""
            )
            notice += f"; {len(result.refused)} refused." if result.refused else "."
            refused = result.refused
        else:
            raise ReviewError("Choose Approve selected, Approve all or Reject.")
    except ReviewError as exc:
        run = check_run(request, viewer, run_id)
        return _run_view(request, viewer, run, notice=str(exc), status_code=409)
    run = check_run(request, viewer, run_id)
    return _run_view(request, viewer, run, refused=refused, notice=notice)


@router.get("/runs/{run_id}/explain/{event}")
def run_explain(request: Request, viewer: ViewerDep, run_id: int, event: str) -> Response:
    run = check_run(request, viewer, run_id)
    try:
        view = explain_event(uow_factory(request), run, event)
    except (NotUnscheduled, NoProposal):
        raise PageNotFound(f"unscheduled event {event} of run {run_id}") from None
    return page(request, viewer, "explain.html", store=run.store, run=run, view=view)


def pdf(content: bytes, name: str) -> Response:
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@router.get("/runs/{run_id}/report.pdf")
def run_pdf(request: Request, viewer: ViewerDep, run_id: int) -> Response:
    run = check_run(request, viewer, run_id)
    uow = uow_factory(request)
    try:
        if run.kind == "whatif":
            content = report_svc.whatif_report(uow, run.id, run.store)
        else:
            content = report_svc.review_report(uow, run.id, run.store)
    except report_svc.ReportError:
        raise PageNotFound(f"a report of run {run_id}") from None
    return pdf(content, f"run-{run.id}.pdf")
