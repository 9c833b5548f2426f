"""Issue 10, defect 1: ``kill -9`` of ``schedsolve serve`` while a run is ``running``
left its solver alive (re-parented to init), which wrote ``succeeded`` about 15 s
later over the ``interrupted`` of the restarted service. A real service process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from adapters.db import make_engine, session_factory
from adapters.keys import create_key
from adapters.uow import SqlUnitOfWork

SCHEDSOLVE = str(Path(sys.executable).with_name("schedsolve"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(url: str, port: int, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [SCHEDSOLVE, "serve", "--port", str(port), "--db", url, "--no-sender"],
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


def _until(what, timeout: float, why: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            got = what()
        except requests.ConnectionError:
            got = None
        if got:
            return got
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {why}")


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return True
    return state in ("Z", "X")  # a zombie nobody reaps has stopped running all the same


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_an_interrupted_run_never_comes_back_as_succeeded_after_kill_9_of_serve(
    migrated_url, big_store, tmp_path
):
    big = big_store
    engine = make_engine(migrated_url)
    factory = session_factory(engine)
    with factory() as session:
        _, key = create_key(session, None, "admin")
        session.commit()
    h = {"X-API-Key": key}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    serve = _serve(migrated_url, port, tmp_path / "serve.log")
    try:
        _until(lambda: requests.get(f"{base}/health", timeout=1).ok, 60, "the service")
        body = {
            "horizon": {"start": str(big.horizon.start), "end": str(big.horizon.end)},
            "today": str(big.today),
            "time_limit": 20,
            "workers": 1,
        }
        created = requests.post(f"{base}/stores/{big.store}/runs", json=body, headers=h, timeout=10)
        assert created.status_code == 202, created.text
        run_id = created.json()["id"]

        def solver_pid():
            with SqlUnitOfWork(factory) as uow:
                run = uow.runs.get(run_id)
            worker = (run.timings or {}).get("worker") or {}
            return run.status == "running" and worker.get("pid")

        pid = _until(solver_pid, 30, "the run to be solving")
        os.kill(serve.pid, signal.SIGKILL)
        serve.wait(10)
        _until(lambda: _gone(pid), 5, f"solver process {pid} to die with the service")
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait(10)

    restarted = _serve(migrated_url, port, tmp_path / "serve2.log")
    try:
        _until(lambda: requests.get(f"{base}/health", timeout=1).ok, 60, "the restarted service")
        run = requests.get(f"{base}/runs/{run_id}", headers=h, timeout=10).json()
        assert run["status"] == "interrupted", run
        time.sleep(3)  # what a surviving solver would have had to write its result in
        again = requests.get(f"{base}/runs/{run_id}", headers=h, timeout=10).json()
        assert again["status"] == "interrupted" and again["error"] == run["error"]
        proposal = requests.get(f"{base}/runs/{run_id}/proposal", headers=h, timeout=10)
        assert proposal.status_code == 409
    finally:
        restarted.terminate()
        restarted.wait(10)
        engine.dispose()
