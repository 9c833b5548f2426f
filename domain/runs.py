"""Scheduler runs, pending schedules and live schedule entries as plain domain values.

These are what the persistence layer (:mod:`adapters.repository`) hands to
the services: frozen dataclasses that know nothing of the database. Change one
with :func:`dataclasses.replace` or through the repository's ``update``.

Datetimes of bookkeeping (``created_at``, ``started_at``, ``finished_at``) are
naive UTC; assignment times (``start``, ``end``) are store-local wall-clock
times like everywhere else in the problem files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from domain.models import ExistingAssignment, Explanation, Proposal

RunKind = Literal["manual", "nightly", "whatif", "repair"]
RunStatus = Literal["queued", "running", "succeeded", "failed", "cancelled", "interrupted"]
#: ``none``: nothing to review, a what-if (kind ``whatif``) compares solves and
#: proposes no schedule, so it never waits for an approval.
ReviewStatus = Literal["pending", "approved", "rejected", "superseded", "none"]
PendingStatus = Literal["proposed", "approved", "rejected", "superseded"]

RUN_KINDS: tuple[str, ...] = ("manual", "nightly", "whatif", "repair")
RUN_STATUSES: tuple[str, ...] = (
    "queued",
    "running",
    "succeeded",
    "failed",
    "cancelled",
    "interrupted",
)
PENDING_STATUSES: tuple[str, ...] = ("proposed", "approved", "rejected", "superseded")
#: A run still to end: queued, or running in some process.
ACTIVE_STATUSES: tuple[str, ...] = ("queued", "running")
#: A run that has ended: its status never changes again (issue 10, defect 1).
FINAL_STATUSES: tuple[str, ...] = ("succeeded", "failed", "cancelled", "interrupted")


def utcnow() -> dt.datetime:
    """The current UTC time as a naive datetime (how bookkeeping times are stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@dataclass(frozen=True)
class StoreInfo:
    """A store known to the database."""

    id: str
    name: str = ""
    #: The store's explicit settings (``Settings.model_dump(exclude_unset=True)``).
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Run:
    """One scheduler run (a solve of a store's horizon) and its outcome."""

    store: str
    kind: RunKind
    today: dt.date
    horizon_start: dt.date
    horizon_end: dt.date
    status: RunStatus = "queued"
    review: ReviewStatus = "pending"
    params: dict[str, Any] = field(default_factory=dict)
    created_at: dt.datetime = field(default_factory=utcnow)
    started_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None
    timings: dict[str, Any] = field(default_factory=dict)
    solver_status: str | None = None
    objective: float | None = None
    bound: float | None = None
    counts: dict[str, Any] = field(default_factory=dict)
    score: dict[str, Any] = field(default_factory=dict)
    progress: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    idempotency_key: str | None = None
    active_lock: str | None = None
    id: int | None = None


#: Fields of :class:`Run` that ``RunRepository.update`` may change.
RUN_UPDATABLE: frozenset[str] = frozenset(
    {
        "status",
        "review",
        "params",
        "started_at",
        "finished_at",
        "timings",
        "solver_status",
        "objective",
        "bound",
        "counts",
        "score",
        "progress",
        "error",
        "idempotency_key",
        "active_lock",
    }
)


@dataclass(frozen=True)
class PendingSchedule:
    """One line of a run's proposal: an assignment, or an event left unscheduled.

    An assignment has ``employee``, ``start``, ``end`` (``block`` for Core)
    and ``change``; an unscheduled line has ``unscheduled_reason`` (``detail``,
    ``rule``, and its ``explanation`` once computed, RULES.md §7) and no employee.
    """

    event: str
    employee: str | None = None
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    block: int | None = None
    change: str | None = None
    status: PendingStatus = "proposed"
    unscheduled_reason: str | None = None
    detail: str | None = None
    rule: str | None = None
    explanation: Explanation | None = None
    run_id: int | None = None
    id: int | None = None

    @property
    def is_assignment(self) -> bool:
        return self.employee is not None and self.start is not None


@dataclass(frozen=True)
class ScheduleEntry:
    """An assignment of the store's live schedule."""

    event: str
    employee: str
    start: dt.datetime
    block: int | None = None
    locked: bool = False
    run_id: int | None = None
    id: int | None = None
    #: Names as the store has them, for people reading the schedule; not part of
    #: what the entry is (two entries differing only in a name are the same).
    employee_name: str | None = field(default=None, compare=False)
    event_name: str | None = field(default=None, compare=False)

    def to_existing(self) -> ExistingAssignment:
        """The entry as a problem file's ``existing`` assignment."""
        return ExistingAssignment(
            event=self.event,
            employee=self.employee,
            start=self.start,
            block=self.block,
            locked=self.locked,
        )


def pending_from_proposal(proposal: Proposal) -> list[PendingSchedule]:
    """The lines of a proposal as pending schedules: assignments first, then unscheduled."""
    lines = [
        PendingSchedule(
            event=a.event,
            employee=a.employee,
            start=a.start,
            end=a.end,
            block=a.block,
            change=a.change,
        )
        for a in proposal.assignments
    ]
    lines += [
        PendingSchedule(
            event=u.event,
            unscheduled_reason=u.reason,
            detail=u.detail or None,
            rule=u.rule,
            explanation=u.explanation,
        )
        for u in proposal.unscheduled
    ]
    return lines


def proposal_lines(lines: list[PendingSchedule]) -> tuple[list, list]:
    """Pending lines back as proposal ``assignments`` and ``unscheduled`` (for review)."""
    from domain.models import Assignment, Unscheduled

    assignments = [
        Assignment(
            event=x.event,
            employee=x.employee,
            start=x.start,
            end=x.end or x.start,
            block=x.block,
            change=x.change or "new",
        )
        for x in lines
        if x.is_assignment
    ]
    unscheduled = [
        Unscheduled(
            event=x.event,
            reason=x.unscheduled_reason,
            detail=x.detail or "",
            rule=x.rule,
            explanation=x.explanation,
        )
        for x in lines
        if not x.is_assignment and x.unscheduled_reason
    ]
    return assignments, unscheduled
