"""Small local repairs the wave heuristic tries when a lead task finds nobody.

A Freeosk or Digital event needs a lead (or the club supervisor) free at its
time: a Freeosk, Setup, Refresh or Digitals may overlap her own Core, a
Digital Teardown may not (H12); and a lead needs a Core that day at all
(H17). When first fit fails, two moves on one day are tried, each kept only if
every hard rule still holds and the task then fits:

* **swap**: the lead's Core changes block with another Core of the day (or moves
  to a free block), so that the lead's morning or evening is free;
* **hand over**: a Core of a specialist or juicer goes to a lead without a shift
  that day, so that the lead may take the task (H17);
* **pull**: a Core placed on another day of its window moves, with its
  Supervisor events, to this day and to a lead without a shift.

Also here, for the Core wave and every wave's removals: **bump** (a Core that
finds no room moves one later-due Core of its wave to that Core's next option)
and **unschedule** (an event goes with its paired children and whatever then
breaks H17).

Frozen assignments never move.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.rules import SHIFT_TYPES, EventType, Role
from solver.board import Chosen

if TYPE_CHECKING:
    from solver.greedy import Waves

T = EventType
#: How many Cores from other days one lead task may try to pull onto its day.
MAX_PULLS = 8
#: How many later-due Cores one Core may try to bump.
MAX_BUMPS = 12


def _cores_on(waves: Waves, day: date) -> list[Chosen]:
    board = waves.board
    return sorted(
        (
            c
            for e, c in board.placed.items()
            if c.day == day and waves.f.types[e] is T.CORE and e not in board.frozen
        ),
        key=lambda c: (c.start, c.event),
    )


def _attempt(
    waves: Waves, remove: list[Chosen], add: list[Chosen], task: str, lead: str, day: date
) -> bool:
    """Replace ``remove`` by ``add`` if each passes the rules and the task then fits."""
    board = waves.board
    mark = board.mark()
    for c in remove:
        board.remove(c.event)
    for c in add:
        if board.check(c.event, c.employee, c.start, c.block) is not None:
            board.rollback(mark)
            return False
        board.place(c)
    if waves.first_fit(task, [day], lambda _d: [lead]):
        return True
    board.rollback(mark)
    return False


def _swap(waves: Waves, task: str, lead: str, day: date) -> bool:
    """Move the lead's Core to another block of the day, swapping with its Core if taken."""
    cores = _cores_on(waves, day)
    mine = [c for c in cores if c.employee == lead]
    if not mine:
        return False
    own = mine[0]
    used = waves.board.blocks_used(day)
    for b in waves.f.blocks:
        start = datetime.combine(day, b.start_time)
        if start == own.start:
            continue
        moved = Chosen(own.event, lead, start, b.number)
        if b.number not in used:
            if not b.overflow and _attempt(waves, [own], [moved], task, lead, day):
                return True
            continue
        other = next((c for c in cores if c.block == b.number), None)
        if other is None:
            continue
        back = Chosen(other.event, other.employee, own.start, own.block)
        if _attempt(waves, [own, other], [moved, back], task, lead, day):
            return True
    return False


def _hand_over(waves: Waves, task: str, lead: str, day: date) -> bool:
    """Give a Core of a specialist or juicer that day to a lead without a shift."""
    board = waves.board
    if board.has_shift(lead, day):
        return False
    for core in _cores_on(waves, day):
        giver = waves.role(core.employee)
        if giver not in (Role.SPECIALIST, Role.JUICER) or board.dependents(core.employee, day):
            continue
        taken = Chosen(core.event, lead, core.start, core.block)
        if _attempt(waves, [core], [taken], task, lead, day):
            return True
    return False


def _movable_cores(waves: Waves, day: date) -> list[Chosen]:
    """Placed, unfrozen Cores of other days that could move to ``day``, latest due first."""
    board, f = waves.board, waves.f
    return sorted(
        (
            c
            for e, c in board.placed.items()
            if f.types[e] is T.CORE
            and e not in board.frozen
            and c.day != day
            and day in board.new_days(e)
            and not board.dependents(c.employee, c.day)
            and not any(k in board.frozen for k in f.children.get(e, []))
        ),
        key=lambda c: (-f.events[c.event].due.timestamp(), c.event),
    )[:MAX_PULLS]


def _pull(waves: Waves, employee: str, day: date, then: Callable[[], bool]) -> bool:
    """Bring a movable Core from another day to ``employee`` on ``day`` if ``then()`` holds."""
    board, f = waves.board, waves.f
    if board.has_shift(employee, day):
        return False
    for core in _movable_cores(waves, day):
        mark = board.mark()
        for kid in f.children.get(core.event, []):
            if kid in board.placed:
                board.remove(kid)
        board.remove(core.event)
        if (
            waves.place_core(core.event, only=(day, employee))
            and waves.pair_one(core.event)
            and then()
        ):
            return True
        board.rollback(mark)
    return False


def give_shift(waves: Waves, employee: str, day: date) -> bool:
    """A Core for an employee whose kept Freeosk, Digital or Supervisor event needs one (H17):
    an unplaced Core that may run that day, else one pulled from another day."""
    for core in waves.of_type(T.CORE):
        if day in waves.board.new_days(core) and waves.place_core(core, only=(day, employee)):
            return True
    return _pull(waves, employee, day, lambda: True)


def make_room(waves: Waves, task: str) -> bool:
    """Try the swap, then the hand-over, for each allowed day and lead; True when placed."""
    f = waves.f
    for day in waves.days(task):
        if day in f.locked_days:
            continue
        leads = [
            e
            for e in waves.lead_people(task, day)
            if waves.role(e) is Role.LEAD
            and f.day_blocker(e, day) is None
            and f.role_eligible(e, task)
        ]
        for lead in leads:
            if _swap(waves, task, lead, day):
                return True
        for lead in leads:
            if _hand_over(waves, task, lead, day):
                return True
        for lead in leads:
            if day in waves.board.new_days(task) and _pull(
                waves,
                lead,
                day,
                lambda lead=lead, day=day: waves.first_fit(task, [day], lambda _d: [lead]),
            ):
                return True
    return False


def bump_for(waves: Waves, core: str) -> bool:
    """Move one later-due Core of this wave to its next option to make room."""
    f = waves.f
    due = f.events[core].due
    days = set(waves.days(core))
    placed = waves.board.placed
    victims = sorted(
        (
            v
            for v in waves.bumpable
            if v in placed and f.events[v].due > due and placed[v].day in days
        ),
        key=lambda v: (-f.events[v].due.timestamp(), v),
    )[:MAX_BUMPS]
    for victim in victims:
        old = waves.board.placed[victim]
        if waves.board.dependents(old.employee, old.day) or any(
            c in waves.board.placed for c in waves.f.children.get(victim, [])
        ):
            continue
        mark = waves.board.mark()
        waves.board.remove(victim)
        if waves.place_core(core) and waves.place_core(victim):
            return True
        waves.board.rollback(mark)
    return False


def unschedule(waves: Waves, event_id: str, rule: str) -> bool:
    """Take an event off with its paired children and what then breaks H17."""
    board, f = waves.board, waves.f
    if event_id in board.frozen:
        return False
    old = board.placed.get(event_id)
    if old is None:
        return True
    kids = [k for k in f.children.get(event_id, []) if k in board.placed]
    losing_shift = (
        f.types[event_id] in SHIFT_TYPES and board.shift_count(old.employee, old.day) <= 1
    )
    deps = board.dependents(old.employee, old.day) if losing_shift else []
    if any(k in board.frozen for k in kids + deps):
        return False
    for k in kids:
        board.remove(k)
        waves.drop_rules[k] = "H14" if f.types[k] is T.SUPERVISOR else "H15"
    board.remove(event_id)
    waves.drop_rules[event_id] = rule
    for dep in board.dependents(old.employee, old.day) if losing_shift else []:
        if dep not in board.placed:
            continue
        if f.types[dep] is T.SUPERVISOR:
            board.remove(dep)
            if not waves.place_supervisor(dep):
                waves.drop_rules[dep] = "H17"
                waves.unschedule(f.pair_of[dep], "H14")
        else:
            waves.unschedule(dep, "H17")
    return True
