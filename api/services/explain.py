"""Use cases: explanations of a run's proposal (RULES.md §7), stored per run line.

- :func:`explain_event`: why is this event of the run unscheduled, and what
  would it take? The line's stored explanation when it has one (no solve);
  otherwise the run's problem and proposal are loaded, :func:`solver.explain.explain`
  computes it (a repair solve of at most ``time_limit`` seconds for a
  ``capacity`` event) and it is stored on the line, then returned.
- :func:`why_not_employee`: why not this employee for this event? Stored too
  (per line and employee): the answer may need a repair solve, and a stored
  answer costs one small row. A stored answer is served without a solve.
- :func:`explain_result`: ``solve --explain`` / a run's ``explain: true``: every
  ``capacity`` event of a fresh proposal explained (up to a limit), the workers
  shared among explains running side by side.

The run's problem is the store's data as it is now (``run_problem``: the run's
horizon and today, a repair run's ``buffer_days`` 0, with the run's weight
overrides), as for a run's review; the proposal is rebuilt from the run's lines and scored on that
problem, so a repair's ``objective_change`` is the scorer's difference on the
data it was computed on. A stored explanation is not recomputed when the
store's data changes later: it answers for the proposal as the run made it.
"""

from __future__ import annotations

from dataclasses import dataclass

from adapters.mapping import NotFound
from adapters.repository import RunNotFound
from api.services.api_runs import NoProposal
from api.services.runs import UowFactory, explain_result, run_problem, with_weights
from domain.facts import Facts
from domain.models import Explanation, Problem, Proposal
from domain.runs import ACTIVE_STATUSES, PendingSchedule, Run, proposal_lines
from domain.score import score_schedule
from solver.explain import REPAIR_SECONDS, explain
from solver.why_not import WhyNot, why_not

__all__ = [
    "NotExplainable",
    "RunExplanation",
    "RunWhyNot",
    "explain_event",
    "explain_result",
    "why_not_employee",
]


class NotExplainable(NotFound):
    """The run has no such event or employee, or the event is one it schedules."""


@dataclass(frozen=True)
class RunExplanation:
    """An unscheduled line of a run with its explanation; ``stored``: served from storage."""

    run_id: int
    event: str
    reason: str
    detail: str
    rule: str | None
    explanation: Explanation
    stored: bool


@dataclass(frozen=True)
class RunWhyNot:
    """The why-not answer for (run, event, employee); ``stored``: served from storage."""

    run_id: int
    answer: WhyNot
    stored: bool


def _finished_run(uow, run_id: int) -> Run:
    run = uow.runs.get(run_id)
    if run is None:
        raise RunNotFound(run_id)
    if run.kind == "whatif":
        raise NoProposal(f"run {run_id} is a what-if (a comparison of solves): it has no proposal")
    if run.status not in ("succeeded", "cancelled"):
        raise NoProposal(
            f"run {run_id} is {run.status}; it has no proposal"
            + (" yet" if run.status in ACTIVE_STATUSES else "")
        )
    return run


def _line(uow, run: Run, event: str) -> PendingSchedule:
    line = uow.explanations.line(run.id, event)
    if line is None:
        raise NotExplainable(f"event {event} not found in run {run.id}")
    return line


def _case(uow, run: Run) -> tuple[Problem, Proposal]:
    """The run's problem (the store's data now, the run's weights) and its proposal."""
    problem = with_weights(run_problem(uow, run), dict(run.params.get("weights") or {}))
    assignments, unscheduled = proposal_lines(uow.pending.list_by_run(run.id))
    facts = Facts(problem)
    # Lines of events or employees gone from the store's data since the solve are left out.
    assignments = [
        a for a in assignments if a.event in facts.events and a.employee in facts.employees
    ]
    unscheduled = [u for u in unscheduled if u.event in facts.events]
    proposal = Proposal(
        store=run.store,
        status=run.solver_status or "UNKNOWN",
        assignments=assignments,
        unscheduled=unscheduled,
        score=score_schedule(problem, assignments, facts),
    )
    return problem, proposal


def _known_event(problem: Problem, run: Run, event: str) -> None:
    if event not in {e.id for e in problem.events}:
        raise NotExplainable(
            f"event {event} not found in store {run.store} (it was in run {run.id})"
        )


def explain_event(
    uow_factory: UowFactory,
    run_id: int,
    event: str,
    *,
    time_limit: float = REPAIR_SECONDS,
    workers: int = 1,
) -> RunExplanation:
    """The explanation of ``event``, unscheduled in run ``run_id``: stored, else computed
    (and stored).

    Raises
    ------
    RunNotFound
        No such run.
    NoProposal
        The run has no proposal (queued, running, failed, interrupted, a what-if).
    NotExplainable
        The run has no line for ``event``, or schedules it (ask :func:`why_not_employee`).
    """
    with uow_factory() as uow:
        run = _finished_run(uow, run_id)
        line = _line(uow, run, event)
        if line.is_assignment:
            raise NotExplainable(
                f"event '{event}' is scheduled in run {run_id} ({line.employee}):"
                " nothing to explain; ask why not an employee instead"
            )
        if line.explanation is None:
            problem, proposal = _case(uow, run)
    stored = line.explanation is not None
    found = line.explanation
    if found is None:
        _known_event(problem, run, event)
        found = explain(problem, proposal, event, time_limit=time_limit, workers=workers)
        with uow_factory() as uow:
            uow.explanations.store(line.id, found)
            uow.commit()
    return RunExplanation(
        run_id=run_id,
        event=event,
        reason=line.unscheduled_reason or "",
        detail=line.detail or "",
        rule=line.rule,
        explanation=found,
        stored=stored,
    )


def why_not_employee(
    uow_factory: UowFactory,
    run_id: int,
    event: str,
    employee: str,
    *,
    time_limit: float = REPAIR_SECONDS,
    workers: int = 1,
) -> RunWhyNot:
    """Why ``employee`` does not do ``event`` in run ``run_id``: stored, else computed
    (:func:`solver.why_not.why_not`, a repair solve when some day is free) and stored.

    Raises
    ------
    RunNotFound, NoProposal
        As :func:`explain_event`.
    NotExplainable
        The run has no line for ``event``, or the store has no such employee.
    """
    with uow_factory() as uow:
        run = _finished_run(uow, run_id)
        line = _line(uow, run, event)
        kept = uow.explanations.why_not(line.id, employee)
        if kept is None:
            problem, proposal = _case(uow, run)
    if kept is not None:
        return RunWhyNot(run_id=run_id, answer=WhyNot.model_validate(kept), stored=True)
    _known_event(problem, run, event)
    if employee not in {e.id for e in problem.employees}:
        raise NotExplainable(f"employee {employee} not found in store {run.store}")
    answer = why_not(problem, proposal, event, employee, time_limit=time_limit, workers=workers)
    with uow_factory() as uow:
        uow.explanations.store_why_not(
            line.id, employee, answer.model_dump(mode="json", by_alias=True)
        )
        uow.commit()
    return RunWhyNot(run_id=run_id, answer=answer, stored=False)
