"""The wave heuristic in strict priority order (RULES.md §4, ``priority_mode: strict``).

The weighted waves place Cores before the lead tasks because a lead needs a
Core that day (H17). A wave planner that serves the categories strictly in
priority order cannot do that: a Digital Setup (priority 2) must be placed
before any Core (6) is. So here each priority is one wave (its types in the
rule book's order, ``settings.priority_of`` deciding the priority), and a
lead task that finds no lead with a shift gives a lead a Core that day first
(with its Supervisor events, H14), then takes the task. This proposal is the
hint of the strict CP-SAT search and the baseline it is compared with.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.rules import EventType, Role
from solver.greedy_repair import give_shift

if TYPE_CHECKING:
    from solver.greedy import Waves

T = EventType
#: Types placed by the lead-task wave (first fit, local repair, then a Core for a lead).
LEAD_TASKS = (
    T.FREEOSK,
    T.DIGITAL_SETUP,
    T.DIGITAL_REFRESH,
    T.DIGITAL_TEARDOWN,
    T.DIGITALS,
    T.OTHER,
)


def priority_waves(waves: Waves) -> list[list[EventType]]:
    """The types of each priority, most important first; within one, the rule book's order."""
    prio = waves.f.settings.priority_of
    return [[t for t in EventType if prio(t) == p] for p in sorted({prio(t) for t in EventType})]


def run_strict_waves(waves: Waves) -> None:
    """Place every not yet placed active event, one priority after the other."""
    for types in priority_waves(waves):
        for etype in types:
            _wave(waves, etype)


def _wave(waves: Waves, etype: EventType) -> None:
    if etype is T.JUICER_PRODUCTION:
        for prod in waves.of_type(etype):
            waves.place_production(prod)  # with its Surveys (H15)
    elif etype is T.JUICER_DEEP_CLEAN:
        for clean in waves.of_type(etype):
            waves.place_deep_clean(clean)
    elif etype is T.CORE:
        for core in waves.of_type(etype):
            if not waves.place_core(core):
                waves.bump_for(core)
        waves.pair_supervisors()
    elif etype is T.SUPERVISOR:
        waves.pair_supervisors()  # Supervisor events go with their Core or not at all
    elif etype in LEAD_TASKS:
        for ev in waves.of_type(etype):
            if not waves.place_lead_task(ev):
                _with_new_shift(waves, ev)
    # Juicer Surveys are placed with their Production.


def _with_new_shift(waves: Waves, task: str) -> bool:
    """Give a lead without a shift a Core on one of the task's days, then the task."""
    board, f = waves.board, waves.f
    for day in waves.days(task):
        if day in f.locked_days:
            continue
        for lead in waves.lead_people(task, day):
            if (
                waves.role(lead) is not Role.LEAD
                or board.has_shift(lead, day)
                or f.day_blocker(lead, day) is not None
                or not f.role_eligible(lead, task)
            ):
                continue
            mark, rules = board.mark(), dict(waves.drop_rules)
            if (
                give_shift(waves, lead, day)
                and _paired(waves, lead, day)
                and waves.first_fit(task, [day], lambda _d, lead=lead: [lead])
            ):
                return True
            board.rollback(mark)
            waves.drop_rules = rules
    return False


def _paired(waves: Waves, employee: str, day) -> bool:
    """Every Core of the employee that day has its Supervisor events (H14)."""
    cores = [
        e
        for e in waves.board.on_day(employee, day)
        if waves.f.types[e] is T.CORE and e not in waves.board.frozen
    ]
    return all(waves.pair_one(c) for c in sorted(cores))
