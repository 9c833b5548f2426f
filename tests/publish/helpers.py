"""A store with an approved schedule, for the publishing tests."""

from __future__ import annotations

from api.services.review import approve
from api.services.runs import SolveParams, solve_and_store
from domain.generator import generate
from domain.models import Problem

PARAMS = SolveParams(time_limit=3, workers=1, seed=0)


def small_store() -> Problem:
    return generate(6, 1, seed=5)


def save(uow_factory, problem: Problem) -> None:
    with uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()


def solve_and_approve(uow_factory, problem: Problem):
    """Solve the store's horizon into a run and approve it all; returns (run, approval)."""
    run, _ = solve_and_store(
        uow_factory,
        problem.store,
        problem.horizon.start,
        problem.horizon.end,
        problem.today,
        params=PARAMS,
    )
    return run, approve(uow_factory, run.id)
