"""The what-if page: a scenario built in a form, solved beside the base, then compared.

The form's fields become one :class:`api.services.whatif_models.Scenario`
(employee off, event removed, event added, weights); the solve is the JSON
API's :func:`api.services.whatif.whatif` (recorded as a ``whatif`` run, whose
page shows the comparison side by side with the per-rule difference).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError
from starlette.responses import Response

from api.http.ui.pages import check_store, page, uow_factory
from api.http.ui.session import ViewerDep, check_csrf
from api.services.runner import TooBusy
from api.services.ui_schedule import default_week, store_employees, store_events
from api.services.whatif import ChangeError, ProblemTooLarge, Scenario, WhatIfBase, whatif
from domain.parse import InputError, describe

router = APIRouter(prefix="/ui", include_in_schema=False)

Field = Annotated[str, Form(max_length=200)]


def _form_page(request, viewer, store, form, error="", status_code=200) -> Response:
    uow = uow_factory(request)
    start = dt.date.fromisoformat(form["start"]) if _is_day(form["start"]) else dt.date.today()
    return page(
        request,
        viewer,
        "whatif.html",
        store=store,
        active="whatif",
        form=form,
        error=error,
        employees=store_employees(uow, store, start),
        events=store_events(uow, store, start, start + dt.timedelta(days=6)),
        status_code=status_code,
    )


def _is_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _defaults(request: Request, store: str) -> dict[str, str]:
    start = default_week(uow_factory(request), store, dt.date.today())
    return {
        "start": str(start),
        "end": str(start + dt.timedelta(days=6)),
        "time_limit": "3",
        "name": "scenario",
        "off_employee": "",
        "off_start": "",
        "off_end": "",
        "remove_event": "",
        "add_name": "",
        "add_start": "",
        "add_due": "",
        "weights": "",
    }


@router.get("/stores/{store}/whatif")
def whatif_form(request: Request, viewer: ViewerDep, store: str) -> Response:
    check_store(request, viewer, store)
    return _form_page(request, viewer, store, _defaults(request, store))


def _weights(text: str) -> dict[str, int]:
    out = {}
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        key, sep, value = part.partition("=")
        if not sep or not value.strip().lstrip("-").isdigit():
            raise ValueError(f"weights: write RULE=NUMBER, e.g. S7=50 (not {part!r})")
        out[key.strip()] = int(value)
    return out


def _changes(form: dict[str, str]) -> list[dict]:
    changes: list[dict] = []
    if form["off_employee"]:
        start = form["off_start"] or form["start"]
        changes.append(
            {
                "kind": "employee_off",
                "employee": form["off_employee"],
                "start": start,
                "end": form["off_end"] or start,
            }
        )
    if form["remove_event"]:
        changes.append({"kind": "event_removed", "event": form["remove_event"]})
    if form["add_name"]:
        event = {
            "id": "WHATIF-1",
            "name": form["add_name"],
            "start": form["add_start"] or f"{form['start']}T00:00",
            "due": form["add_due"] or f"{form['end']}T23:59",
        }
        changes.append({"kind": "event_added", "event": event})
    if form["weights"].strip():
        changes.append({"kind": "weights", "weights": _weights(form["weights"])})
    return changes


@router.post("/stores/{store}/whatif")
def whatif_run(
    request: Request,
    viewer: ViewerDep,
    store: str,
    csrf: Field = "",
    start: Field = "",
    end: Field = "",
    time_limit: Field = "3",
    name: Field = "scenario",
    off_employee: Field = "",
    off_start: Field = "",
    off_end: Field = "",
    remove_event: Field = "",
    add_name: Field = "",
    add_start: Field = "",
    add_due: Field = "",
    weights: Field = "",
) -> Response:
    check_csrf(viewer, csrf)
    check_store(request, viewer, store)
    form = {k: v for k, v in locals().items() if isinstance(v, str) and k not in ("csrf", "store")}
    settings = request.app.state.settings
    try:
        base = WhatIfBase.model_validate(
            {"horizon": {"start": start, "end": end}, "time_limit": time_limit}
        )
        scenario = Scenario.model_validate({"name": name or "scenario", "changes": _changes(form)})
        slot = request.app.state.solves.reserve()
        try:
            answer = whatif(
                uow_factory(request),
                store,
                base,
                [scenario],
                time_cap=settings.max_time_limit,
                max_events=settings.max_problem_events,
                max_employees=settings.max_problem_employees,
            )
        finally:
            slot.release()
    except ValidationError as exc:
        return _form_page(request, viewer, store, form, describe(exc), 422)
    except (ChangeError, ProblemTooLarge, InputError, ValueError) as exc:
        return _form_page(request, viewer, store, form, str(exc), 422)
    except TooBusy as exc:
        msg = f"Every solve slot is busy; try again in {exc.retry_after} s."
        return _form_page(request, viewer, store, form, msg, 429)
    return RedirectResponse(f"/ui/runs/{answer.run_id}", status_code=303)
