"""View helpers of the browser UI: the templates, rendering a page, access checks.

Every page is rendered by :func:`page` with the viewer (for the navigation,
the CSRF token and the logout form) and the current store. Access mirrors
:mod:`api.http.deps`: a store the key may not see, or a run of such a store,
is :class:`~api.http.ui.session.PageNotFound` (an HTML 404 page; a key never
learns whether another store exists).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from adapters.uow import SqlUnitOfWork
from api.http.ui.session import PageNotFound, Viewer
from api.services.ui_review import get_run, rule_order
from domain.runs import Run

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
#: The vendored htmx file (version in the name; see static/VENDORED.md).
HTMX = "htmx-2.0.11.min.js"

templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals["HTMX"] = HTMX
#: The store pages of the navigation: (label, path under /ui/stores/{store}/).
NAV = [
    ("Runs", "runs"),
    ("Week", "week"),
    ("Day", "day"),
    ("Who", "who"),
    ("What-if", "whatif"),
    ("Workload", "workload"),
]
templates.env.globals["NAV"] = NAV


def _num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.2f} %"


templates.env.filters["num"] = _num
templates.env.filters["rule_sort"] = lambda rules: sorted(rules, key=rule_order)
templates.env.filters["pct"] = _pct


def uow_factory(request: Request):
    factory = request.app.state.session_factory
    return lambda: SqlUnitOfWork(factory)


def stores_of(request: Request, viewer: Viewer) -> list:
    """The stores the viewer may see, by id."""
    with uow_factory(request)() as uow:
        stores = uow.stores.list()
    return [s for s in stores if viewer.may_see(s.id)]


def check_store(request: Request, viewer: Viewer, store: str) -> str:
    """``store`` if the viewer may see it and it exists, else a 404 page."""
    if not viewer.may_see(store):
        raise PageNotFound(f"store {store}")
    with uow_factory(request)() as uow:
        if uow.stores.get(store) is None:
            raise PageNotFound(f"store {store}")
    return store


def check_run(request: Request, viewer: Viewer, run_id: int) -> Run:
    """Run ``run_id`` if it exists and the viewer may see its store, else a 404 page."""
    run = get_run(uow_factory(request), run_id) if 1 <= run_id < 2**31 else None
    if run is None or not viewer.may_see(run.store):
        raise PageNotFound(f"run {run_id}")
    return run


def page(
    request: Request,
    viewer: Viewer | None,
    name: str,
    *,
    store: str | None = None,
    status_code: int = 200,
    **context: Any,
) -> Response:
    """Render template ``name`` with the common context."""
    return templates.TemplateResponse(
        request,
        name,
        {
            "viewer": viewer,
            "csrf": viewer.csrf if viewer else "",
            "store": store,
            "today": dt.date.today(),
            **context,
        },
        status_code=status_code,
    )


def parse_day(value: str | None, name: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` form or query value; ``ValueError`` naming ``name``."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
    if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise ValueError(f"{name}: {day} is outside 2000-01-01 to 2100-12-31")
    return day


def store_reports(store: str, start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    """The PDF links of a store's pages: the weekly schedule, the day's schedule and packet."""
    base = f"/ui/stores/{store}"
    return [
        ("Weekly schedule", f"{base}/schedule.pdf?from={start}&to={end}"),
        (f"Daily schedule {start}", f"{base}/days/{start}/daily.pdf"),
        (f"Daily packet {start}", f"{base}/days/{start}/packet.pdf"),
    ]
