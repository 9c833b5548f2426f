"""Pages of logging in and out, and the start page (the viewer's store, or a store list)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from api.http.ui.pages import page, stores_of
from api.http.ui.session import (
    BadCsrf,
    ViewerDep,
    check_csrf,
    clear_cookie,
    key_for_text,
    login_token,
    read_cookie,
    write_cookie,
)

router = APIRouter(prefix="/ui", include_in_schema=False)


def _safe_next(url: str | None) -> str:
    """Only a path of this UI (never another site) to go to after logging in."""
    if url and url.startswith("/ui/") and not url.startswith("//") and "\\" not in url:
        return url
    return "/ui/"


@router.get("/login")
def login_form(request: Request, next: str | None = None) -> Response:
    token = login_token(request)
    response = page(request, None, "login.html", csrf_login=token, next=_safe_next(next))
    write_cookie(request, response, {"csrf": token})
    return response


@router.post("/login")
def login(
    request: Request,
    key: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=500)] = "/ui/",
) -> Response:
    expected = read_cookie(request).get("csrf", "")
    if not csrf or not expected or not secrets.compare_digest(csrf, expected):
        raise BadCsrf()
    found = key_for_text(request, key) if key else None
    if found is None:
        response = page(
            request,
            None,
            "login.html",
            csrf_login=expected,
            next=_safe_next(next),
            error="That key is unknown or revoked. Paste the whole key (it starts with ss_).",
            status_code=401,
        )
        return response
    response = RedirectResponse(_safe_next(next), status_code=303)
    # A new CSRF token per session: the login form's token is not reused.
    write_cookie(request, response, {"key": found.id, "csrf": secrets.token_urlsafe(24)})
    return response


@router.post("/logout")
def logout(
    request: Request, viewer: ViewerDep, csrf: Annotated[str, Form(max_length=200)] = ""
) -> Response:
    check_csrf(viewer, csrf)
    response = RedirectResponse("/ui/login", status_code=303)
    clear_cookie(request, response)
    return response


@router.get("/")
def start(request: Request, viewer: ViewerDep) -> Response:
    stores = stores_of(request, viewer)
    if len(stores) == 1:
        return RedirectResponse(f"/ui/stores/{stores[0].id}/runs", status_code=303)
    return page(request, viewer, "stores.html", stores=stores)
