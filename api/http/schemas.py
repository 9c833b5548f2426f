"""Request and response bodies of the HTTP service (pydantic, with examples).

Problem and proposal documents travel as plain JSON objects in the request
schemas (``schedule-problem/1`` / ``schedule-proposal/1``, see
``docs/spec/FORMAT.md``) and are parsed by :mod:`domain.parse`, so a bad one is
answered 422 with the same one-line message the CLI prints, naming the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)

from domain.models import (
    LOCAL_DATETIME_SCHEMA,
    Assignment,
    Day,
    Explanation,
    Finding,
    Problem,
    Proposal,
    Repair,
    WeightKey,
)
from domain.runs import ReviewStatus, RunKind, RunStatus

__all__ = [
    "Problem",
    "Proposal",
    "ProposalOut",
    "AssignmentOut",
    "Finding",
    "HorizonIn",
    "RunCreate",
    "RunCreated",
    "RunOut",
    "ProgressOut",
    "CancelOut",
    "ApproveIn",
    "ApproveOut",
    "RefusedLine",
    "RejectIn",
    "RejectOut",
    "PendingLineOut",
    "ScheduleEntryOut",
    "ScheduleOut",
    "SolveIn",
    "ValidateIn",
    "ValidateOut",
    "HealthOut",
    "ErrorOut",
    "ExplainOut",
    "WhyNotOut",
]

PROBLEM_DOC = (
    "A `schedule-problem/1` document (see the shared spec); parsed like the CLI"
    " does, a bad one is answered 422 naming the field."
)
PROPOSAL_DOC = "A `schedule-proposal/1` document to judge instead of the problem's existing."


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value


#: A bookkeeping time: stored as naive UTC, answered with its offset (``Z``).
UtcDateTime = Annotated[dt.datetime, AfterValidator(_utc)]

#: A store-local wall-clock time without offset (how schedules are written).
LocalDateTime = Annotated[
    dt.datetime,
    PlainSerializer(lambda v: v.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema(LOCAL_DATETIME_SCHEMA),
]

#: A database id (a positive 32-bit integer).
DbId = Annotated[int, Field(ge=1, le=2**31 - 1)]
#: A soft-rule weight.
Weight = Annotated[int, Field(ge=0, le=1_000_000)]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AssignmentOut(Assignment):
    start: LocalDateTime
    end: LocalDateTime


class ProposalOut(Proposal):
    """A ``schedule-proposal/1`` document (times are store-local, without offset)."""

    assignments: list[AssignmentOut] = Field(default_factory=list)

    @classmethod
    def of(cls, proposal: Proposal) -> ProposalOut:
        return cls.model_validate(proposal.model_dump())


class ErrorOut(BaseModel):
    """An error answer: ``detail`` says what is wrong."""

    detail: str = Field(examples=["run 12 not found"])


class HorizonIn(Body):
    start: Day = Field(examples=["2026-03-01"])
    end: Day = Field(examples=["2026-03-14"])

    @model_validator(mode="after")
    def _ordered(self) -> HorizonIn:
        if self.end < self.start:
            raise ValueError(f"horizon.end {self.end} is before horizon.start {self.start}")
        if (self.end - self.start).days > 62:
            raise ValueError("a horizon spans at most 63 days")
        return self


class RunCreate(Body):
    """What to solve: a horizon of the store, with optional search limits and weights."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "horizon": {"start": "2026-03-01", "end": "2026-03-14"},
                    "time_limit": 10,
                    "weights": {"S1": 1000},
                }
            ]
        },
    )

    horizon: HorizonIn
    today: Day | None = Field(
        None, description="The problem's today (default: the day before horizon.start)."
    )
    time_limit: float = Field(
        10.0,
        gt=0,
        le=86400,
        allow_inf_nan=False,
        description="Seconds; capped at the server's max_time_limit.",
    )
    workers: int = Field(2, ge=1, le=16, description="CP-SAT search workers (threads).")
    seed: int = Field(0, ge=0, le=2**31 - 1)
    weights: dict[WeightKey, Weight] = Field(
        default_factory=dict, description="Soft-rule weight overrides."
    )
    priority_mode: Literal["weighted", "strict"] | None = Field(
        None, description="weighted or strict (RULES.md §4); default: the store's setting."
    )
    explain: bool = Field(
        False,
        description="Explain every capacity event (up to explain_limit) after the solve,"
        " stored with its line (RULES.md §7); the workers are shared among the explains.",
    )
    explain_limit: int = Field(50, ge=0, le=1000, description="Most capacity events explained.")
    explain_seconds: float = Field(2.0, gt=0, le=60, description="Seconds per repair solve.")


class RunCreated(BaseModel):
    id: int = Field(examples=[12])
    status: RunStatus = Field(examples=["queued"])


class ProgressOut(BaseModel):
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    elapsed: float | None = None
    explained: int | None = Field(None, description="While explaining: events done so far.")
    of: int | None = Field(None, description="While explaining: events to explain.")


class RunOut(BaseModel):
    """A run: where it stands, its progress and its figures."""

    id: int = Field(examples=[12])
    store: str = Field(examples=["8135"])
    kind: RunKind
    status: RunStatus
    review: ReviewStatus
    today: dt.date
    horizon: HorizonIn
    params: dict[str, Any]
    created_at: UtcDateTime
    started_at: UtcDateTime | None
    finished_at: UtcDateTime | None
    progress: ProgressOut
    counts: dict[str, Any] = Field(
        description="assigned, unscheduled, by_type, by_reason, by_change, critical"
    )
    score: dict[str, Any]
    timings: dict[str, Any]
    solver_status: str | None
    objective: float | None
    bound: float | None
    error: str | None
    cancel_requested: bool


class CancelOut(BaseModel):
    id: int
    status: RunStatus
    cancel_requested: bool = True


class ApproveIn(Body):
    """Approve every proposed line (no ``pending_ids``) or only the listed ones (at least one)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{}, {"pending_ids": [101, 102]}]}
    )

    pending_ids: list[DbId] | None = Field(None, min_length=1, max_length=100000)


class RefusedLine(BaseModel):
    pending_id: int
    finding: Finding


class ApproveOut(BaseModel):
    """``outcome``: ``approved`` (all written), ``refused`` (some lines refused, with
    their findings; the rest written), ``already`` (nothing left to approve)."""

    run_id: int
    outcome: Literal["approved", "refused", "already"]
    approved: list[int]
    refused: list[RefusedLine]
    already: list[int]
    review: ReviewStatus


RejectIn = ApproveIn


class RejectOut(BaseModel):
    run_id: int
    rejected: list[int]
    review: ReviewStatus


class PendingLineOut(BaseModel):
    """One line of a run's proposal with its id (for approving listed lines)."""

    id: int
    event: str
    employee: str | None
    start: LocalDateTime | None
    end: LocalDateTime | None
    block: int | None
    change: str | None
    status: str
    unscheduled_reason: str | None
    detail: str | None
    rule: str | None


class ScheduleEntryOut(BaseModel):
    id: int | None
    event: str
    employee: str
    start: LocalDateTime
    block: int | None
    locked: bool
    run_id: int | None
    employee_name: str = Field(description="The employee's `name` (FORMAT.md); may be empty.")
    event_name: str = Field(description="The event's `name` (FORMAT.md).")


class ScheduleOut(BaseModel):
    store: str
    start: dt.date = Field(serialization_alias="from")
    end: dt.date = Field(serialization_alias="to")
    entries: list[ScheduleEntryOut]


class SolveIn(Body):
    """A small problem to solve without storing anything."""

    problem: dict[str, Any] = Field(description=PROBLEM_DOC)
    time_limit: float = Field(
        5.0,
        gt=0,
        le=86400,
        allow_inf_nan=False,
        description="Seconds; capped at stateless_solve_time_limit.",
    )
    workers: int = Field(2, ge=1, le=16)
    seed: int = Field(0, ge=0, le=2**31 - 1)
    priority_mode: Literal["weighted", "strict"] | None = Field(
        None, description="weighted or strict (RULES.md §4); default: the problem's settings."
    )


class ValidateIn(Body):
    problem: dict[str, Any] = Field(description=PROBLEM_DOC)
    proposal: dict[str, Any] | None = Field(None, description=PROPOSAL_DOC)


class ValidateOut(BaseModel):
    """The validator's findings and the judged schedule's health and soft-rule score."""

    findings: list[Finding]
    critical: int
    warnings: int
    health: int = Field(ge=0, le=100, description="Mean of the days' health (RULES.md §5).")
    label: str
    worst_day: dict[str, Any] | None = Field(
        None, description="The day with the lowest health: date, health, label, counts."
    )
    health_days: list[dict[str, Any]] = Field(
        default_factory=list, description="Per day: date, health, label, critical, warnings."
    )
    score: dict[str, int]


class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"
    database: Literal["ok"] | None = None


Source = Literal["stored", "computed"]
SOURCE_DOC = "stored: served from the run line (no solve); computed: by this request, now stored."


class ExplainOut(BaseModel):
    """A run's unscheduled event with FORMAT.md's ``explanation`` (RULES.md §7)."""

    run_id: int
    event: str
    reason: str = Field(examples=["capacity"])
    detail: str
    rule: str | None
    explanation: Explanation = Field(
        description="blocked: per employee and day the rule ids; repair (capacity only):"
        " moves, left_out, score_change, objective_change, by_moves_alone."
    )
    source: Source = Field(description=SOURCE_DOC)


class HolderOut(BaseModel):
    """An assignment of the proposal that leaves no room, and the rule it fills."""

    rule: str = Field(examples=["H09"])
    event: str
    employee: str
    start: LocalDateTime
    block: int | None = None


class WhyNotDayOut(BaseModel):
    """One allowed day: the rules that block the pair (none: free), and who fills them."""

    date: dt.date
    rules: list[str]
    by: list[HolderOut]


class WhyNotOut(BaseModel):
    """Why not this employee for this event of the run (RULES.md §7)."""

    run_id: int
    event: str
    employee: str
    days: list[WhyNotDayOut]
    repair: Repair | None = Field(
        None, description="When some day is free: the best schedule with the event on them."
    )
    detail: str
    source: Source = Field(description=SOURCE_DOC)
