"""The soft-rule score of a schedule, in pure Python, from RULES.md §4.

``score_schedule`` returns one integer per soft rule (S1..S11, penalties
negative) as ``docs/rules-notes.md`` ("Soft rules") reads them; ``objective``
is their sum. The ``*_instances`` helpers list each penalised instance so that
the validator's warnings and the score count the same things.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, time, timedelta

from domain.facts import Facts, week_start
from domain.models import Assignment, ExistingAssignment, Problem
from domain.rules import EventType, Role
from domain.schedule import Item, ScheduleView, check_references, frozen_existing

T = EventType
#: Types exempt from S6: they are part of another event.
_NOT_A_PRODUCT_EVENT = frozenset({T.SUPERVISOR, T.JUICER_SURVEY})
#: Roles whose Core counts S7 compares.
CORE_ROLES = frozenset({Role.SPECIALIST, Role.LEAD, Role.JUICER})


def objective(score: dict[str, int]) -> int:
    """The objective: the sum of the per-rule terms."""
    return sum(score.values())


def score_schedule(
    problem: Problem, assignments: Sequence[Assignment], facts: Facts | None = None
) -> dict[str, int]:
    """Score a schedule: ``{"S1": ..., ..., "S11": ...}``, every key present.

    Raises
    ------
    domain.parse.InputError
        When an assignment names an unknown event or employee.
    """
    facts = facts or Facts(problem)
    check_references(facts, assignments, "assignments")
    return score_view(facts, ScheduleView(facts, assignments))


def score_view(facts: Facts, view: ScheduleView) -> dict[str, int]:
    """:func:`score_schedule` of an already grouped schedule."""
    return {rule: term(facts, view) for rule, term in SCORE_TERMS.items()}


# --- one term per soft rule (the solver's objective terms carry the same names) ----


def _w(facts: Facts, key: str) -> int:
    return facts.settings.weight(key)


def s1_scheduled(facts: Facts, view: ScheduleView) -> int:
    prio = facts.settings.priority_of
    return sum(_w(facts, "S1") + 100 * (10 - prio(it.type)) for it in view.items)


def s2_urgency(facts: Facts, view: ScheduleView) -> int:
    return sum(_w(facts, "S2") * urgency_days(facts, it.event) for it in view.items)


def s3_rotation(facts: Facts, view: ScheduleView) -> int:
    return sum(s3_points(facts, view, it) for it in view.items)


def s4_primary_lead_block_one(facts: Facts, view: ScheduleView) -> int:
    return _w(facts, "S4") * sum(1 for it in view.items if s4_earns(facts, it))


def s5_supervisor_use(facts: Facts, view: ScheduleView) -> int:
    return -sum(
        _w(facts, "S5" if kind == "core" else "S5_lead") for kind, _ in s5_instances(facts, view)
    )


def s6_same_product_same_day(facts: Facts, view: ScheduleView) -> int:
    return -_w(facts, "S6") * sum(len(items) - 1 for _, _, items in s6_instances(view))


def s7_fair_core_counts(facts: Facts, view: ScheduleView) -> int:
    return -_w(facts, "S7") * sum(spread for _, spread, _ in s7_instances(facts, view))


def s8_same_start_time(facts: Facts, view: ScheduleView) -> int:
    return -_w(facts, "S8") * sum(len(days) - 3 for *_, days in s8_instances(view))


def s9_earlier_in_window(facts: Facts, view: ScheduleView) -> int:
    return -_w(facts, "S9") * sum(days_late(facts, it) for it in view.items)


def s10_stability(facts: Facts, view: ScheduleView) -> int:
    return -_w(facts, "S10") * len(s10_instances(facts, view))


def s11_overflow_blocks(facts: Facts, view: ScheduleView) -> int:
    return -_w(facts, "S11") * len(s11_instances(facts, view))


#: Every soft rule's term, keyed by rule id, in rule-book order.
SCORE_TERMS: dict[str, Callable[[Facts, ScheduleView], int]] = {
    "S1": s1_scheduled,
    "S2": s2_urgency,
    "S3": s3_rotation,
    "S4": s4_primary_lead_block_one,
    "S5": s5_supervisor_use,
    "S6": s6_same_product_same_day,
    "S7": s7_fair_core_counts,
    "S8": s8_same_start_time,
    "S9": s9_earlier_in_window,
    "S10": s10_stability,
    "S11": s11_overflow_blocks,
}


# --- per-event terms -------------------------------------------------------


def urgency_days(facts: Facts, event_id: str) -> int:
    """S2: ``max(0, 14 - days from today to the due date)``."""
    due = facts.events[event_id].due.date()
    return max(0, 14 - (due - facts.problem.today).days)


def days_late(facts: Facts, it: Item) -> int:
    """S9: days after the first day the event could be newly scheduled (0 if none)."""
    first = earliest_new_day(facts, it.event)
    return 0 if first is None else max(0, (it.day - first).days)


def earliest_new_day(facts: Facts, event_id: str) -> date | None:
    days = facts.new_days(event_id)
    return days[0] if days else None


# --- S3 / S4: rotations ------------------------------------------------------

ROTATION_KIND: dict[EventType, str] = {
    T.JUICER_PRODUCTION: "juicer",
    T.JUICER_SURVEY: "juicer",
    T.FREEOSK: "primary_lead",
    T.DIGITAL_REFRESH: "primary_lead",
}


def refresh_beside_setup(facts: Facts, view: ScheduleView, it: Item) -> bool:
    """True for a Digital Refresh on a day with a scheduled Digital Setup."""
    return it.type is T.DIGITAL_REFRESH and any(
        x.type is T.DIGITAL_SETUP for x in view.by_day.get(it.day, ())
    )


def s3_points(facts: Facts, view: ScheduleView, it: Item) -> int:
    """S3 bonus of one assignment: full to the rotation's employee, half to its backup."""
    kind = ROTATION_KIND.get(it.type)
    if kind is None:
        return 0
    full = facts.settings.weight("S3")
    rota = facts.rota(kind, it.day)
    if refresh_beside_setup(facts, view, it):
        is_lead = facts.employees[it.employee].role is Role.LEAD
        return full if is_lead and it.employee != rota.employee else 0
    if it.employee == rota.employee:
        return full
    if it.employee == rota.backup:
        return full // 2
    return 0


def s4_earns(facts: Facts, it: Item) -> bool:
    """S4: a Core of the day's primary lead in block 1."""
    return (
        it.type is T.CORE
        and it.block == 1
        and it.employee == facts.rota("primary_lead", it.day).employee
    )


# --- penalised instances (shared with the validator's warnings) --------------


def s5_instances(facts: Facts, view: ScheduleView) -> list[tuple[str, Item]]:
    """``("core", item)`` per Core of a supervisor; ``("lead", item)`` per Supervisor
    event of a lead on a day when a supervisor-role employee could work."""
    supervisors = [e.id for e in facts.problem.employees if e.role is Role.SUPERVISOR]
    free: dict[date, bool] = {}
    out: list[tuple[str, Item]] = []
    for it in view.items:
        role = facts.employees[it.employee].role
        if it.type is T.CORE and role is Role.SUPERVISOR:
            out.append(("core", it))
        elif it.type is T.SUPERVISOR and role is Role.LEAD:
            if it.day not in free:
                free[it.day] = any(facts.day_blocker(s, it.day) is None for s in supervisors)
            if free[it.day]:
                out.append(("lead", it))
    return out


def s6_instances(view: ScheduleView) -> list[tuple[date, str, list[Item]]]:
    """(day, product, items) for each product scheduled more than once on a day."""
    groups: dict[tuple[date, str], list[Item]] = {}
    for it in view.items:
        product = view.facts.events[it.event].product
        if product and it.type not in _NOT_A_PRODUCT_EVENT:
            groups.setdefault((it.day, product.strip().lower()), []).append(it)
    return [(d, p, items) for (d, p), items in groups.items() if len(items) > 1]


def horizon_weeks(facts: Facts) -> list[date]:
    """The Sundays of the weeks that meet the horizon."""
    first = week_start(facts.problem.horizon.start)
    last = week_start(facts.problem.horizon.end)
    return [first + timedelta(days=7 * i) for i in range((last - first).days // 7 + 1)]


def s7_instances(facts: Facts, view: ScheduleView) -> list[tuple[date, int, dict[str, int]]]:
    """(week, spread, Core count per employee) for each horizon week with a spread > 0."""
    horizon = set(facts.horizon_days)
    out = []
    for week in horizon_weeks(facts):
        days = [week + timedelta(days=i) for i in range(7)]
        days = [d for d in days if d in horizon]
        counts = {
            e.id: sum(1 for it in view.by_employee_week.get((e.id, week), ()) if it.type is T.CORE)
            for e in facts.problem.employees
            if e.role in CORE_ROLES and any(facts.day_blocker(e.id, d) is None for d in days)
        }
        if len(counts) >= 2:
            spread = max(counts.values()) - min(counts.values())
            if spread > 0:
                out.append((week, spread, counts))
    return out


def s8_instances(view: ScheduleView) -> list[tuple[str, date, time, list[date]]]:
    """(employee, week, start time, days) where an employee starts Cores at one time on 4+ days."""
    groups: dict[tuple[str, date, time], set[date]] = {}
    for it in view.of_type(T.CORE):
        groups.setdefault((it.employee, it.week, it.time), set()).add(it.day)
    return [(e, w, t, sorted(days)) for (e, w, t), days in groups.items() if len(days) > 3]


def s10_instances(facts: Facts, view: ScheduleView) -> list[tuple[ExistingAssignment, Item | None]]:
    """(existing, replacement or None) per unlocked, non-frozen existing assignment of an
    active event that the schedule drops or moves to another day, employee or time."""
    frozen = {id(x) for x in frozen_existing(facts.problem, facts)}
    out: list[tuple[ExistingAssignment, Item | None]] = []
    for x in facts.problem.existing:
        if id(x) in frozen or not facts.is_active(x.event):
            continue
        items = view.by_event.get(x.event, [])
        if any(it.employee == x.employee and it.start == x.start for it in items):
            continue
        out.append((x, items[0] if items else None))
    return out


def s11_instances(facts: Facts, view: ScheduleView) -> list[Item]:
    """Cores in an overflow block."""
    overflow = {b.number for b in facts.blocks if b.overflow}
    return [it for it in view.of_type(T.CORE) if it.block in overflow]
