"""FastAPI dependencies of the service, in one place (import these in routes).

Every name is an ``Annotated`` type to put on a route parameter::

    @router.get("/stores/{store}/things")
    def things(store: StoreAccess, uow: UowDep, settings: SettingsDep) -> ...:
        with uow() as u:
            ...

``SettingsDep``
    The app's :class:`adapters.config.AppSettings` (``app.state.settings``).
``SessionDep``
    A SQLAlchemy ``Session`` on the app's engine, closed after the request
    (the route commits what it writes).
``UowDep``
    A callable unit-of-work factory: ``uow()`` is a new
    :class:`adapters.uow.SqlUnitOfWork` on the app's engine (what the service
    functions of :mod:`api.services` take as ``uow_factory``).
``ApiKeyDep``
    The caller's :class:`adapters.keys.ApiKey` from the ``X-API-Key`` header;
    no key, an unknown or a revoked one: 401. Every router except health is
    included with ``dependencies=[Depends(require_api_key)]``.
``StoreAccess``
    The ``{store}`` path parameter (``str``), after checking that the key may
    see that store and that the store exists: otherwise 404 (a key never
    learns whether another store exists).
``RunAccess``
    The ``{run_id}`` path parameter as a :class:`domain.runs.Run`, 404 if there
    is no such run or it belongs to a store the key may not see.
``RunId``
    ``Annotated[int, Path(ge=1, le=2**31 - 1)]``: a ``{run_id}`` path parameter.
``SolvesDep``
    The app's runner (:mod:`api.services.runner`: local processes, or Celery
    when a broker is configured): ``solves.start(run_id)`` has a stored
    ``queued`` run solved (raises :class:`api.services.runner.TooBusy` -> answer
    429 when all slots are taken; ``solves.reserve()`` takes a slot before the
    run row exists).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request, Security, status
from fastapi.security import APIKeyHeader
from sqlalchemy.orm import Session

from adapters.config import AppSettings
from adapters.keys import ApiKey, find_key
from adapters.uow import SqlUnitOfWork
from api.services.runner import Runner
from domain.runs import Run

__all__ = [
    "SettingsDep",
    "SessionDep",
    "UowDep",
    "ApiKeyDep",
    "StoreAccess",
    "RunAccess",
    "SolvesDep",
    "RunId",
    "require_api_key",
    "not_found",
]

api_key_header = APIKeyHeader(
    name="X-API-Key", auto_error=False, description="An API key made by `schedsolve keys create`."
)


def get_settings(request: Request) -> AppSettings:
    return request.app.state.settings


SettingsDep = Annotated[AppSettings, Depends(get_settings)]


def get_session(request: Request) -> Iterator[Session]:
    session = request.app.state.session_factory()
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


def get_uow_factory(request: Request) -> Callable[[], SqlUnitOfWork]:
    factory = request.app.state.session_factory
    return lambda: SqlUnitOfWork(factory)


UowDep = Annotated[Callable[[], SqlUnitOfWork], Depends(get_uow_factory)]


def get_solves(request: Request) -> Runner:
    return request.app.state.solves


SolvesDep = Annotated[Runner, Depends(get_solves)]


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "ApiKey"}
    )


def not_found(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=detail)


def require_api_key(
    session: SessionDep, key: Annotated[str | None, Security(api_key_header)] = None
) -> ApiKey:
    """The caller's key; 401 when it is missing, unknown or revoked."""
    if not key:
        raise unauthorized("missing X-API-Key header")
    found = find_key(session, key)
    session.rollback()  # end the read transaction; the session stays usable
    if found is None or found.revoked:
        raise unauthorized("unknown or revoked API key")
    return found


ApiKeyDep = Annotated[ApiKey, Depends(require_api_key)]


def store_access(store: str, key: ApiKeyDep, uow: UowDep) -> str:
    """``store`` if the key may see it and it exists, else 404."""
    if not key.may_see(store):
        raise not_found(f"store {store} not found")
    with uow() as u:
        if u.stores.get(store) is None:
            raise not_found(f"store {store} not found")
    return store


StoreAccess = Annotated[str, Depends(store_access)]


#: A database id: a positive 32-bit integer.
RunId = Annotated[int, Path(ge=1, le=2**31 - 1, description="A run's id.")]


def run_access(run_id: RunId, key: ApiKeyDep, uow: UowDep) -> Run:
    """Run ``run_id`` if it exists and the key may see its store, else 404."""
    with uow() as u:
        run = u.runs.get(run_id)
    if run is None or not key.may_see(run.store):
        raise not_found(f"run {run_id} not found")
    return run


RunAccess = Annotated[Run, Depends(run_access)]
