"""HTTP request logs: one ``http.request`` event per request, with a request id.

A pure ASGI middleware (it never buffers a body): the request id is the
client's ``X-Request-ID`` when it is a short plain token, else a fresh one; it
is echoed in the answer's ``X-Request-ID`` header and bound to every event
logged while the request is served (:func:`adapters.logs.bind`). The line
holds method, path (no query string), status, duration and the client's
address: never a header, so never an API key.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

from adapters import logs

HEADER = b"x-request-id"
_GOOD_ID = re.compile(rb"^[A-Za-z0-9._\-]{1,64}$")


class RequestLogMiddleware:
    """Log each HTTP request once it is answered; echo its request id."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(HEADER, b"")
        request_id = given.decode() if _GOOD_ID.match(given) else uuid.uuid4().hex
        began = time.perf_counter()
        status = [500]

        async def send_with_id(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = [h for h in message.get("headers", []) if h[0].lower() != HEADER]
                message = {**message, "headers": [*headers, (HEADER, request_id.encode())]}
            await send(message)

        with logs.bind(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                client = scope.get("client")
                logs.event(
                    "http.request",
                    logger="schedsolve.http",
                    method=scope.get("method"),
                    path=scope.get("path"),
                    status=status[0],
                    duration_ms=round(1000 * (time.perf_counter() - began), 1),
                    client=client[0] if client else None,
                )
