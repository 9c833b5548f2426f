"""Pydantic models of ``schedule-problem/1`` and ``schedule-proposal/1`` (FORMAT.md).

Models are strict about shape: unknown fields are rejected with the field's
path. Cross-field checks (references, duplicates, pairing ambiguity) run in
``Problem``'s after-validator and name the offending field as ``path: reason``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from datetime import datetime, time
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema, model_validator

from domain.rules import (
    DEFAULT_DURATION,
    DEFAULT_LUNCH,
    DEFAULT_SHIFT_BLOCKS,
    DEFAULT_START_TIMES,
    DEFAULT_WEIGHTS,
    PRIORITY,
    EventType,
    Role,
)

_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _check_hhmm(value: str) -> str:
    if not _HHMM.match(value):
        raise ValueError(f"'{value}' is not a time of day as HH:MM")
    return value


def _naive(value: datetime) -> datetime:
    if value.tzinfo is not None:
        raise ValueError("datetimes are store-local wall-clock times without an offset")
    return value


#: Dates a document may hold (FORMAT.md: every date in 2000..2100).
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


def _in_range(value: dt.date) -> dt.date:
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(f"{value.isoformat()} is outside {FIRST_DATE} to {LAST_DATE}")
    return value


HHMM = Annotated[str, AfterValidator(_check_hhmm)]
#: How a store-local datetime is declared in JSON schemas: a string without an
#: offset, not ``format: date-time`` (RFC 3339 requires the offset; issue 10,
#: defect 6).
LOCAL_DATETIME_SCHEMA = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$",
    "description": "Store-local wall-clock time, ISO without an offset (FORMAT.md).",
    "examples": ["2026-03-02T10:30:00"],
}
LocalDateTime = Annotated[
    datetime,
    AfterValidator(_naive),
    AfterValidator(_in_range),
    WithJsonSchema(LOCAL_DATETIME_SCHEMA),
]
Day = Annotated[dt.date, AfterValidator(_in_range)]

#: Longest texts a document may hold, within the database's columns
#: (adapters/orm.py), so SQLite and PostgreSQL take the same documents.
MAX_STORE_ID, MAX_ID, MAX_NAME, MAX_EVENT_NAME, MAX_CONDITION = 32, 64, 200, 300, 40


def _printable(value: str) -> str:
    # NUL and other control characters: PostgreSQL refuses NUL, terminals garble the rest.
    bad = next((c for c in value if unicodedata.category(c) == "Cc"), None)
    if bad is not None:
        raise ValueError(f"control character U+{ord(bad):04X} is not allowed in a text")
    return value


Id = Annotated[str, Field(min_length=1, max_length=MAX_ID), AfterValidator(_printable)]
StoreId = Annotated[str, Field(min_length=1, max_length=MAX_STORE_ID), AfterValidator(_printable)]
Name = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_printable)]
EventName = Annotated[str, Field(max_length=MAX_EVENT_NAME), AfterValidator(_printable)]
Condition = Annotated[str, Field(max_length=MAX_CONDITION), AfterValidator(_printable)]
WeightKey = Literal["S1", "S2", "S3", "S4", "S5", "S5_lead", "S6", "S7", "S8", "S9", "S10", "S11"]
Weekday = Literal["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
RotationKind = Literal["juicer", "primary_lead"]
PriorityMode = Literal["weighted", "strict"]
#: A soft-rule weight (FORMAT.md: an integer in 0..1,000,000).
Weight = Annotated[int, Field(ge=0, le=1_000_000)]
#: Upper bounds of the other settings (docs/rules-notes.md): far above any store,
#: low enough that no date or solver arithmetic can overflow.
MAX_PER_WEEK, WEEK_MINUTES, DAY_MINUTES = 100, 7 * 24 * 60, 24 * 60
Minutes = Annotated[int, Field(ge=0, le=DAY_MINUTES)]
Duration = Annotated[int, Field(gt=0, le=DAY_MINUTES)]


def hhmm_to_time(value: str) -> time:
    """Parse a validated ``HH:MM`` string."""
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ShiftBlock(Strict):
    block: int = Field(ge=1, le=12)
    start: HHMM
    overflow: bool = False


class Settings(Strict):
    """Per-store configuration; every field defaults to RULES.md."""

    buffer_days: int = Field(3, ge=0, le=60)
    max_core_per_week: int = Field(6, ge=0, le=MAX_PER_WEEK)
    max_juicer_production_per_week: int = Field(5, ge=0, le=MAX_PER_WEEK)
    max_week_minutes: int = Field(2400, ge=0, le=WEEK_MINUTES)
    max_shifts_per_day: int = Field(1, ge=1, le=3)
    lunch_min: dict[EventType, Minutes] = Field(default_factory=dict)
    shift_blocks: list[ShiftBlock] | None = None
    start_times: dict[EventType, list[HHMM]] = Field(default_factory=dict)
    durations: dict[EventType, Duration] = Field(default_factory=dict)
    weights: dict[WeightKey, Weight] = Field(default_factory=dict)
    priority: dict[EventType, Annotated[int, Field(ge=1, le=9)]] = Field(default_factory=dict)
    priority_mode: PriorityMode = "weighted"

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if self.shift_blocks is not None:
            seen: set[int] = set()
            for i, blk in enumerate(self.shift_blocks):
                if blk.block in seen:
                    raise ValueError(f"settings.shift_blocks[{i}].block: block {blk.block} twice")
                seen.add(blk.block)
        for etype, starts in self.start_times.items():
            if not starts:
                raise ValueError(f"settings.start_times.{etype.value}: needs at least one time")
        return self

    def duration(self, etype: EventType) -> int:
        return self.durations.get(etype, DEFAULT_DURATION[etype])

    def lunch(self, etype: EventType) -> int:
        return self.lunch_min.get(etype, DEFAULT_LUNCH.get(etype, 0))

    def start_times_for(self, etype: EventType) -> list[time]:
        """Allowed start times of a non-Core type."""
        raw = self.start_times.get(etype) or DEFAULT_START_TIMES.get(etype, [])
        return sorted({hhmm_to_time(s) for s in raw})

    def blocks(self) -> list[ShiftBlock]:
        """Configured shift blocks ordered by block number."""
        if self.shift_blocks is None:
            return [ShiftBlock(block=b, start=s) for b, s in DEFAULT_SHIFT_BLOCKS]
        return sorted(self.shift_blocks, key=lambda b: b.block)

    def weight(self, key: str) -> int:
        return self.weights.get(key, DEFAULT_WEIGHTS[key])  # type: ignore[arg-type]

    def priority_of(self, etype: EventType) -> int:
        """Type priority 1..9 for S1 and strict levels (RULES.md §4)."""
        return self.priority.get(etype, PRIORITY[etype])


class WeeklyAvailability(Strict):
    sun: bool
    mon: bool
    tue: bool
    wed: bool
    thu: bool
    fri: bool
    sat: bool


class Employee(Strict):
    id: Id
    name: Name = ""
    role: Role
    active: bool = True
    termination_date: Day | None = None
    weekly_availability: WeeklyAvailability | None = None


class Event(Strict):
    id: Id
    name: EventName
    type: EventType | None = None
    start: LocalDateTime
    due: LocalDateTime
    condition: Condition = "Unstaffed"
    product: Name | None = None
    pairs_with: Id | None = None
    duration_min: Duration | None = None


class Horizon(Strict):
    start: Day
    end: Day


class TimeOff(Strict):
    employee: Id
    start: Day
    end: Day


class AvailabilityOverride(Strict):
    employee: Id
    date: Day
    available: bool


class Holiday(Strict):
    date: Day
    name: Name = ""


class Rotation(Strict):
    weekday: Weekday
    kind: RotationKind
    employee: Id
    backup: Id | None = None


class RotationException(Strict):
    date: Day
    kind: RotationKind
    employee: Id


class ExistingAssignment(Strict):
    event: Id
    employee: Id
    start: LocalDateTime
    block: int | None = Field(None, ge=1, le=12)
    locked: bool = False


class Problem(Strict):
    """A ``schedule-problem/1`` document."""

    format: Literal["schedule-problem/1"]
    store: StoreId
    today: Day
    horizon: Horizon
    settings: Settings = Field(default_factory=Settings)
    employees: list[Employee]
    events: list[Event]
    time_off: list[TimeOff] = Field(default_factory=list)
    availability_overrides: list[AvailabilityOverride] = Field(default_factory=list)
    holidays: list[Holiday] = Field(default_factory=list)
    locked_days: list[Day] = Field(default_factory=list)
    rotations: list[Rotation] = Field(default_factory=list)
    rotation_exceptions: list[RotationException] = Field(default_factory=list)
    existing: list[ExistingAssignment] = Field(default_factory=list)

    @model_validator(mode="after")
    def _cross_checks(self) -> Problem:
        from domain.integrity import check_problem

        check_problem(self)
        return self


ChangeKind = Literal["new", "kept", "moved"]
Reason = Literal[
    "inactive",
    "window_closed",
    "no_eligible_employee",
    "no_available_employee",
    "pair_unscheduled",
    "capacity",
    "dropped",
]
Status = Literal["OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNKNOWN", "INVALID"]


class Assignment(Strict):
    event: Id
    employee: Id
    start: LocalDateTime
    end: LocalDateTime
    block: int | None = Field(None, ge=1, le=12)
    change: ChangeKind = "new"


class Slot(Strict):
    """Where an assignment is: employee, start and (Cores) block."""

    employee: Id
    start: LocalDateTime
    block: int | None = Field(None, ge=1, le=12)


class Move(Strict):
    """One assignment a repair changes; ``from_`` null: new, ``to`` null: left out."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True
    )

    event: Id
    from_: Slot | None = Field(None, alias="from")
    to: Slot | None = None


class Repair(Strict):
    """The best schedule that includes the event, as a difference (RULES.md §7)."""

    feasible: bool
    moves: list[Move] = Field(default_factory=list)
    left_out: list[str] = Field(default_factory=list)
    score_change: dict[str, int] = Field(default_factory=dict)
    objective_change: int | None = None
    by_moves_alone: bool = False
    proven: bool = False
    detail: str = ""


class Blocked(Strict):
    employee: Id
    date: Day
    rules: list[str]


class Explanation(Strict):
    blocked: list[Blocked] = Field(default_factory=list)
    repair: Repair | None = None


class Unscheduled(Strict):
    event: Id
    reason: Reason
    detail: str = ""
    rule: str | None = None
    explanation: Explanation | None = None


class Finding(Strict):
    rule: str
    severity: Literal["critical", "warning"]
    events: list[str] = Field(default_factory=list)
    employee: str | None = None
    date: Day | None = None
    message: str


class Level(Strict):
    """One strict-mode priority level's result (FORMAT.md ``levels``)."""

    priority: int = Field(ge=1, le=9)
    types: list[str]
    value: int
    bound: int
    proven: bool


class Proposal(Strict):
    """A ``schedule-proposal/1`` document."""

    format: Literal["schedule-proposal/1"] = "schedule-proposal/1"
    store: StoreId
    status: Status
    objective: float | None = None
    bound: float | None = None
    solve_seconds: float | None = None
    assignments: list[Assignment] = Field(default_factory=list)
    unscheduled: list[Unscheduled] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    score: dict[str, int] = Field(default_factory=dict)
    levels: list[Level] | None = None
