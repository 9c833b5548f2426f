"""The HTTP service: ``create_app(settings) -> FastAPI`` (OpenAPI at ``/docs``).

``uvicorn api.http.app:app`` serves an app made from the environment's settings
(``SCHEDSOLVE_*``, :class:`adapters.config.AppSettings`); the module creates
it on first access only, so importing :func:`create_app` has no side effect.
``schedsolve serve`` builds one from its options instead.

Every route needs an ``X-API-Key`` except ``/health`` and ``/health/ready``.
On start-up, runs that a service process which is gone left ``queued`` or
``running`` become ``interrupted``; on shutdown the worker processes still
solving are stopped (their runs ``interrupted`` too).
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError

from adapters.config import AppSettings
from adapters.db import make_engine, session_factory
from adapters.repository import NotFound
from adapters.uow import SqlUnitOfWork
from adapters.webhook_sender import Sender
from api.http import (
    errors,
    routes_explain,
    routes_misc,
    routes_publish,
    routes_reports,
    routes_runs,
    ui,
)
from api.http.deps import require_api_key
from api.http.limits import BodyLimitMiddleware
from api.http.request_log import RequestLogMiddleware
from api.http.schemas import ErrorOut
from api.services.control import interrupt_orphans
from api.services.runner import TooBusy, make_runner
from domain.parse import InputError

log = logging.getLogger("schedsolve.api")

DESCRIPTION = """Solve-and-review scheduling runs of a store's event team.

Send an API key (`schedsolve keys create --store S`) in the `X-API-Key` header.
A key sees one store (or all, an admin key); other stores' data answers 404.
"""


#: Answers every keyed route may give besides its own.
KEYED_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "The body cannot be read as JSON."},
    401: {"model": ErrorOut, "description": "No X-API-Key, or an unknown or revoked one."},
    413: {"model": ErrorOut, "description": "The request body is over the size limit."},
}


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    factory = app.state.session_factory
    try:
        orphans = interrupt_orphans(lambda: SqlUnitOfWork(factory))
        if orphans:
            log.warning("runs %s were left active by a stopped process: now interrupted", orphans)
    except Exception as exc:  # a database not migrated yet must not stop the server
        log.warning("could not look for interrupted runs: %s", exc)
    try:
        app.state.solves.warm_up()  # the first run must not wait for the fork server
    except Exception as exc:  # solves still work: the server then starts on first use
        log.warning("could not start the solver fork server: %s", exc)
    stop = threading.Event()
    if app.state.settings.webhook_sender:
        sender = Sender(lambda: SqlUnitOfWork(factory))
        threading.Thread(target=sender.run, args=(stop,), name="webhooks", daemon=True).start()
    try:
        yield
    finally:
        stop.set()
        app.state.solves.shutdown()
        app.state.engine.dispose()


def _whatif_router() -> Any | None:
    """The what-if / candidates router, if that module is installed."""
    if importlib.util.find_spec("api.http.routes_whatif") is None:
        return None
    from api.http import routes_whatif

    return routes_whatif.router


async def _not_found(_: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=404)


async def _too_busy(_: Request, exc: Exception) -> JSONResponse:
    retry = getattr(exc, "retry_after", 1)
    return JSONResponse({"detail": str(exc)}, status_code=429, headers={"Retry-After": str(retry)})


def create_app(settings: AppSettings | None = None) -> FastAPI:
    """A new app on ``settings`` (default: from the environment).

    The database engine is made here (no connection until a request needs
    one); the database must be migrated (``schedsolve db upgrade``).
    """
    settings = settings or AppSettings()
    app = FastAPI(
        title="schedsolve",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # /docs with local assets: api.http.ui.install
        redoc_url=None,  # ReDoc loads its script and fonts from a CDN
    )
    engine = make_engine(settings.database_url)
    factory = session_factory(engine)
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = factory
    app.state.solves = make_runner(
        settings.database_url,
        lambda: SqlUnitOfWork(factory),
        broker_url=settings.broker_url,
        limit=settings.max_concurrent_solves,
        retry_after=settings.retry_after,
    )
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(RequestLogMiddleware)  # outermost: sees every answer, 413s too
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(InputError, errors.bad_input)
    app.add_exception_handler(RequestValidationError, errors.validation_error)
    app.add_exception_handler(OperationalError, errors.database_busy)  # SQLite past its timeout
    app.add_exception_handler(TooBusy, _too_busy)  # every solve route answers 429 the same way
    app.include_router(routes_misc.health_router)
    app.include_router(routes_publish.router)  # its token is the credential
    keyed: dict[str, Any] = {
        "dependencies": [Depends(require_api_key)],
        "responses": KEYED_RESPONSES,
    }
    app.include_router(routes_runs.router, **keyed)
    app.include_router(routes_misc.router, **keyed)
    app.include_router(routes_reports.router, **keyed)
    app.include_router(routes_explain.router, **keyed)
    whatif = _whatif_router()
    if whatif is not None:
        app.include_router(whatif, **keyed)
    from api.http import routes_callouts

    app.include_router(routes_callouts.router, **keyed)
    ui.install(app)  # the browser UI under /ui, and /docs
    return app


_default: list[FastAPI] = []


def __getattr__(name: str) -> FastAPI:
    """``api.http.app.app``: the app of the environment's settings, made on first access."""
    if name == "app":
        if not _default:
            _default.append(create_app())
        return _default[0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["create_app", "lifespan"]
