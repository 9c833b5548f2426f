"""Fixtures of the HTTP service tests: an app in-process on a migrated database.

``make_client(**settings)`` builds an app (``create_app``) on ``migrated_url``
with the given setting overrides and enters its lifespan; worker processes are
real. ``keys`` holds an admin key and a key of the imported store;
``big_store`` is a store whose solve takes long enough to cancel mid-way.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from adapters.config import AppSettings
from adapters.db import make_engine, session_factory
from adapters.keys import create_key
from adapters.uow import SqlUnitOfWork
from api.http.app import create_app
from domain.generator import generate
from domain.models import Problem
from domain.parse import parse_problem
from tests.paths import EXAMPLES


def example(name: str) -> Problem:
    return parse_problem((EXAMPLES / f"{name}.json").read_text())


def example_json(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


@dataclass
class Keys:
    admin: str
    store: str
    other: str

    def of(self, which: str = "admin") -> dict[str, str]:
        return {"X-API-Key": getattr(self, which)}


def save(url: str, *problems: Problem) -> None:
    engine = make_engine(url)
    try:
        factory = session_factory(engine)
        for problem in problems:
            with SqlUnitOfWork(factory) as uow:
                uow.stores.save_problem(problem)
                uow.commit()
    finally:
        engine.dispose()


@pytest.fixture
def small_store(migrated_url: str) -> Problem:
    """``small-week`` (store 5979) and ``tight-week`` (store 7852) imported."""
    problem = example("small-week")
    save(migrated_url, problem, example("tight-week"))
    return problem


@pytest.fixture
def big_store(migrated_url: str) -> Problem:
    """A generated 60-employee, 4-week tight store, imported: a solve long enough to
    cancel or kill mid-way."""
    problem = generate(60, 4, seed=11, tightness="tight")
    save(migrated_url, problem)
    return problem


def run_body(problem: Problem, **extra) -> dict:
    """A ``POST /stores/{store}/runs`` body over the problem's horizon (3 s, 1 worker)."""
    return {
        "horizon": {
            "start": problem.horizon.start.isoformat(),
            "end": problem.horizon.end.isoformat(),
        },
        "today": problem.today.isoformat(),
        "time_limit": 3,
        "workers": 1,
        **extra,
    }


@pytest.fixture
def keys(migrated_url: str, small_store: Problem) -> Keys:
    engine = make_engine(migrated_url)
    try:
        with session_factory(engine)() as session:
            _, admin = create_key(session, None, "admin")
            _, store = create_key(session, small_store.store, "store")
            _, other = create_key(session, "7852", "other store")
            session.commit()
    finally:
        engine.dispose()
    return Keys(admin=admin, store=store, other=other)


@pytest.fixture
def make_client(migrated_url: str) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(**overrides) -> TestClient:
        settings = AppSettings(database_url=migrated_url, **overrides)
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


def wait_for(
    client: TestClient,
    run_id: int,
    headers: dict,
    done: Callable[[dict], bool],
    timeout: float = 60.0,
    every: float = 0.05,
) -> dict:
    """Poll ``GET /runs/{id}`` until ``done(body)``; the last body."""
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/runs/{run_id}", headers=headers).json()
        if done(body) or time.monotonic() > deadline:
            return body
        time.sleep(every)


def finished(body: dict) -> bool:
    return body["status"] not in ("queued", "running")
