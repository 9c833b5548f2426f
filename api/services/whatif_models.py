"""What-if request and answer models (pydantic), and the errors of a what-if.

See :mod:`api.services.whatif` for the use case.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.services.runs import SolveParams
from domain.models import Employee, Event, Horizon, LocalDateTime, Settings, WeightKey

#: Largest time limit of one what-if solve (seconds); larger requests are capped.
MAX_TIME_LIMIT = 10.0
#: Scenarios per what-if.
MAX_SCENARIOS = 4
#: Longest base horizon (days) a what-if may solve.
MAX_HORIZON_DAYS = 63
#: Longest window (days) of an event a scenario adds or changes.
MAX_EVENT_WINDOW_DAYS = 366
#: Changes per scenario.
MAX_CHANGES = 200
#: Dates a what-if accepts (horizon, today, event windows).
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)

Code = Annotated[str, Field(min_length=1, max_length=64)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- the request -------------------------------------------------------------


class EmployeeOff(_Body):
    """The employee takes time off on ``dates``, or from ``start`` to ``end`` (inclusive)."""

    kind: Literal["employee_off"]
    employee: Code
    dates: list[dt.date] | None = Field(None, min_length=1, max_length=366)
    start: dt.date | None = None
    end: dt.date | None = None

    @model_validator(mode="after")
    def _one_form(self) -> EmployeeOff:
        if self.dates is not None and (self.start is not None or self.end is not None):
            raise ValueError("give either dates or start/end, not both")
        if self.dates is None and self.start is None:
            raise ValueError("give dates, or start (and end)")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self

    def ranges(self) -> list[tuple[dt.date, dt.date]]:
        if self.dates is not None:
            return [(d, d) for d in sorted(set(self.dates))]
        assert self.start is not None
        return [(self.start, self.end or self.start)]


class EmployeeAdded(_Body):
    """A new employee joins the roster."""

    kind: Literal["employee_added"]
    employee: Employee


class EmployeeRemoved(_Body):
    """The employee leaves: their time off, overrides, rotations and assignments go too."""

    kind: Literal["employee_removed"]
    employee: Code


class EventAdded(_Body):
    """A new event to schedule."""

    kind: Literal["event_added"]
    event: Event


class EventRemoved(_Body):
    """The event is gone (with its assignment); events paired to it by ``pairs_with``
    lose that link and pair as if it had never been set."""

    kind: Literal["event_removed"]
    event: Code


class EventWindow(_Body):
    """The event's window opens at ``start`` and/or closes at ``due``."""

    kind: Literal["event_window"]
    event: Code
    start: LocalDateTime | None = None
    due: LocalDateTime | None = None

    @model_validator(mode="after")
    def _something(self) -> EventWindow:
        if self.start is None and self.due is None:
            raise ValueError("give start, due or both")
        return self


class WeightsChanged(_Body):
    """Soft-rule weights override the store's (per rule id)."""

    kind: Literal["weights"]
    weights: dict[WeightKey, Annotated[int, Field(ge=0, le=1_000_000)]] = Field(min_length=1)


class SettingsChanged(_Body):
    """Store settings: the fields given replace the store's (dict fields merge by key)."""

    kind: Literal["settings"]
    settings: Settings


Change = Annotated[
    EmployeeOff
    | EmployeeAdded
    | EmployeeRemoved
    | EventAdded
    | EventRemoved
    | EventWindow
    | WeightsChanged
    | SettingsChanged,
    Field(discriminator="kind"),
]


class Scenario(_Body):
    """A named list of changes to the base problem (none: the base itself)."""

    name: str = Field(min_length=1, max_length=100)
    changes: list[Change] = Field(default_factory=list, max_length=MAX_CHANGES)


class WhatIfBase(_Body):
    """The base: the store's horizon as seen on ``today``, and how to solve it."""

    horizon: Horizon
    today: dt.date | None = Field(
        None, description="The problem's today (default: the day before horizon.start)."
    )
    time_limit: float = Field(
        5.0,
        gt=0,
        le=3600,
        allow_inf_nan=False,
        description=f"Seconds per solve; capped at {MAX_TIME_LIMIT:g}.",
    )
    seed: int = Field(0, ge=0, le=2**31 - 1)
    workers: int = Field(
        1, ge=1, le=8, description="CP-SAT workers; 1 (the default) is reproducible."
    )
    priority_mode: Literal["weighted", "strict"] | None = Field(
        None, description="weighted or strict (RULES.md §4); default: the store's setting."
    )

    @model_validator(mode="after")
    def _horizon(self) -> WhatIfBase:
        for name, day in (
            ("horizon.start", self.horizon.start),
            ("horizon.end", self.horizon.end),
            ("today", self.today),
        ):
            if day is not None and not FIRST_DATE <= day <= LAST_DATE:
                raise ValueError(f"{name}: {day} is outside {FIRST_DATE} to {LAST_DATE}")
        days = (self.horizon.end - self.horizon.start).days + 1
        if days < 1:
            raise ValueError("horizon.end is before horizon.start")
        if days > MAX_HORIZON_DAYS:
            raise ValueError(f"horizon is {days} days; a what-if solves at most {MAX_HORIZON_DAYS}")
        return self

    def params(self) -> SolveParams:
        return SolveParams(
            time_limit=min(self.time_limit, MAX_TIME_LIMIT),
            workers=self.workers,
            seed=self.seed,
            priority_mode=self.priority_mode,
        )


class WhatIfRequest(_Body):
    """``POST /stores/{store}/whatif``: a base and 1-4 scenarios."""

    base: WhatIfBase
    scenarios: list[Scenario] = Field(min_length=1, max_length=MAX_SCENARIOS)


# --- the answer --------------------------------------------------------------


class Line(BaseModel):
    """One assignment."""

    event: str
    type: str
    employee: str
    start: LocalDateTime
    end: LocalDateTime
    block: int | None = None


class ChangedLine(BaseModel):
    """An event scheduled in both, differently (employee, start or block)."""

    event: str
    type: str
    before: Line
    after: Line


class UnscheduledLine(BaseModel):
    event: str
    type: str
    reason: str
    detail: str = ""
    rule: str | None = None


class SolveSummary(BaseModel):
    """One solve: how it went and what it scheduled."""

    status: str
    objective: float | None
    bound: float | None
    solve_seconds: float
    scheduled: int
    scheduled_by_type: dict[str, int]
    unscheduled_by_reason: dict[str, int]
    unscheduled: list[UnscheduledLine]
    score: dict[str, int]
    critical: int = Field(
        description="Critical findings of the proposal (always 0 unless"
        " locked assignments break a rule)."
    )


class AssignmentDiff(BaseModel):
    """The scenario's assignments against the base's, by event."""

    added: list[Line] = Field(default_factory=list)
    removed: list[Line] = Field(default_factory=list)
    changed: list[ChangedLine] = Field(default_factory=list)


class ScenarioResult(BaseModel):
    name: str
    changes: int
    same_as_base: bool = Field(
        description="The changed problem equals the base: the base's answer is reused."
    )
    result: SolveSummary
    diff: AssignmentDiff
    score_diff: dict[str, int] = Field(description="Scenario minus base, per soft rule.")
    objective_diff: float | None


class WhatIfResult(BaseModel):
    """The side-by-side answer of a what-if."""

    run_id: int | None = None
    store: str
    today: dt.date
    horizon: Horizon
    params: dict[str, Any]
    base: SolveSummary
    scenarios: list[ScenarioResult]


# --- applying changes ----------------------------------------------------------


class ChangeError(ValueError):
    """A scenario's change does not give a valid problem; ``str()`` names where.

    ``loc`` is the same place as a path: ``("scenarios", i, "changes", j)``.
    """

    def __init__(self, message: str, loc: tuple = ("scenarios",)) -> None:
        super().__init__(message)
        self.loc = loc


class ProblemTooLarge(ValueError):
    """The store's problem for the horizon is over the configured size."""
