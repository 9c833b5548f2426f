"""Helpers of the nightly tests: generated stores in a database, a nightly in a subprocess."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from adapters.db import upgrade
from api.services.jobs import uow_factory_for
from domain.generator import generate

ROOT = Path(__file__).resolve().parents[2]
#: Generated stores start on this Sunday; their ``today`` is three days before.
START = dt.date(2026, 3, 1)
TODAY = START - dt.timedelta(days=3)


def seed_stores(url: str, stores: dict[str, tuple[int, int, str]], seed: int = 3):
    """Import generated stores ``{id: (employees, weeks, tightness)}``; a factory and dispose."""
    upgrade(url)
    factory, dispose = uow_factory_for(url)
    with factory() as uow:
        for i, (store, (employees, weeks, tightness)) in enumerate(stores.items()):
            uow.stores.save_problem(
                generate(
                    employees, weeks, seed=seed + i, tightness=tightness, start=START, store=store
                )
            )
        uow.commit()
    return factory, dispose


def nightly_args(url: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from api.cli import app; app()",
        "nightly",
        "--db",
        url,
        "--today",
        TODAY.isoformat(),
        *extra,
    ]


def start_nightly(url: str, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``schedsolve nightly`` in a subprocess of its own process group."""
    return subprocess.Popen(
        nightly_args(url, *extra),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
    )


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")
