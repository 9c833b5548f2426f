"""A run's final write is a compare-and-set on its status (issue 10, defect 1)."""

from __future__ import annotations

import pytest

import api.services.runs as runs_service
from api.services.review import ReviewError, approve
from api.services.runs import SolveParams, create_run, execute_run
from domain.generator import generate

PARAMS = SolveParams(time_limit=5, workers=1, seed=0)


@pytest.fixture
def queued_run(any_uow_factory):
    problem = generate(6, 1, seed=5)
    with any_uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    h = problem.horizon
    return create_run(any_uow_factory, problem.store, h.start, h.end, problem.today, params=PARAMS)


def _interrupt_during(monkeypatch, factory, run_id, then=None):
    """The service restarts while the solver runs: the run is marked interrupted."""
    real_solve = runs_service.solve

    def solve_then_interrupt(*args, **kwargs):
        with factory() as uow:
            uow.runs.update(run_id, status="interrupted", error="interrupted by a restart")
            uow.commit()
        if then is not None:
            raise then
        return real_solve(*args, **kwargs)

    monkeypatch.setattr(runs_service, "solve", solve_then_interrupt)


def test_interrupted_run_never_comes_back_as_succeeded(monkeypatch, any_uow_factory, queued_run):
    _interrupt_during(monkeypatch, any_uow_factory, queued_run.id)
    run, result = execute_run(any_uow_factory, queued_run.id)
    assert result is not None and result.proposal.assignments
    assert run.status == "interrupted"
    with any_uow_factory() as uow:
        stored = uow.runs.get(queued_run.id)
        lines = uow.pending.list_by_run(queued_run.id)
    assert stored.status == "interrupted" and stored.error == "interrupted by a restart"
    assert lines == []
    with pytest.raises(ReviewError):
        approve(any_uow_factory, queued_run.id)


def test_interrupted_run_is_not_rewritten_as_failed(monkeypatch, any_uow_factory, queued_run):
    _interrupt_during(monkeypatch, any_uow_factory, queued_run.id, then=RuntimeError("solver died"))
    with pytest.raises(RuntimeError):
        execute_run(any_uow_factory, queued_run.id)
    with any_uow_factory() as uow:
        stored = uow.runs.get(queued_run.id)
    assert stored.status == "interrupted" and stored.error == "interrupted by a restart"
