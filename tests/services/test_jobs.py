"""Stored runs executed in another process, and stopped from outside."""

from __future__ import annotations

import multiprocessing as mp
import time

from adapters.db import upgrade
from api.services.jobs import run_job, uow_factory_for
from api.services.runs import SolveParams, create_run
from domain.generator import generate


def _store(url: str, employees: int, weeks: int):
    upgrade(url)
    factory, dispose = uow_factory_for(url)
    problem = generate(employees, weeks, seed=11, tightness="tight")
    with factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    return factory, dispose, problem


def _always(_factory, _run_id) -> bool:
    return True


def test_a_run_executed_in_a_child_process_is_stored_as_succeeded(db_url):
    factory, dispose, p = _store(db_url, 8, 1)
    run = create_run(
        factory,
        p.store,
        p.horizon.start,
        p.horizon.end,
        p.today,
        params=SolveParams(time_limit=5, workers=1),
    )
    child = mp.get_context("spawn").Process(target=run_job, args=(db_url, run.id))
    child.start()
    child.join(60)
    with factory() as uow:
        done = uow.runs.get(run.id)
        lines = uow.pending.list_by_run(run.id)
    dispose()
    assert child.exitcode == 0
    assert done.status == "succeeded" and lines


def test_a_cancel_request_stops_the_search_and_keeps_the_best_proposal(db_url):
    factory, dispose, p = _store(db_url, 60, 4)
    run = create_run(
        factory,
        p.store,
        p.horizon.start,
        p.horizon.end,
        p.today,
        params=SolveParams(time_limit=120, workers=2),
    )
    started = time.monotonic()
    status = run_job(db_url, run.id, _always)
    elapsed = time.monotonic() - started
    with factory() as uow:
        lines = uow.pending.list_by_run(run.id)
    dispose()
    assert status == "cancelled"
    assert lines, "the best proposal so far is stored"
    assert elapsed < 60, "a cancel does not wait for the time limit"
