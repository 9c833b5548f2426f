"""The browser UI under ``/ui``: server-rendered pages for store schedulers.

:func:`install` adds the pages, their static files (``/ui/static``, htmx and
the style vendored: no CDN) and ``/docs`` with local Swagger UI assets to an
app. Pages answer HTML: no session is a redirect to the login form, a wrong
CSRF token 403, a run or store the key may not see a 404 page.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from api.http.ui import (
    routes_auth,
    routes_callouts,
    routes_reports,
    routes_runs,
    routes_schedule,
    routes_whatif,
)
from api.http.ui.docs import docs_router
from api.http.ui.pages import STATIC, page
from api.http.ui.session import BadCsrf, LoginRequired, PageNotFound, read_cookie


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    target = f"/ui/login?next={quote(exc.next_url)}"
    if request.headers.get("HX-Request"):  # an htmx poll: send the whole page to the login
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


async def _bad_csrf(request: Request, _: Exception) -> Response:
    return page(
        request,
        None,
        "error.html",
        status_code=403,
        title="Form expired",
        message="The form was not sent from this session (CSRF token missing or"
        " wrong). Go back, reload the page and try again.",
    )


async def _not_found(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PageNotFound)
    logged_in = bool(read_cookie(request).get("key"))
    return page(
        request,
        None,
        "error.html",
        status_code=404,
        title="Not found",
        message=f"There is no {exc.what} here.",
        logged_in=logged_in,
    )


def install(app: FastAPI) -> None:
    """Add the UI's routes, static files, error pages and local ``/docs`` to ``app``."""
    app.mount("/ui/static", StaticFiles(directory=str(STATIC)), name="ui-static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(BadCsrf, _bad_csrf)
    app.add_exception_handler(PageNotFound, _not_found)
    app.include_router(docs_router(app))
    app.include_router(routes_auth.router)
    app.include_router(routes_runs.router)
    app.include_router(routes_reports.router)
    app.include_router(routes_schedule.router)
    app.include_router(routes_callouts.router)
    app.include_router(routes_whatif.router)


__all__ = ["install"]
