"""The nightly batch on one machine: horizons, supersede, failures, skips, repair."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import update
from typer.testing import CliRunner

from adapters.locks import LockSession, advisory_key
from adapters.orm import StoreRow
from api.cli import app
from api.services.nightly import (
    execute_nightly_run,
    horizon_for,
    mark_interrupted,
    run_nightly,
)
from api.services.runs import SolveParams
from domain.runs import Run, StoreInfo
from tests.nightly.conftest import START, TODAY, seed_stores

FAST = SolveParams(time_limit=5, workers=1, seed=0)
SMALL = {"N1": (8, 1, "normal"), "N2": (8, 1, "loose")}


def test_the_horizon_starts_after_the_stores_buffer():
    day = dt.date(2026, 2, 26)
    assert horizon_for(StoreInfo("S"), day, 14) == (dt.date(2026, 3, 1), dt.date(2026, 3, 14))
    assert horizon_for(StoreInfo("S", settings={"buffer_days": 1}), day, 7) == (
        dt.date(2026, 2, 27),
        dt.date(2026, 3, 5),
    )


def test_lock_keys_are_stable_and_distinct():
    assert advisory_key("claim", "8135") == advisory_key("claim", "8135")
    assert advisory_key("claim", "8135") != advisory_key("solve", "8135")
    assert -(2**63) <= advisory_key("solve", "x") < 2**63


def test_nightly_solves_each_store_and_a_rerun_supersedes(db_url):
    factory, dispose = seed_stores(db_url, SMALL)
    first = run_nightly(db_url, horizon_days=7, today=TODAY, params=FAST, parallel=2)
    assert [o.status for o in first.outcomes] == ["succeeded", "succeeded"]
    assert first.exit_code == 0
    second = run_nightly(db_url, stores=["N1"], horizon_days=7, today=TODAY, params=FAST)
    with factory() as uow:
        runs = {r.id: r for r in uow.runs.list()}
        lines = uow.pending.list_by_run(second.outcomes[0].run_id)
    dispose()
    assert len(runs) == 3 and all(r.kind == "nightly" for r in runs.values())
    old, new = runs[first.outcomes[0].run_id], runs[second.outcomes[0].run_id]
    assert (new.horizon_start, new.horizon_end) == (START, START + dt.timedelta(days=6))
    assert new.status == "succeeded" and new.review == "pending" and lines
    assert old.review == "superseded", "re-running the same night supersedes"
    assert runs[first.outcomes[1].run_id].review == "pending", "other stores untouched"
    assert all(r.active_lock is None for r in runs.values())
    assert new.objective == old.objective and first.outcomes[0].assigned == new.counts["assigned"]


def test_a_failing_store_is_recorded_and_the_others_go_on(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    factory, dispose = seed_stores(url, SMALL)
    with factory() as uow:  # data the solver cannot load: a negative weekly maximum
        uow.session.execute(
            update(StoreRow).where(StoreRow.id == "N2").values(settings={"max_core_per_week": -1})
        )
        uow.commit()
    result = CliRunner().invoke(
        app,
        [
            "nightly",
            "--db",
            url,
            "--today",
            TODAY.isoformat(),
            "--horizon-days",
            "7",
            "--time-limit",
            "5",
            "--workers",
            "1",
            "--local",
        ],
    )
    with factory() as uow:
        runs = {r.store: r for r in uow.runs.list()}
    dispose()
    assert result.exit_code == 1, result.output
    assert runs["N1"].status == "succeeded"
    assert runs["N2"].status == "failed" and "max_core_per_week" in runs["N2"].error
    assert runs["N2"].active_lock is None
    assert "1 succeeded, 1 failed, 0 skipped" in result.output


def test_a_store_another_nightly_holds_is_skipped_not_failed(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    factory, dispose = seed_stores(url, SMALL)
    with LockSession(url) as other:
        assert other.try_lock("claim", "N1")
        report = run_nightly(url, horizon_days=7, today=TODAY, params=FAST)
    with factory() as uow:
        stores = [r.store for r in uow.runs.list()]
    dispose()
    assert [o.status for o in report.outcomes] == ["skipped", "succeeded"]
    assert report.exit_code == 0 and stores == ["N2"], "a skipped store gets no run"


def _stale_run(factory, store: str, status: str = "running") -> int:
    with factory() as uow:
        run = uow.runs.add(
            Run(
                store=store,
                kind="nightly",
                today=TODAY,
                horizon_start=START,
                horizon_end=START + dt.timedelta(days=6),
                status=status,
                params={"time_limit": 1.0, "workers": 1, "seed": 0, "weights": {}},
                timings={"worker": {"pid": 999999, "host": "gone"}},
                active_lock=f"nightly:{store}",
            )
        )
        uow.commit()
    return run.id


def test_runs_whose_processes_are_gone_become_interrupted(db_url):
    factory, dispose = seed_stores(db_url, SMALL)
    dead = _stale_run(factory, "N1")
    alive = _stale_run(factory, "N2", status="queued")
    with LockSession(db_url) as solver:
        assert solver.try_lock("solve", "N2")  # N2's run is still being solved
        assert mark_interrupted(factory) == [dead]
    with factory() as uow:
        d, a = uow.runs.get(dead), uow.runs.get(alive)
    dispose()
    assert d.status == "interrupted" and d.active_lock is None and d.finished_at is not None
    assert "pid 999999 on gone" in d.error
    assert a.status == "queued" and a.active_lock == "nightly:N2"


def test_the_next_nightly_repairs_a_stale_run_and_solves_the_store(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    factory, dispose = seed_stores(url, SMALL)
    stale = _stale_run(factory, "N1")
    report = run_nightly(url, stores=["N1"], horizon_days=7, today=TODAY, params=FAST)
    with factory() as uow:
        old = uow.runs.get(stale)
    dispose()
    assert report.interrupted == [stale] and old.status == "interrupted"
    assert report.outcomes[0].status == "succeeded"


def test_executing_a_finished_run_again_is_a_no_op(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    factory, dispose = seed_stores(url, {"N1": (8, 1, "normal")})
    report = run_nightly(url, horizon_days=7, today=TODAY, params=FAST, parallel=1)
    run_id = report.outcomes[0].run_id
    with factory() as uow:
        before = uow.runs.get(run_id)
    assert execute_nightly_run(url, run_id) == "succeeded"
    assert execute_nightly_run(url, 424242) == "missing"
    with factory() as uow:
        after = uow.runs.get(run_id)
        runs = uow.runs.list()
    dispose()
    assert after == before and len(runs) == 1


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    seed_stores(url, {"N1": (8, 1, "normal")})[1]()
    runner = CliRunner()
    unknown = runner.invoke(app, ["nightly", "--db", url, "--stores", "N1,NOPE", "--local"])
    memory = runner.invoke(app, ["nightly", "--db", "sqlite://", "--local"])
    assert unknown.exit_code == 2 and "store NOPE not found" in unknown.output
    assert memory.exit_code == 2 and "in-memory" in memory.output
    worker = runner.invoke(app, ["worker", "--broker", "redis://127.0.0.1:1/0"])
    assert worker.exit_code == 2 and "does not answer" in worker.output


def test_the_unique_active_lock_keeps_a_second_active_run_out(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    factory, dispose = seed_stores(url, {"N1": (8, 1, "normal")})
    with factory() as uow:  # an active run holding the store's nightly row, not a nightly itself
        uow.runs.add(
            Run(
                store="N1",
                kind="manual",
                today=TODAY,
                horizon_start=START,
                horizon_end=START,
                status="running",
                active_lock="nightly:N1",
            )
        )
        uow.commit()
    report = run_nightly(url, horizon_days=7, today=TODAY, params=FAST)
    with factory() as uow:
        runs = uow.runs.list()
    dispose()
    assert report.outcomes[0].status == "skipped" and report.exit_code == 0
    assert "another active nightly run" in report.outcomes[0].note
    assert len(runs) == 1
