"""Acceptance on PostgreSQL: two nightlies at once, a killed solve, a re-run that supersedes."""

from __future__ import annotations

import os
import signal
from collections import Counter

from api.services.nightly import mark_interrupted
from tests.nightly.conftest import seed_stores, start_nightly, wait_until

#: Stores whose solve runs to its time limit (not proven optimal within seconds).
BUSY = {"P1": (20, 2, "tight"), "P2": (20, 2, "tight"), "P3": (20, 2, "tight")}


def _finish(proc, timeout: float = 60) -> tuple[int, str]:
    try:
        out, _ = proc.communicate(timeout=timeout)
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return proc.returncode, out


def test_two_nightlies_started_at_once_solve_each_store_once(postgres_url):
    factory, dispose = seed_stores(postgres_url, BUSY)
    args = (
        "--horizon-days",
        "14",
        "--time-limit",
        "2",
        "--workers",
        "1",
        "--parallel",
        "3",
        "--local",
    )
    procs = [start_nightly(postgres_url, *args) for _ in range(2)]
    results = [_finish(p) for p in procs]
    with factory() as uow:
        runs = uow.runs.list()
    dispose()
    per_store = Counter(r.store for r in runs if r.status == "succeeded" and r.kind == "nightly")
    assert per_store == {"P1": 1, "P2": 1, "P3": 1}, [(r.store, r.status) for r in runs]
    assert len(runs) == 3, "the process that found the stores taken wrote no run"
    codes = sorted(code for code, _ in results)
    assert codes == [0, 0], results
    outputs = sorted((out for _, out in results), key=lambda o: "3 skipped" in o)
    assert "3 succeeded, 0 failed, 0 skipped" in outputs[0], outputs[0]
    assert "0 succeeded, 0 failed, 3 skipped" in outputs[1], outputs[1]


def _run_of(factory, store: str, after: int):
    with factory() as uow:
        runs = [r for r in uow.runs.list(store=store) if r.id > after]
    return runs[-1] if runs else None


def _solving(factory, store: str, after: int):
    run = _run_of(factory, store, after)
    if run is not None and run.status == "running" and "worker" in run.timings:
        return run
    return None


def _start_long(url: str, factory, after: int):
    """A nightly with a long time limit, and its run once the solving process has it."""
    long = start_nightly(
        url, "--horizon-days", "14", "--time-limit", "120", "--workers", "1", "--local"
    )
    try:
        run = wait_until(lambda: _solving(factory, "P1", after), 30, "the solve to start")
    except BaseException:
        os.killpg(long.pid, signal.SIGKILL)
        raise
    return long, run


def test_a_killed_solve_is_interrupted_and_a_rerun_supersedes(postgres_url):
    factory, dispose = seed_stores(postgres_url, {"P1": BUSY["P1"]})
    quick = ("--horizon-days", "14", "--time-limit", "1", "--workers", "1", "--local")
    code, out = _finish(start_nightly(postgres_url, *quick))
    assert code == 0, out
    first = _run_of(factory, "P1", 0)
    long, run = _start_long(postgres_url, factory, first.id)
    os.kill(run.timings["worker"]["pid"], signal.SIGKILL)  # the solving process only
    code, out = _finish(long)
    assert code == 1 and "1 failed" in out, out
    killed = _run_of(factory, "P1", first.id)
    assert killed.status == "interrupted", killed
    assert killed.active_lock is None and "signal 9" in killed.error
    code, out = _finish(start_nightly(postgres_url, *quick))
    assert code == 0, out
    with factory() as uow:
        runs = {r.id: r for r in uow.runs.list(store="P1")}
        rerun = max(runs)
        pending = [i for i, r in runs.items() if r.review == "pending" and r.status == "succeeded"]
    dispose()
    assert runs[rerun].status == "succeeded"
    assert runs[first.id].review == "superseded"
    assert runs[killed.id].status == "interrupted"
    assert pending == [rerun], "one pending nightly per store and horizon"


def test_a_nightly_killed_whole_is_repaired_by_mark_interrupted(postgres_url):
    factory, dispose = seed_stores(postgres_url, {"P1": BUSY["P1"]})
    long, run = _start_long(postgres_url, factory, 0)
    solver_pid = run.timings["worker"]["pid"]
    os.killpg(long.pid, signal.SIGKILL)  # coordinator and solver: nobody left to record it
    _finish(long)
    wait_until(lambda: not os.path.exists(f"/proc/{solver_pid}"), 10, "the solver to die")
    assert _run_of(factory, "P1", 0).status == "running"
    # PostgreSQL ends the dead processes' sessions (and their locks) within moments.
    assert wait_until(lambda: mark_interrupted(factory), 10, "the repair") == [run.id]
    killed = _run_of(factory, "P1", 0)
    dispose()
    assert killed.status == "interrupted" and killed.active_lock is None
    assert f"pid {solver_pid}" in killed.error
