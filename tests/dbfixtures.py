"""Database fixtures, as a pytest plugin (registered in ``tests/conftest.py``).

``db_url``
    URL of a fresh, empty database, parametrized ``[sqlite]`` (a file in
    ``tmp_path``) and ``[postgresql]`` (a database ``schedsolve_test_<hex>``
    created on ``postgresql+psycopg://postgres@127.0.0.1:5432/postgres`` and
    dropped afterwards). Without a PostgreSQL server the ``[postgresql]`` cases
    skip with a message, or fail when ``SCHEDSOLVE_REQUIRE_POSTGRES=1``.
``migrated_url``
    ``db_url`` migrated to the head revision.
``engine``
    An engine (:func:`adapters.db.make_engine`) on ``migrated_url``.
``uow_factory``
    ``uow_factory() -> SqlUnitOfWork`` on ``engine``; each call a new unit of work.
``any_uow_factory``
    Like ``uow_factory`` but parametrized ``[fake]`` (one shared
    ``FakeUnitOfWork`` state), ``[sqlite]``, ``[postgresql]``: for tests that
    must hold for the in-memory fakes and both databases alike.

Override the server with ``SCHEDSOLVE_TEST_POSTGRES_URL``.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from adapters.db import make_engine, session_factory, upgrade
from adapters.uow import AbstractUnitOfWork, SqlUnitOfWork
from tests.fakes import FakeState, FakeUnitOfWork

POSTGRES_URL = os.environ.get(
    "SCHEDSOLVE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ["sqlite", "postgresql"]

_server_error: list[str] = []


def _postgres_admin() -> Engine:
    """An AUTOCOMMIT engine on the server's maintenance database; skip/fail if none answers."""
    if _server_error:
        _unreachable(_server_error[0])
    engine = create_engine(
        POSTGRES_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # any failure means "no server"
        engine.dispose()
        first = str(getattr(exc, "orig", exc)).strip().splitlines()
        _server_error.append(first[0] if first else type(exc).__name__)
        _unreachable(_server_error[0])
    return engine


def _unreachable(reason: str) -> None:
    where = make_url(POSTGRES_URL).render_as_string(hide_password=True)
    message = f"PostgreSQL not reachable at {where}: {reason}"
    if os.environ.get("SCHEDSOLVE_REQUIRE_POSTGRES") == "1":
        pytest.fail(message + " (SCHEDSOLVE_REQUIRE_POSTGRES=1)", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped at teardown."""
    admin = _postgres_admin()
    name = f"schedsolve_test_{secrets.token_hex(6)}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _fresh_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'schedsolve-test.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """A fresh, empty database on each backend."""
    return _fresh_url(request.param, request, tmp_path)


@pytest.fixture
def migrated_url(db_url: str) -> str:
    upgrade(db_url)
    return db_url


@pytest.fixture
def engine(migrated_url: str) -> Iterator[Engine]:
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture
def uow_factory(engine: Engine) -> Callable[[], SqlUnitOfWork]:
    factory = session_factory(engine)
    return lambda: SqlUnitOfWork(factory)


@pytest.fixture(params=["fake", *BACKENDS])
def any_uow_factory(
    request: pytest.FixtureRequest, tmp_path
) -> Iterator[Callable[[], AbstractUnitOfWork]]:
    if request.param == "fake":
        state = FakeState()
        yield lambda: FakeUnitOfWork(state)
        return
    url = _fresh_url(request.param, request, tmp_path)
    upgrade(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    yield lambda: SqlUnitOfWork(factory)
    engine.dispose()
