"""A schedule under construction and the hard-rule check of adding one assignment.

:class:`Board` keeps the counters that H09-H13, H16, H17 and H19 need (per
employee and day, per employee and week, per day) so that checking one more
assignment is cheap. The greedy baseline builds its schedule on a board, and
the unscheduled-reason code (:mod:`solver.reasons`) replays a finished
schedule on one to say which rule left no room for an event.

A board judges *one more assignment*; it never judges what is already on it
(frozen existing assignments are placed as they are, broken or not).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from domain.facts import Facts, week_start
from domain.rules import (
    NEEDS_BASE_SHIFT,
    OVERLAP_ANYTHING,
    SHIFT_TYPES,
    EventType,
    Role,
    may_overlap,
)

T = EventType


@dataclass(frozen=True)
class Chosen:
    """One assignment a solver picked: event, employee, start and Core block."""

    event: str
    employee: str
    start: datetime
    block: int | None = None

    @property
    def day(self) -> date:
        return self.start.date()


class Board:
    """Assignments placed so far, with the counters the hard rules need."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        s = facts.settings
        self.max_shifts = s.max_shifts_per_day
        self.max_core = s.max_core_per_week
        self.max_prod = s.max_juicer_production_per_week
        self.max_minutes = s.max_week_minutes
        self.placed: dict[str, Chosen] = {}
        self.frozen: set[str] = set()
        self._busy: dict[tuple[str, date], list[tuple[datetime, datetime, str]]] = {}
        self._on_day: dict[tuple[str, date], set[str]] = {}
        self._shifts: Counter[tuple[str, date]] = Counter()
        self._core_week: Counter[tuple[str, date]] = Counter()
        self._prod_week: Counter[tuple[str, date]] = Counter()
        self._minutes: Counter[tuple[str, date]] = Counter()
        self._blocks: dict[date, set[int]] = {}
        self._prod_days: Counter[date] = Counter()
        self._clean_days: Counter[date] = Counter()
        self._new_days: dict[str, frozenset[date]] = {}
        self._log: list[tuple[int, Chosen, bool]] = []

    @classmethod
    def of(cls, facts: Facts, assignments: Iterable) -> Board:
        """A board holding ``assignments`` (anything with event, employee, start, block)."""
        board = cls(facts)
        for a in assignments:
            if a.event not in board.placed:
                board.place(Chosen(a.event, a.employee, a.start, a.block), frozen=True)
        return board

    # --- queries ----------------------------------------------------------
    def new_days(self, event_id: str) -> frozenset[date]:
        days = self._new_days.get(event_id)
        if days is None:
            days = self._new_days[event_id] = frozenset(self.facts.new_days(event_id))
        return days

    def shift_count(self, employee: str, day: date) -> int:
        return self._shifts[(employee, day)]

    def has_shift(self, employee: str, day: date) -> bool:
        return self._shifts[(employee, day)] > 0

    def core_count(self, employee: str, day: date) -> int:
        return self._core_week[(employee, week_start(day))]

    def on_day(self, employee: str, day: date) -> set[str]:
        return self._on_day.get((employee, day), set())

    def blocks_used(self, day: date) -> set[int]:
        return self._blocks.get(day, set())

    def production_days(self) -> set[date]:
        return {d for d, n in self._prod_days.items() if n > 0}

    def dependents(self, employee: str, day: date) -> list[str]:
        """Events of a non-supervisor that need a Core or Production that day (H17)."""
        if self.facts.employees[employee].role is Role.SUPERVISOR:
            return []
        types = self.facts.types
        return sorted(e for e in self.on_day(employee, day) if types[e] in NEEDS_BASE_SHIFT)

    # --- the check ----------------------------------------------------------
    def check(
        self,
        event: str,
        employee: str,
        start: datetime,
        block: int | None = None,
        *,
        new: bool = True,
    ) -> str | None:
        """The first hard rule that adding this assignment would break, else ``None``.

        ``new=False`` judges an existing assignment kept as it is: exempt from the
        buffer, the horizon and locked days (H07, H18).
        """
        f = self.facts
        etype = f.types[event]
        day = start.date()
        if not f.is_active(event) or event in self.placed:
            return "H06"
        if not f.role_eligible(employee, event):
            return "H04"
        blocker = f.day_blocker(employee, day)
        if blocker is not None:
            return blocker
        if new and day in f.locked_days:
            return "H18"
        if not f.in_window(event, start) or (new and day not in self.new_days(event)):
            return "H07"
        if start.time() not in f.start_times(event):
            return "H08"
        if etype is T.CORE:
            if block is None or f.block_start.get(block) != start.time():
                return "H08"
        elif block is not None:
            return "H08"
        return self._check_load(event, etype, employee, start, block)

    def _check_load(
        self,
        event: str,
        etype: EventType,
        employee: str,
        start: datetime,
        block: int | None,
    ) -> str | None:
        f = self.facts
        day = start.date()
        week = (employee, week_start(day))
        if etype in SHIFT_TYPES and self._shifts[(employee, day)] >= self.max_shifts:
            return "H09"
        if etype is T.CORE and self._core_week[week] >= self.max_core:
            return "H10"
        if etype is T.JUICER_PRODUCTION and self._prod_week[week] >= self.max_prod:
            return "H11"
        if etype is T.CORE and block in self.blocks_used(day):
            return "H13"
        if etype in (T.SUPERVISOR, T.JUICER_SURVEY):
            parent = f.pair_of.get(event)
            home = self.placed.get(parent) if parent is not None else None
            rule = "H14" if etype is T.SUPERVISOR else "H15"
            if home is None or home.day != day:
                return rule
            if etype is T.JUICER_SURVEY and home.employee != employee:
                return rule
        if etype is T.JUICER_DEEP_CLEAN and self._prod_days[day] > 0:
            return "H16"
        if etype is T.JUICER_PRODUCTION and self._clean_days[day] > 0:
            return "H16"
        if (
            etype in NEEDS_BASE_SHIFT
            and f.employees[employee].role is not Role.SUPERVISOR
            and self._shifts[(employee, day)] == 0
        ):
            return "H17"
        if etype not in OVERLAP_ANYTHING:
            end = f.end_of(event, start)
            for b_start, b_end, other in self._busy.get((employee, day), ()):
                if start < b_end and b_start < end and not may_overlap(etype, f.types[other]):
                    return "H12"
        if self._minutes[week] + f.work_minutes(event) > self.max_minutes:
            return "H19"
        return None

    # --- changes --------------------------------------------------------------
    def place(self, chosen: Chosen, *, frozen: bool = False) -> None:
        """Put an assignment on the board (no check: call :meth:`check` first)."""
        self._apply(chosen, +1)
        self.placed[chosen.event] = chosen
        if frozen:
            self.frozen.add(chosen.event)
        self._log.append((+1, chosen, frozen))

    def remove(self, event: str) -> Chosen:
        """Take an assignment off the board and return it."""
        chosen = self.placed.pop(event)
        frozen = event in self.frozen
        self.frozen.discard(event)
        self._apply(chosen, -1)
        self._log.append((-1, chosen, frozen))
        return chosen

    def mark(self) -> int:
        """A point to :meth:`rollback` to."""
        return len(self._log)

    def rollback(self, mark: int) -> None:
        """Undo every place and remove since ``mark``."""
        while len(self._log) > mark:
            sign, chosen, frozen = self._log.pop()
            if sign > 0:
                self.placed.pop(chosen.event)
                self.frozen.discard(chosen.event)
                self._apply(chosen, -1)
            else:
                self._apply(chosen, +1)
                self.placed[chosen.event] = chosen
                if frozen:
                    self.frozen.add(chosen.event)

    def _apply(self, c: Chosen, sign: int) -> None:
        f = self.facts
        etype = f.types[c.event]
        day = c.day
        key = (c.employee, day)
        week = (c.employee, week_start(day))
        on_day = self._on_day.setdefault(key, set())
        if sign > 0:
            on_day.add(c.event)
        else:
            on_day.discard(c.event)
        if etype not in OVERLAP_ANYTHING:
            busy = self._busy.setdefault(key, [])
            item = (c.start, f.end_of(c.event, c.start), c.event)
            if sign > 0:
                busy.append(item)
            else:
                busy.remove(item)
        if etype in SHIFT_TYPES:
            self._shifts[key] += sign
        if etype is T.CORE:
            self._core_week[week] += sign
            if c.block is not None:
                used = self._blocks.setdefault(day, set())
                if sign > 0:
                    used.add(c.block)
                else:
                    used.discard(c.block)
        if etype is T.JUICER_PRODUCTION:
            self._prod_week[week] += sign
            self._prod_days[day] += sign
        if etype is T.JUICER_DEEP_CLEAN:
            self._clean_days[day] += sign
        self._minutes[week] += sign * f.work_minutes(c.event)
