"""The browser UI's session: a signed cookie holding the key id and a CSRF token.

Logging in with a store or admin API key once writes the cookie (HttpOnly,
SameSite=Lax, Secure when the request came over HTTPS); every page then reads
it and looks the key up again, so a revoked key ends its sessions at once.
The key text itself is never stored in the cookie.

Every state-changing form carries the session's CSRF token in a hidden
``csrf`` field; :func:`check_csrf` refuses a POST without the right one. The
login form has a token too (a cookie without a key), against login CSRF.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.responses import Response

from adapters.keys import ApiKey, find_key, get_key

COOKIE = "schedsolve_ui"
#: Seconds a session lasts (a working day and a bit).
MAX_AGE = 12 * 3600


class LoginRequired(Exception):
    """No valid session: the page answers a redirect to the login form."""

    def __init__(self, next_url: str = "/ui/") -> None:
        super().__init__("login required")
        self.next_url = next_url


class BadCsrf(Exception):
    """A state-changing form without the session's CSRF token (403)."""


class PageNotFound(Exception):
    """An HTML 404 page (no such run, or one of a store the key may not see)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _serializer(request: Request) -> URLSafeTimedSerializer:
    state = request.app.state
    secret = getattr(state, "ui_secret", None)
    if secret is None:
        secret = state.settings.session_secret or secrets.token_urlsafe(32)
        state.ui_secret = secret
    return URLSafeTimedSerializer(secret, salt="schedsolve-ui-session")


def read_cookie(request: Request) -> dict:
    """The session's content, ``{}`` when there is none or it is forged or expired."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return {}
    try:
        data = _serializer(request).loads(raw, max_age=MAX_AGE)
    except BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


def write_cookie(request: Request, response: Response, data: dict) -> None:
    response.set_cookie(
        COOKIE,
        _serializer(request).dumps(data),
        max_age=MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_cookie(request: Request, response: Response) -> None:
    response.delete_cookie(
        COOKIE, path="/", httponly=True, samesite="lax", secure=request.url.scheme == "https"
    )


def login_token(request: Request) -> str:
    """The CSRF token of the login form (an existing one, else a new one)."""
    return read_cookie(request).get("csrf") or secrets.token_urlsafe(24)


def key_for_text(request: Request, text: str) -> ApiKey | None:
    """The live (not revoked) key whose text is ``text``."""
    with request.app.state.session_factory() as session:
        found = find_key(session, text.strip())
    return found if found is not None and not found.revoked else None


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the key (its scope) and the session's CSRF token."""

    key: ApiKey
    csrf: str

    def may_see(self, store: str) -> bool:
        return self.key.may_see(store)


def current_viewer(request: Request) -> Viewer:
    """The logged-in viewer; :class:`LoginRequired` without a valid session."""
    data = read_cookie(request)
    key_id = data.get("key")
    if not isinstance(key_id, int):
        raise LoginRequired(request.url.path)
    with request.app.state.session_factory() as session:
        key = get_key(session, key_id)
    if key is None or key.revoked:
        raise LoginRequired(request.url.path)
    return Viewer(key, str(data.get("csrf", "")))


ViewerDep = Annotated[Viewer, Depends(current_viewer)]


def check_csrf(viewer: Viewer, token: str | None) -> None:
    """Refuse a form whose ``csrf`` field is not the session's token."""
    if not token or not viewer.csrf or not hmac.compare_digest(token, viewer.csrf):
        raise BadCsrf()
