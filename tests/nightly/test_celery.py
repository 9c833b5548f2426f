"""A real Celery worker against the machine's Redis solves a nightly like the local pool.

Uses Redis database 13 (flushed at the start) so nothing else on the server is
touched. Skips when Redis does not answer, unless SCHEDSOLVE_REQUIRE_POSTGRES=1
(CI), where it fails: CI starts Redis.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest

from api.services.nightly import run_nightly
from api.services.runs import SolveParams
from tests.nightly.conftest import ROOT, TODAY, seed_stores, wait_until

BROKER = os.environ.get("SCHEDSOLVE_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
STORES = {"C1": (8, 1, "normal"), "C2": (8, 1, "loose"), "C3": (10, 1, "tight")}
#: One search worker and a fixed seed: the local pool and Celery solve alike.
PARAMS = SolveParams(time_limit=10, workers=1, seed=0)


def _redis_or_skip() -> None:
    import redis

    try:
        client = redis.Redis.from_url(BROKER, socket_connect_timeout=2)
        client.flushdb()  # our own database number: stale tasks and results go
        client.close()
    except Exception as exc:
        message = f"Redis not reachable at {BROKER}: {exc}"
        if os.environ.get("SCHEDSOLVE_REQUIRE_POSTGRES") == "1":
            pytest.fail(
                message + " (SCHEDSOLVE_REQUIRE_POSTGRES=1: CI starts Redis)", pytrace=False
            )
        pytest.skip(message)


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory):
    """``schedsolve worker --concurrency 2`` in a subprocess (one for this module); its log."""
    _redis_or_skip()
    from adapters.celery_app import make_celery

    log = tmp_path_factory.mktemp("celery") / "worker.log"
    with log.open("w") as sink:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from api.cli import app; app()",
                "worker",
                "--concurrency",
                "2",
            ],
            cwd=ROOT,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "SCHEDSOLVE_BROKER_URL": BROKER},
        )
    app = make_celery(BROKER)
    try:
        app.control.purge()
        wait_until(
            lambda: proc.poll() is not None or app.control.ping(timeout=0.5),
            30,
            "the Celery worker to answer",
        )
        assert proc.poll() is None, log.read_text()
        yield proc, log
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # warm shutdown
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_a_celery_worker_solves_the_nightly_like_the_local_pool(worker, tmp_path):
    proc, log = worker
    url = f"sqlite:///{tmp_path / 'celery.db'}"
    factory, dispose = seed_stores(url, STORES)
    local = run_nightly(url, horizon_days=7, today=TODAY, params=PARAMS, parallel=2)
    fanned = run_nightly(
        url, horizon_days=7, today=TODAY, params=PARAMS, broker_url=BROKER, celery_timeout=60
    )
    with factory() as uow:
        runs = {r.id: r for r in uow.runs.list()}
    dispose()
    assert local.mode == "local" and fanned.mode == "celery"
    by_store = {o.store: o for o in local.outcomes}
    for o in fanned.outcomes:
        mine = by_store[o.store]
        assert (o.status, o.objective, o.assigned, o.unscheduled) == (
            mine.status,
            mine.objective,
            mine.assigned,
            mine.unscheduled,
        ), o.store
        assert o.status == "succeeded"
        assert runs[o.run_id].review == "pending" and runs[mine.run_id].review == "superseded"
    assert len(runs) == 6, "each task solved the run it was given; no run of its own"
    wait_until(lambda: log.read_text().count("succeeded in") >= 3, 30, "the worker's log")
    assert log.read_text().count("succeeded in") == 3, log.read_text()


def test_a_lost_worker_process_is_retried_on_the_same_run(worker, tmp_path):
    proc, log = worker
    url = f"sqlite:///{tmp_path / 'lost.db'}"
    factory, dispose = seed_stores(url, {"L1": (20, 2, "tight")})
    from adapters.celery_app import TASK_NAME
    from api.services.nightly import LOCK_PREFIX

    killed: list[int] = []
    log_start = len(log.read_text())

    def kill_first_solver(outcomes) -> None:
        if killed or outcomes[0].status != "running":
            return
        with factory() as uow:
            run = uow.runs.get(outcomes[0].run_id)
        worker_info = run.timings.get("worker")
        if worker_info:
            os.kill(worker_info["pid"], signal.SIGKILL)  # a pool process of the worker
            killed.append(worker_info["pid"])

    started = time.monotonic()
    report = run_nightly(
        url,
        horizon_days=14,
        today=TODAY,
        params=SolveParams(time_limit=2, workers=1, seed=0),
        broker_url=BROKER,
        celery_timeout=60,
        poll=0.1,
        on_update=kill_first_solver,
    )
    with factory() as uow:
        runs = uow.runs.list()
    dispose()
    assert killed, "the solve was seen running"
    assert proc.poll() is None, "the worker itself survives losing a pool process"
    assert [r.status for r in runs] == ["succeeded"], "retried on the same run, not a new one"
    assert report.outcomes[0].status == "succeeded" and runs[0].active_lock is None
    assert not (runs[0].active_lock or "").startswith(LOCK_PREFIX)
    assert time.monotonic() - started < 60
    from api.worker import worker_app

    assert TASK_NAME in worker_app(BROKER).tasks
    text = log.read_text()[log_start:]
    assert "WorkerLostError" in text and text.count("received") == 2, text


def test_with_a_broker_the_services_runs_go_to_the_same_celery_workers_as_the_nightly(
    worker, tmp_path
):
    """Issue 10, defect 15: one runner for the service's runs and the nightly."""
    from fastapi.testclient import TestClient

    from adapters.config import AppSettings
    from adapters.keys import create_key
    from api.http.app import create_app

    proc, log = worker
    url = f"sqlite:///{tmp_path / 'api-celery.db'}"
    factory, dispose = seed_stores(url, {"C1": STORES["C1"]})
    with factory() as uow:
        _, key = create_key(uow.session, "C1", "till")
        uow.commit()
    h = {"X-API-Key": key}
    body = {
        "horizon": {"start": str(TODAY), "end": str(TODAY + dt.timedelta(days=6))},
        "today": str(TODAY),
        "time_limit": 5,
        "workers": 1,
    }
    before = log.read_text().count("succeeded in")
    with TestClient(create_app(AppSettings(database_url=url, broker_url=BROKER))) as client:
        created = client.post("/stores/C1/runs", json=body, headers=h)
        assert created.status_code == 202, created.text
        run_id = created.json()["id"]
        wait_until(
            lambda: (
                client.get(f"/runs/{run_id}", headers=h).json()["status"] != "queued"
                and client.get(f"/runs/{run_id}", headers=h).json()["status"] != "running"
            ),
            60,
            "the Celery worker to solve the service's run",
        )
        run = client.get(f"/runs/{run_id}", headers=h).json()
    dispose()
    assert run["status"] == "succeeded", run
    wait_until(lambda: log.read_text().count("succeeded in") > before, 30, "the worker's log")
