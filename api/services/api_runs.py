"""Use cases of the HTTP service's runs: submit (idempotent, bounded), proposal, lines.

:func:`submit_run` is what ``POST /stores/{store}/runs`` does: an
``Idempotency-Key`` already used for the store answers its run (the same
request) or :class:`IdempotencyConflict` (a different one); otherwise a
solve slot is taken (:class:`api.services.runner.TooBusy` when none is free), the
run row written and the solve started in a worker process.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import asdict, dataclass

from api.services.control import find_idempotent
from api.services.runner import Runner
from api.services.runs import SolveParams, create_run, run_problem
from domain.models import Problem, Proposal
from domain.runs import ACTIVE_STATUSES, PendingSchedule, Run, proposal_lines
from domain.validator import validate

#: Serializes "look the key up, else create" within this process.
_IDEMPOTENCY = threading.Lock()


class IdempotencyConflict(ValueError):
    """The ``Idempotency-Key`` was used before with a different request."""


class NoProposal(ValueError):
    """The run has no proposal (yet): it is queued, running, failed or interrupted."""


@dataclass(frozen=True)
class RunRequest:
    """A normalized ``POST /stores/{store}/runs`` (time limit already capped)."""

    start: dt.date
    end: dt.date
    today: dt.date
    params: SolveParams

    def matches(self, run: Run) -> bool:
        return (run.horizon_start, run.horizon_end, run.today, run.params) == (
            self.start,
            self.end,
            self.today,
            asdict(self.params),
        )


def submit_run(
    uow_factory,
    solves: Runner,
    store: str,
    request: RunRequest,
    idempotency_key: str | None = None,
) -> tuple[Run, bool]:
    """Create and start a run; returns it and whether it is new (false: a replay)."""
    with _IDEMPOTENCY:
        if idempotency_key:
            earlier = find_idempotent(uow_factory, store, idempotency_key)
            if earlier is not None:
                if not request.matches(earlier):
                    raise IdempotencyConflict(
                        f"Idempotency-Key {idempotency_key!r} was used for run {earlier.id}"
                        " with a different request"
                    )
                return earlier, False
        slot = solves.reserve()
        try:
            run = create_run(
                uow_factory,
                store,
                request.start,
                request.end,
                request.today,
                kind="manual",
                params=request.params,
                idempotency_key=idempotency_key,
            )
        except BaseException:
            slot.release()
            raise
    solves.start(run.id, slot=slot, store=store)
    return run, True


def run_lines(uow_factory, run: Run) -> list[PendingSchedule]:
    """The run's proposal lines, any status, by id."""
    with uow_factory() as uow:
        return uow.pending.list_by_run(run.id)


def proposal_of(uow_factory, run: Run) -> Proposal:
    """The run's proposal as a ``schedule-proposal/1`` built from its lines.

    Findings are the validator's on the store as it is now (the live schedule
    may have changed since the solve); the score is the solve's.
    """
    if run.status not in ("succeeded", "cancelled"):
        raise NoProposal(
            f"run {run.id} is {run.status}; it has no proposal"
            + (" yet" if run.status in ACTIVE_STATUSES else "")
        )
    with uow_factory() as uow:
        lines = uow.pending.list_by_run(run.id)
        problem = run_problem(uow, run)
    return proposal_from(run, lines, problem)


def proposal_from(run: Run, lines: list[PendingSchedule], problem: Problem) -> Proposal:
    """:func:`proposal_of` on lines and a problem already loaded (the store as it is now)."""
    assignments, unscheduled = proposal_lines(lines)
    proposal = Proposal(
        store=run.store,
        status=run.solver_status or "UNKNOWN",
        objective=run.objective,
        bound=run.bound,
        solve_seconds=run.timings.get("total"),
        assignments=assignments,
        unscheduled=unscheduled,
        score=dict(run.score),
    )
    try:
        findings = validate(problem, proposal).findings
    except ValueError:  # an event or employee removed since the solve
        findings = []
    return proposal.model_copy(update={"findings": findings})
