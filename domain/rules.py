"""The rule book (``docs/spec/RULES.md``) as data.

Everything here is a default: a store's ``settings`` may override durations,
start times, lunches, shift blocks, limits and weights (see ``domain.models``).
Ids (H01..H20, S1..S11, reason codes) are the contract shared by the solver,
the validator, the reports and the tests.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEAD = "lead"
    SPECIALIST = "specialist"
    SUPERVISOR = "supervisor"
    JUICER = "juicer"


class EventType(StrEnum):
    CORE = "Core"
    SUPERVISOR = "Supervisor"
    JUICER_PRODUCTION = "Juicer Production"
    JUICER_SURVEY = "Juicer Survey"
    JUICER_DEEP_CLEAN = "Juicer Deep Clean"
    FREEOSK = "Freeosk"
    DIGITAL_SETUP = "Digital Setup"
    DIGITAL_REFRESH = "Digital Refresh"
    DIGITAL_TEARDOWN = "Digital Teardown"
    DIGITALS = "Digitals"
    OTHER = "Other"


T = EventType

#: Default duration in minutes (RULES.md §2).
DEFAULT_DURATION: dict[EventType, int] = {
    T.CORE: 390,
    T.SUPERVISOR: 5,
    T.JUICER_PRODUCTION: 540,
    T.JUICER_SURVEY: 15,
    T.JUICER_DEEP_CLEAN: 240,
    T.FREEOSK: 15,
    T.DIGITAL_SETUP: 30,
    T.DIGITAL_REFRESH: 15,
    T.DIGITAL_TEARDOWN: 15,
    T.DIGITALS: 15,
    T.OTHER: 15,
}

#: Default unpaid lunch in minutes (``lunch_min``); types not listed have none.
DEFAULT_LUNCH: dict[EventType, int] = {T.CORE: 30, T.JUICER_PRODUCTION: 60}

_DIGITAL_AM = ["10:15", "10:30", "10:45", "11:00"]

#: Default allowed start times ("HH:MM"). Core start times come from the blocks.
DEFAULT_START_TIMES: dict[EventType, list[str]] = {
    T.SUPERVISOR: ["12:00"],
    T.JUICER_PRODUCTION: ["09:00"],
    T.JUICER_SURVEY: ["17:00"],
    T.JUICER_DEEP_CLEAN: ["09:00"],
    T.FREEOSK: ["10:00", "12:00"],
    T.DIGITAL_SETUP: list(_DIGITAL_AM),
    T.DIGITAL_REFRESH: list(_DIGITAL_AM),
    T.DIGITAL_TEARDOWN: [
        "17:00",
        "17:15",
        "17:30",
        "17:45",
        "18:00",
        "18:15",
        "18:30",
        "18:45",
    ],
    T.DIGITALS: list(_DIGITAL_AM),
    T.OTHER: ["11:00", "12:00"],
}

#: Roles eligible for each type (H04). Supervisors on a Core cost S5.
ELIGIBLE_ROLES: dict[EventType, frozenset[Role]] = {
    T.CORE: frozenset({Role.SPECIALIST, Role.LEAD, Role.JUICER, Role.SUPERVISOR}),
    T.SUPERVISOR: frozenset({Role.SUPERVISOR, Role.LEAD}),
    T.JUICER_PRODUCTION: frozenset({Role.JUICER, Role.SUPERVISOR}),
    T.JUICER_SURVEY: frozenset({Role.JUICER, Role.SUPERVISOR}),
    T.JUICER_DEEP_CLEAN: frozenset({Role.JUICER, Role.SUPERVISOR}),
    T.FREEOSK: frozenset({Role.LEAD, Role.SUPERVISOR}),
    T.DIGITAL_SETUP: frozenset({Role.LEAD, Role.SUPERVISOR}),
    T.DIGITAL_REFRESH: frozenset({Role.LEAD, Role.SUPERVISOR}),
    T.DIGITAL_TEARDOWN: frozenset({Role.LEAD, Role.SUPERVISOR}),
    T.DIGITALS: frozenset({Role.LEAD, Role.SUPERVISOR}),
    T.OTHER: frozenset({Role.LEAD, Role.SUPERVISOR}),
}

#: Types scheduled only on the date of the event's start (H07).
START_DATE_ONLY: frozenset[EventType] = frozenset(
    {
        T.JUICER_PRODUCTION,
        T.FREEOSK,
        T.DIGITAL_SETUP,
        T.DIGITAL_REFRESH,
        T.DIGITAL_TEARDOWN,
    }
)

#: Types whose day is the day of their paired event (H14, H15).
PAIRED_TYPES: frozenset[EventType] = frozenset({T.SUPERVISOR, T.JUICER_SURVEY})

#: The *base shifts* (RULES.md §2): counted by H09, required by H17.
SHIFT_TYPES: frozenset[EventType] = frozenset({T.CORE, T.JUICER_PRODUCTION})

#: Support tasks that may overlap anything of their employee (H12).
OVERLAP_ANYTHING: frozenset[EventType] = frozenset({T.SUPERVISOR, T.JUICER_SURVEY})

#: Support tasks that may overlap their employee's own base shift, and nothing else (H12).
INSIDE_BASE_SHIFT: frozenset[EventType] = frozenset(
    {T.FREEOSK, T.DIGITAL_SETUP, T.DIGITAL_REFRESH, T.DIGITALS}
)

#: The support tasks of RULES.md §2: done inside a shift, never counted by H19.
SUPPORT_TYPES: frozenset[EventType] = OVERLAP_ANYTHING | INSIDE_BASE_SHIFT


def may_overlap(a: EventType, b: EventType) -> bool:
    """H12: may two assignments of one employee, of types ``a`` and ``b``, overlap in time?

    The one definition that the validator, the CP-SAT model, the greedy board
    and the explanations share (RULES.md §3, H12): Supervisor events and Juicer
    Surveys overlap anything; a Freeosk, Digital Setup, Digital Refresh or
    Digitals event overlaps a base shift (Core or Juicer Production) of the same
    employee; nothing else overlaps.
    """
    if a in OVERLAP_ANYTHING or b in OVERLAP_ANYTHING:
        return True
    return (a in INSIDE_BASE_SHIFT and b in SHIFT_TYPES) or (
        b in INSIDE_BASE_SHIFT and a in SHIFT_TYPES
    )


#: Types that a non-supervisor may only do on a day with a shift (H17).
NEEDS_BASE_SHIFT: frozenset[EventType] = frozenset(
    {
        T.FREEOSK,
        T.DIGITAL_SETUP,
        T.DIGITAL_REFRESH,
        T.DIGITAL_TEARDOWN,
        T.DIGITALS,
        T.SUPERVISOR,
    }
)

#: Type priority for S1 (lower is more important).
PRIORITY: dict[EventType, int] = {
    T.JUICER_PRODUCTION: 1,
    T.JUICER_SURVEY: 1,
    T.JUICER_DEEP_CLEAN: 1,
    T.DIGITAL_SETUP: 2,
    T.DIGITAL_REFRESH: 3,
    T.FREEOSK: 4,
    T.DIGITAL_TEARDOWN: 5,
    T.CORE: 6,
    T.SUPERVISOR: 7,
    T.DIGITALS: 8,
    T.OTHER: 9,
}

#: Default shift blocks: (block, "HH:MM"); blocks 9-12 exist only when configured.
DEFAULT_SHIFT_BLOCKS: list[tuple[int, str]] = [
    (1, "10:15"),
    (2, "10:15"),
    (3, "10:45"),
    (4, "10:45"),
    (5, "11:15"),
    (6, "11:15"),
    (7, "11:45"),
    (8, "11:45"),
]

#: Inactive event conditions, lower case (RULES.md §2: compared without regard to
#: case; every other condition, ``Reissued`` included, is active).
INACTIVE_CONDITIONS: frozenset[str] = frozenset({"canceled", "cancelled", "expired"})

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday keys indexed like ``date.weekday()`` (Monday = 0)."""

#: Default soft-rule weights. ``S5`` is the supervisor-on-Core penalty and
#: ``S5_lead`` the Supervisor-event-to-a-lead penalty (RULES.md gives "200 / 20").
DEFAULT_WEIGHTS: dict[str, int] = {
    "S1": 1000,
    "S2": 20,
    "S3": 50,
    "S4": 25,
    "S5": 200,
    "S5_lead": 20,
    "S6": 75,
    "S7": 5,
    "S8": 10,
    "S9": 1,
    "S10": 200,
    "S11": 30,
}

SOFT_RULES: tuple[str, ...] = ("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10", "S11")

HARD_RULES: dict[str, str] = {
    "H01": "No assignment on a company holiday.",
    "H02": "No assignment on a day inside one of the employee's time-off ranges.",
    "H03": "No assignment on a day the employee is unavailable.",
    "H04": "The employee's role is eligible for the event type.",
    "H05": "The employee is active and not terminated.",
    "H06": "The event is active and has at most one assignment.",
    "H07": "The assignment lies inside the event's window, the buffer and the horizon.",
    "H08": "The start time is one of the type's allowed start times.",
    "H09": "At most max_shifts_per_day Core or Juicer Production per employee per day.",
    "H10": "At most max_core_per_week Core per employee per week.",
    "H11": "At most max_juicer_production_per_week Juicer Production per employee per week.",
    "H12": "No two assignments of one employee overlap in time.",
    "H13": "Each shift block holds at most one Core per day.",
    "H14": "A Supervisor event is scheduled if and only if its Core is, on the same day.",
    "H15": "A Juicer Survey is scheduled iff its Production is, same employee, same day.",
    "H16": "No Juicer Deep Clean on a day with a scheduled Juicer Production.",
    "H17": "A non-supervisor with a Freeosk, Digital or Supervisor event also has a shift.",
    "H18": "No new assignment on a locked day; existing ones there stay.",
    "H19": "At most max_week_minutes work minutes per employee per week.",
    "H20": "Locked and frozen existing assignments stay exactly as they are.",
}

SOFT_RULE_TEXT: dict[str, str] = {
    "S1": "Scheduled events (by type priority).",
    "S2": "Urgency: events due soon.",
    "S3": "Rotation: juicer and primary lead of the day.",
    "S4": "Primary lead on a Core has block 1.",
    "S5": "Supervisor on a Core; Supervisor event to a lead while a supervisor is free.",
    "S6": "Same product twice on one day.",
    "S7": "Fairness of Core counts over the week.",
    "S8": "Same Core start time on 4 or more days of a week.",
    "S9": "Earlier inside the window.",
    "S10": "Stability of unlocked existing assignments.",
    "S11": "Overflow blocks used.",
}

REASONS: tuple[str, ...] = (
    "inactive",
    "window_closed",
    "no_eligible_employee",
    "no_available_employee",
    "pair_unscheduled",
    "capacity",
    "dropped",
)


def health_score(critical: int, warning: int) -> int:
    """Health score of RULES.md §5: ``max(0, 100 - 10*critical - 3*warning)``."""
    return max(0, 100 - 10 * critical - 3 * warning)


def health_label(score: int) -> str:
    """The band name of a health score (RULES.md §5)."""
    if score >= 90:
        return "excellent"
    if score >= 70:
        return "good"
    if score >= 50:
        return "fair"
    return "needs attention"


def detect_type(name: str) -> EventType:
    """Event type from an event name (RULES.md §2: case-insensitive, first match wins)."""
    n = name.lower()
    if "juicer" in n:
        if "production" in n:
            return T.JUICER_PRODUCTION
        if "survey" in n:
            return T.JUICER_SURVEY
        if "deep clean" in n:
            return T.JUICER_DEEP_CLEAN
        return T.JUICER_PRODUCTION
    if "supervisor" in n:
        return T.SUPERVISOR
    if "freeosk" in n:
        return T.FREEOSK
    if "digital" in n:
        if "setup" in n:
            return T.DIGITAL_SETUP
        if "refresh" in n:
            return T.DIGITAL_REFRESH
        if "teardown" in n:
            return T.DIGITAL_TEARDOWN
        return T.DIGITALS
    if "core" in n:
        return T.CORE
    return T.OTHER


def is_active_condition(condition: str | None) -> bool:
    """``Canceled``/``Cancelled`` and ``Expired`` (any case) are inactive; anything else,
    ``Reissued`` included (an event issued again after a reschedule), is active."""
    return (condition or "Unstaffed").strip().lower() not in INACTIVE_CONDITIONS
