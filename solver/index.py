"""Candidate generation: which (event, employee, day, start) choices exist at all.

Everything a *unary* rule forbids (H01-H08, H18: :mod:`solver.unary`, shared with
the explanations and the service's candidate ranking, and the one-sided parts of
H14-H17) is filtered here, so the model never sees a variable that could only
ever be 0. Core events are split by symmetry: an event picks a (day, slot) and
an employee picks a (day, slot); the two are matched after the solve, because
every Core of a slot is interchangeable for every employee rule.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from domain.facts import Facts, week_start
from domain.models import ExistingAssignment
from domain.rules import ELIGIBLE_ROLES, NEEDS_BASE_SHIFT, EventType, Role
from domain.schedule import is_frozen
from solver.unary import employee_day_rules, event_day_rules, starts_on

T = EventType


@dataclass(frozen=True, order=True)
class Slot:
    """A Core shift shape: start time of day and length in minutes."""

    start: time
    minutes: int


@dataclass(frozen=True)
class Cand:
    """A non-Core candidate assignment."""

    event: str
    emp: str
    start: datetime
    end: datetime

    @cached_property
    def day(self) -> date:
        # Read for every candidate by every rule: computed once (not a field, so
        # equality and hashing stay those of the four fields).
        return self.start.date()


@dataclass(frozen=True)
class Fixed:
    """A frozen existing assignment (H18, H20): counted, never changed."""

    event: str
    emp: str
    start: datetime
    end: datetime
    block: int | None
    etype: EventType

    @property
    def day(self) -> date:
        return self.start.date()


@dataclass
class Index:
    """All choices the model may make, with dense lists for the builder."""

    facts: Facts
    fixed: list[Fixed] = field(default_factory=list)
    fixed_events: set[str] = field(default_factory=set)
    #: Core event -> [(day, slot)] it may take.
    core_options: dict[str, list[tuple[date, Slot]]] = field(default_factory=dict)
    #: Employee -> [(day, slot)] Core shifts they may work.
    shift_options: dict[str, list[tuple[date, Slot]]] = field(default_factory=dict)
    cands: list[Cand] = field(default_factory=list)
    #: (day, start time) -> (free normal blocks, free overflow blocks).
    free_blocks: dict[tuple[date, time], tuple[int, int]] = field(default_factory=dict)
    #: (day, start time) -> Cores of frozen assignments in overflow blocks.
    fixed_overflow: dict[tuple[date, time], int] = field(default_factory=dict)

    def weeks(self) -> list[date]:
        return sorted({week_start(d) for d in self.facts.horizon_days})


def frozen(facts: Facts, ex: ExistingAssignment) -> bool:
    """H20 (:func:`domain.schedule.is_frozen`) plus H18: on a locked day it stays too."""
    return is_frozen(facts.problem, ex) or ex.start.date() in facts.locked_days


def build_index(facts: Facts) -> Index:
    """Enumerate every choice that passes the unary rules."""
    idx = Index(facts)
    h20_frozen_stay_as_they_are(idx)
    _core_options(idx)
    _shift_options(idx)
    _support_candidates(idx)
    return idx


def h20_frozen_stay_as_they_are(idx: Index) -> None:
    """H20 (and H18): frozen existing assignments of active events become constants,
    and the blocks they hold are taken out of the free blocks."""
    f = idx.facts
    for ex in f.problem.existing:
        if f.is_active(ex.event) and frozen(f, ex) and ex.event not in idx.fixed_events:
            idx.fixed.append(
                Fixed(
                    ex.event,
                    ex.employee,
                    ex.start,
                    f.end_of(ex.event, ex.start),
                    ex.block,
                    f.types[ex.event],
                )
            )
            idx.fixed_events.add(ex.event)
    used: dict[tuple[date, int], int] = defaultdict(int)
    for fx in idx.fixed:
        if fx.etype is T.CORE and fx.block is not None:
            used[(fx.day, fx.block)] += 1
    starts = sorted({b.start_time for b in f.blocks})
    for day in f.horizon_days:
        for t in starts:
            normal = sum(
                1
                for b in f.blocks
                if b.start_time == t and not b.overflow and not used[(day, b.number)]
            )
            over = sum(
                1
                for b in f.blocks
                if b.start_time == t and b.overflow and not used[(day, b.number)]
            )
            idx.free_blocks[(day, t)] = (normal, over)
            idx.fixed_overflow[(day, t)] = sum(
                1 for b in f.blocks if b.start_time == t and b.overflow and used[(day, b.number)]
            )


def _core_options(idx: Index) -> None:
    f = idx.facts
    for eid, etype in f.types.items():
        if etype is not T.CORE or not f.is_active(eid) or eid in idx.fixed_events:
            continue
        slots = []
        for day in f.new_days(eid):
            if event_day_rules(f, eid, day):
                continue
            for start in starts_on(f, eid, day):
                t = start.time()
                if sum(idx.free_blocks.get((day, t), (0, 0))) > 0:
                    slots.append((day, Slot(t, f.duration(eid))))
        if slots:
            idx.core_options[eid] = slots


def _shift_options(idx: Index) -> None:
    f = idx.facts
    wanted: dict[date, set[Slot]] = defaultdict(set)
    for options in idx.core_options.values():
        for day, slot in options:
            wanted[day].add(slot)
    for emp in f.employees.values():
        if emp.role not in ELIGIBLE_ROLES[T.CORE]:
            continue
        opts = [
            (day, slot)
            for day in sorted(wanted)
            if not employee_day_rules(f, emp.id, day, first=True)
            for slot in sorted(wanted[day])
        ]
        if opts:
            idx.shift_options[emp.id] = opts


def _employee_off(f: Facts):
    """``off(employee, day)``: :func:`employee_day_rules` forbids any work that day;
    each (employee, day) asked once, as every event asks the same question."""
    seen: dict[tuple[str, date], bool] = {}

    def off(emp: str, day: date) -> bool:
        key = (emp, day)
        if key not in seen:
            seen[key] = bool(employee_day_rules(f, emp, day, first=True))
        return seen[key]

    return off


def _support_candidates(idx: Index) -> None:
    f = idx.facts
    fixed_jp_days = {fx.day for fx in idx.fixed if fx.etype is T.JUICER_PRODUCTION}
    fixed_clean_days = {fx.day for fx in idx.fixed if fx.etype is T.JUICER_DEEP_CLEAN}
    fixed_shift = {
        (fx.emp, fx.day) for fx in idx.fixed if fx.etype in (T.CORE, T.JUICER_PRODUCTION)
    }
    shift_days = {(emp, day) for emp, opts in idx.shift_options.items() for day, _ in opts}
    schedulable = set(idx.core_options) | idx.fixed_events
    # Productions first: Surveys and H17 look at them.
    order = sorted(f.types, key=lambda e: (f.types[e] is not T.JUICER_PRODUCTION, e))
    partner_days: dict[str, set[date]] = {
        e: {d for d, _ in opts} for e, opts in idx.core_options.items()
    }
    for fx in idx.fixed:
        partner_days.setdefault(fx.event, set()).add(fx.day)
    off = _employee_off(f)
    for eid in order:
        etype = f.types[eid]
        if etype is T.CORE or not f.is_active(eid) or eid in idx.fixed_events:
            continue
        partner = f.pair_of.get(eid) if etype in (T.SUPERVISOR, T.JUICER_SURVEY) else None
        if etype in (T.SUPERVISOR, T.JUICER_SURVEY) and (
            partner is None or not f.is_active(partner) or partner not in schedulable
        ):
            continue
        days = [d for d in f.new_days(eid) if not event_day_rules(f, eid, d)]
        if partner is not None:
            days = [d for d in days if d in partner_days.get(partner, set())]
        if etype is T.JUICER_DEEP_CLEAN:
            days = [d for d in days if d not in fixed_jp_days]
        if etype is T.JUICER_PRODUCTION:  # H16 beside a frozen Deep Clean
            days = [d for d in days if d not in fixed_clean_days]
        found = False
        eligible = [emp for emp in f.employees.values() if f.role_eligible(emp.id, eid)]
        minutes = timedelta(minutes=f.duration(eid))
        for day in days:
            # The allowed starts depend on the event and the day only: asked once.
            starts = [(start, start + minutes) for start in starts_on(f, eid, day)]
            for emp in eligible:  # H04 (role) passed
                if off(emp.id, day):
                    continue  # the employee is off that day (unary.py)
                if (
                    etype in NEEDS_BASE_SHIFT
                    and emp.role is not Role.SUPERVISOR
                    and (emp.id, day) not in shift_days
                    and (emp.id, day) not in fixed_shift
                ):
                    continue
                for start, end in starts:
                    idx.cands.append(Cand(eid, emp.id, start, end))
                    found = True
                    if etype is T.JUICER_PRODUCTION:
                        shift_days.add((emp.id, day))
        if found:
            schedulable.add(eid)
            partner_days.setdefault(eid, set()).update(days)
