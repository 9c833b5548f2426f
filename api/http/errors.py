"""The 422 answer of a request that does not validate: always JSON, always short.

FastAPI's own handler echoes each error's ``input`` whole (a 5 MB field comes
back as 5 MB) and fails on a ``NaN`` or ``Infinity`` input (JSON has neither),
turning a 422 into a 500. This handler answers the same shape,
``{"detail": [{"loc", "msg", "type", "input", ...}]}``, with every value made
JSON-safe and long inputs and messages elided.
"""

from __future__ import annotations

import json
import math
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

#: Longest echoed ``input`` (as JSON text) and ``msg``, in characters.
MAX_ECHO = 200
MAX_MESSAGE = 500


def json_safe(value: Any) -> Any:
    """``value`` with non-finite floats (and anything JSON cannot hold) as strings."""
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return str(value)


def elided(value: Any) -> Any:
    """``value`` if its JSON text is short, else a sentence saying what was left out."""
    safe = json_safe(value)
    text = json.dumps(safe)
    if len(text) <= MAX_ECHO:
        return safe
    if isinstance(safe, str):
        return f"<a text of {len(safe)} characters, not shown>"
    if isinstance(safe, list):
        return f"<a list of {len(safe)} items, not shown>"
    if isinstance(safe, dict):
        return f"<an object of {len(safe)} fields, not shown>"
    return f"<a value of {len(text)} characters, not shown>"


def short(message: str) -> str:
    """``message`` cut to :data:`MAX_MESSAGE` characters."""
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def error_entry(error: dict[str, Any]) -> dict[str, Any]:
    """One error of a ``RequestValidationError``, JSON-safe and short."""
    out = dict(error)
    if "input" in out:
        out["input"] = elided(out["input"])
    if "msg" in out:
        out["msg"] = short(str(out["msg"]))
    return json_safe(jsonable_encoder(out))


async def validation_error(_: Request, exc: Exception) -> JSONResponse:
    """Answer 422 with the request's validation errors (see the module's docstring)."""
    assert isinstance(exc, RequestValidationError)
    return JSONResponse({"detail": [error_entry(e) for e in exc.errors()]}, status_code=422)


async def bad_input(_: Request, exc: Exception) -> JSONResponse:
    """Answer 422 with an :class:`domain.parse.InputError`'s one line."""
    entry = {"loc": ["body"], "msg": short(str(exc)), "type": "value_error"}
    return JSONResponse({"detail": [entry]}, status_code=422)


async def database_busy(_: Request, exc: Exception) -> JSONResponse:
    """A database that stays locked past its busy timeout: 503 with Retry-After, not a 500.

    Other operational errors (the server gone, a full disk) are re-raised: they
    are the operator's, and the request log records them as 500s.
    """
    if "locked" not in str(exc).lower() and "busy" not in str(exc).lower():
        raise exc
    return JSONResponse(
        {"detail": "the database is busy with other writes; try again in a few seconds"},
        status_code=503,
        headers={"Retry-After": "2"},
    )
