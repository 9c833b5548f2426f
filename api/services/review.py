"""Use cases: approve or reject a run's pending schedules.

Approval locks the run row (``SELECT ... FOR UPDATE``), so concurrent
approvals of one run take turns: the first writes the schedules, the others
find nothing left to approve and answer "already approved". Every selected
line is re-validated against the live schedule as it is now
(:func:`domain.approval.check_changes`); a line made invalid since is refused
with its finding, and everything else is written in the same transaction,
together with the outbox rows that tell the store's webhooks what changed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from adapters import logs
from adapters.repository import RunNotFound
from api.services.publishing import publish_changes
from api.services.runs import UowFactory
from domain.approval import ScheduleChange, check_changes
from domain.models import Finding
from domain.publish import schedule_changes
from domain.runs import PendingSchedule


class ReviewError(ValueError):
    """The run cannot be reviewed as asked (no proposal yet, already rejected...)."""


@dataclass
class ApprovalResult:
    run_id: int
    approved: list[int] = field(default_factory=list)
    refused: list[tuple[int, Finding]] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    review: str = "pending"

    @property
    def already_approved(self) -> bool:
        """Nothing was approved because everything asked for had been approved before."""
        return not self.approved and not self.refused and bool(self.already)


def _reviewable(uow, run_id: int):
    run = uow.runs.get_for_update(run_id)
    if run is None:
        raise RunNotFound(run_id)
    if run.kind == "whatif":
        raise ReviewError(
            f"run {run_id} is a what-if (a comparison of solves, not a proposal):"
            " nothing to approve or reject; solve the store for a proposal"
        )
    if run.status not in ("succeeded", "cancelled"):
        raise ReviewError(f"run {run_id} is {run.status}; only a finished run can be reviewed")
    if run.review in ("rejected", "superseded"):
        raise ReviewError(f"run {run_id} was {run.review}; solve again for a fresh proposal")
    return run


def _targets(lines: list[PendingSchedule], ids: Iterable[int] | None) -> list[PendingSchedule]:
    if ids is None:
        return lines
    wanted = set(ids)
    known = {line.id for line in lines}
    missing = sorted(wanted - known)
    if missing:
        raise ReviewError(f"pending ids {missing} are not lines of this run")
    return [line for line in lines if line.id in wanted]


def _change(line: PendingSchedule) -> ScheduleChange | None:
    if line.is_assignment:
        return ScheduleChange(line.id, line.event, line.employee, line.start, line.block)
    if line.unscheduled_reason in ("dropped", "inactive"):
        # A dropped assignment leaves the live schedule, and so does one of an event
        # canceled since (H20: dropped, reason inactive); an event never assigned
        # has nothing to delete.
        return ScheduleChange(line.id, line.event)
    return None  # an event left unscheduled: nothing to write


def approve(
    uow_factory: UowFactory, run_id: int, pending_ids: Iterable[int] | None = None
) -> ApprovalResult:
    """Approve all (or the listed) proposed lines of a run into the live schedule."""
    with uow_factory() as uow:
        run = _reviewable(uow, run_id)
        lines = _targets(uow.pending.list_by_run(run_id), pending_ids)
        result = ApprovalResult(run_id, review=run.review)
        result.already = [line.id for line in lines if line.status == "approved"]
        todo = [line for line in lines if line.status == "proposed"]
        if not todo:
            return result
        problem = uow.stores.load_problem(run.store, run.horizon_start, run.horizon_end, run.today)
        locked = {x.event for x in problem.existing if x.locked}
        changes = [
            c for line in todo if (c := _change(line)) is not None and c.event not in locked
        ]  # locked entries stay exactly as they are
        accepted, refused = check_changes(problem, changes)
        ok = {c.key for c in accepted}
        refused_ids = {c.key for c, _ in refused}
        writes = [line for line in todo if line.id in ok]
        before = uow.schedules.list_for_events(run.store, [line.event for line in writes])
        uow.schedules.delete_by_event(run.store, [line.event for line in writes])
        after = uow.schedules.add_from_pending([line for line in writes if line.is_assignment])
        dropped = [line.event for line in writes if not line.is_assignment]
        publish_changes(uow, run.store, run_id, schedule_changes(before, after, dropped))
        approved = [line.id for line in todo if line.id not in refused_ids]
        uow.pending.set_status(approved, "approved")
        uow.pending.set_status(refused_ids, "rejected")
        left = uow.pending.list_by_run(run_id, status="proposed")
        review = "pending" if left else "approved"
        uow.runs.update(run_id, review=review)
        uow.commit()
    result.approved = approved
    result.refused = [(c.key, f) for c, f in refused]
    result.review = review
    for line_id, finding in result.refused:
        logs.event(
            "line.refused",
            level=logging.WARNING,
            store=run.store,
            run_id=run_id,
            line_id=line_id,
            rule=finding.rule,
            message=finding.message,
        )
    logs.event(
        "run.approved",
        store=run.store,
        run_id=run_id,
        approved=len(result.approved),
        refused=len(result.refused),
        review=review,
    )
    return result


def reject(
    uow_factory: UowFactory, run_id: int, pending_ids: Iterable[int] | None = None
) -> list[int]:
    """Reject all (or the listed) proposed lines of a run; returns their ids."""
    with uow_factory() as uow:
        run = _reviewable(uow, run_id)
        lines = _targets(uow.pending.list_by_run(run_id), pending_ids)
        ids = [line.id for line in lines if line.status == "proposed"]
        uow.pending.set_status(ids, "rejected")
        left = uow.pending.list_by_run(run_id, status="proposed")
        if not left:
            approved = uow.pending.list_by_run(run_id, status="approved")
            uow.runs.update(run_id, review="approved" if approved else "rejected")
        uow.commit()
    logs.event("run.rejected", store=run.store, run_id=run_id, rejected=len(ids))
    return ids
