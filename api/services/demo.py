"""Use case behind ``schedsolve demo``: the main job end to end on a generated store.

:func:`run_demo` generates a realistic store (18 employees, 2 weeks), imports
it, solves it into a pending run, approves the run and judges the approved
schedule with the validator. It prints nothing: it reports each finished step
to ``on_step`` and the solve's progress to ``on_progress``, and returns what
the command line shows (:mod:`api.cli.runs` draws the progress, the review
table and the summary, and makes the store's key for the browser UI).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from adapters.uow import AbstractUnitOfWork
from api.services.review import ApprovalResult, approve
from api.services.runs import SolveParams, solve_and_store
from domain.generator import generate
from domain.models import Problem, Proposal
from domain.validator import Report, validate
from solver.solve import Progress, Result


@dataclass
class DemoOutcome:
    """What the demo did: the generated store, its solve, the approval and its health."""

    problem: Problem
    run_id: int
    result: Result
    approval: ApprovalResult
    #: The store as stored after the approval (its ``existing`` is the approved schedule).
    live: Problem
    report: Report

    @property
    def proposal(self) -> Proposal:
        return self.result.proposal


def run_demo(
    uow_factory: Callable[[], AbstractUnitOfWork],
    *,
    seed: int = 7,
    time_limit: float = 20.0,
    employees: int = 18,
    weeks: int = 2,
    on_step: Callable[[str, str], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> DemoOutcome:
    """Generate, import, solve, approve and validate one store.

    Parameters
    ----------
    uow_factory
        Units of work on a database at the current schema.
    on_step
        Called ``(step, what it did)`` after ``generate store`` and ``import``.
    on_progress
        The solver's progress reports during the solve.
    """
    step = on_step or (lambda _step, _info: None)
    problem = generate(employees, weeks, seed=seed, tightness="normal")
    step(
        "generate store",
        f"store {problem.store}: {len(problem.employees)} employees, {len(problem.events)} events",
    )
    with uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    step("import", "one transaction")
    run, result = solve_and_store(
        uow_factory,
        problem.store,
        problem.horizon.start,
        problem.horizon.end,
        problem.today,
        params=SolveParams(time_limit=time_limit, workers=2, seed=0),
        on_progress=on_progress,
    )
    approval = approve(uow_factory, run.id)
    with uow_factory() as uow:
        live = uow.stores.load_problem(
            problem.store, problem.horizon.start, problem.horizon.end, problem.today
        )
    return DemoOutcome(problem, run.id, result, approval, live, validate(live))
