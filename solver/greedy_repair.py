"""Small local repairs the wave heuristic tries when a lead task finds nobody.

A Freeosk or Digital event needs a lead (or the club supervisor) whose own Core
that day does not overlap it (H12), and a lead needs a Core that day at all
(H17). When first fit fails, two moves on one day are tried, each kept only if
every hard rule still holds and the task then fits:

* **swap**: the lead's Core changes block with another Core of the day (or moves
  to a free block), so that the lead's morning or evening is free;
* **hand over**: a Core of a specialist or juicer goes to a lead without a shift
  that day, so that the lead may take the task (H17);
* **pull**: a Core placed on another day of its window moves, with its
  Supervisor events, to this day and to a lead without a shift.

Frozen assignments never move.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.rules import EventType, Role
from solver.board import Chosen

if TYPE_CHECKING:
    from solver.greedy import Waves

T = EventType
#: How many Cores from other days one lead task may try to pull onto its day.
MAX_PULLS = 8


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
