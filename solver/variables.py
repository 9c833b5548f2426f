"""Decision variables of the CP-SAT model and the sums every rule reads.

Three families of Booleans, all created from :class:`solver.index.Index`:

- ``core[(event, day, slot)]``: a Core event runs in that slot that day;
- ``shift[(employee, day, slot)]``: an employee works a Core in that slot;
- ``cand[i]``: the i-th non-Core candidate of the index is chosen.

Cores and shifts are matched after the solve (:mod:`solver.extract`).
Frozen existing assignments are constants, never variables.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ortools.sat.python import cp_model

from domain.facts import week_start
from domain.rules import EventType
from solver.index import Index, Slot

T = EventType


@dataclass
class Interval:
    """A piece of an employee's day: variable (or None for a frozen one) and its span."""

    var: cp_model.IntVar | None
    start: datetime
    end: datetime
    etype: EventType
    minutes: int  # work minutes (H19)


class Vars:
    """Variables plus indexes by event, day and employee."""

    def __init__(self, model: cp_model.CpModel, idx: Index) -> None:
        self.model = model
        self.idx = idx
        f = idx.facts
        self.core: dict[tuple[str, date, Slot], cp_model.IntVar] = {}
        self.shift: dict[tuple[str, date, Slot], cp_model.IntVar] = {}
        self.cand: list[cp_model.IntVar] = []
        for eid in sorted(idx.core_options):
            for day, slot in idx.core_options[eid]:
                self.core[(eid, day, slot)] = model.new_bool_var(f"core[{eid},{day},{slot.start}]")
        for emp in sorted(idx.shift_options):
            for day, slot in idx.shift_options[emp]:
                name = f"shift[{emp},{day},{slot.start}]"
                self.shift[(emp, day, slot)] = model.new_bool_var(name)
        for i, c in enumerate(idx.cands):
            self.cand.append(model.new_bool_var(f"x[{i}:{c.event},{c.emp},{c.start}]"))

        # Indexes the rules read.
        self.by_event: dict[str, list[tuple[date, cp_model.IntVar]]] = defaultdict(list)
        self.by_emp_day: dict[tuple[str, date], list[Interval]] = defaultdict(list)
        self.slot_cores: dict[tuple[date, Slot], list[cp_model.IntVar]] = defaultdict(list)
        self.slot_shifts: dict[tuple[date, Slot], list[cp_model.IntVar]] = defaultdict(list)
        self.cand_at: dict[tuple[str, str, datetime], cp_model.IntVar] = {}
        #: (event, employee, start) -> "kept as it is" of an existing assignment (S10).
        self.kept: dict[tuple[str, str, datetime], cp_model.LinearExprT] = {}
        self._weeks: dict[tuple[str, date], list[Interval]] | None = None
        for (eid, day, slot), var in self.core.items():
            self.by_event[eid].append((day, var))
            self.slot_cores[(day, slot)].append(var)
        lunch = f.settings.lunch(T.CORE)
        for (emp, day, slot), var in self.shift.items():
            start = datetime.combine(day, slot.start)
            end = start + timedelta(minutes=slot.minutes)
            self.by_emp_day[(emp, day)].append(
                Interval(var, start, end, T.CORE, max(0, slot.minutes - lunch))
            )
            self.slot_shifts[(day, slot)].append(var)
        for c, var in zip(idx.cands, self.cand, strict=True):
            self.by_event[c.event].append((c.day, var))
            etype = f.types[c.event]
            self.by_emp_day[(c.emp, c.day)].append(
                Interval(var, c.start, c.end, etype, f.work_minutes(c.event))
            )
            self.cand_at[(c.event, c.emp, c.start)] = var
        #: event -> [(employee, day, var)] of its candidates, in index order (H15 reads
        #: them per event instead of scanning every candidate).
        self.cands_of: dict[str, list[tuple[str, date, cp_model.IntVar]]] = defaultdict(list)
        for c, var in zip(idx.cands, self.cand, strict=True):
            self.cands_of[c.event].append((c.emp, c.day, var))
        for fx in idx.fixed:
            self.by_emp_day[(fx.emp, fx.day)].append(
                Interval(None, fx.start, fx.end, fx.etype, f.work_minutes(fx.event))
            )

    # --- sums -------------------------------------------------------------
    def scheduled(self, eid: str) -> cp_model.LinearExprT:
        """1 when the event is scheduled (constant 1 for a frozen one)."""
        if eid in self.idx.fixed_events:
            return 1
        return sum(v for _, v in self.by_event.get(eid, ()))

    def on_day(self, eid: str, day: date) -> cp_model.LinearExprT:
        if eid in self.idx.fixed_events:
            return int(any(fx.event == eid and fx.day == day for fx in self.idx.fixed))
        return sum(v for d, v in self.by_event.get(eid, ()) if d == day)

    def emp_days(self) -> dict[tuple[str, date], list[Interval]]:
        return self.by_emp_day

    def week_groups(self) -> dict[tuple[str, date], list[Interval]]:
        """(employee, Sunday) -> every interval of that employee that week (built once:
        the intervals are all known when the variables are)."""
        if self._weeks is None:
            out: dict[tuple[str, date], list[Interval]] = defaultdict(list)
            for (emp, day), items in self.by_emp_day.items():
                out[(emp, week_start(day))].extend(items)
            self._weeks = out
        return self._weeks

    def core_days(self, eid: str) -> set[date]:
        return {d for d, _ in self.by_event.get(eid, ())}
