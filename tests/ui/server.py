"""A real schedsolve server for browser tests and screenshots: uvicorn in a child process
on a free port, on a fresh SQLite database holding one generated store and its key."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from adapters.db import make_engine, session_factory, upgrade
from adapters.keys import create_key
from adapters.uow import SqlUnitOfWork
from domain.generator import generate
from domain.models import Problem

CHROMIUM = "/usr/bin/chromium"
EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "examples"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    key: str
    problem: Problem
    database_url: str
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def seed(
    database_url: str, employees: int = 8, weeks: int = 1, seed: int = 3, tightness: str = "normal"
) -> tuple:
    """Migrate the database, import a generated store; its problem and a store key."""
    engine = make_engine(database_url)
    try:
        upgrade(engine)
        factory = session_factory(engine)
        problem = generate(employees, weeks, seed=seed, tightness=tightness)
        with SqlUnitOfWork(factory) as uow:
            uow.stores.save_problem(problem)
            uow.commit()
        with factory() as session:
            _, key = create_key(session, problem.store, "browser")
            session.commit()
    finally:
        engine.dispose()
    return problem, key


def example_run(server: Server, name: str = "tight-week") -> tuple[str, int]:
    """Import an example store into the server's database and solve it into a pending run.

    Returns a key of that store and the run's id (tight-week leaves events out for
    capacity: its review links "Why? What would it take?").
    """
    from api.services.runs import SolveParams, solve_and_store
    from domain.parse import parse_problem

    problem = parse_problem((EXAMPLES / f"{name}.json").read_text())
    engine = make_engine(server.database_url)
    try:
        factory = session_factory(engine)
        with SqlUnitOfWork(factory) as uow:
            uow.stores.save_problem(problem)
            uow.commit()
        h = problem.horizon
        run, _ = solve_and_store(
            lambda: SqlUnitOfWork(factory),
            problem.store,
            h.start,
            h.end,
            problem.today,
            params=SolveParams(5, 2),
        )
        with factory() as session:
            _, key = create_key(session, problem.store, name)
            session.commit()
    finally:
        engine.dispose()
    return key, run.id


def start_server(folder: Path, **seed_args) -> Server:
    """Seed ``folder``/ui.db and serve it; waits until ``/health`` answers."""
    database_url = f"sqlite:///{folder / 'ui.db'}"
    problem, key = seed(database_url, **seed_args)
    port = free_port()
    env = {**os.environ, "SCHEDSOLVE_DATABASE_URL": database_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "api.http.app:app", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(folder / "server.log", "wb"),  # noqa: SIM115 - the child owns it
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if requests.get(f"{url}/health", timeout=1).ok:
                break
        except requests.RequestException:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError((folder / "server.log").read_text()[-2000:])
        time.sleep(0.2)
    return Server(url, key, problem, database_url, process)


def wait_for_chromium(timeout: float = 600) -> bool:
    """Whether /usr/bin/chromium is there (waits while apt may still be installing it)."""
    deadline = time.monotonic() + timeout
    while not Path(CHROMIUM).exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(2)
    return True
