"""Hard rules H06-H20 as CP-SAT constraints, one small function per rule.

H01-H05, H07, H08 and H18 are unary: :mod:`solver.index` never creates a
candidate that breaks them. Frozen existing assignments (H20) are constants;
a limit they already break on their own is not made infeasible, it only stops
anything new from being added (the validator reports the frozen breach).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ortools.sat.python import cp_model

from domain.rules import (
    INSIDE_BASE_SHIFT,
    NEEDS_BASE_SHIFT,
    OVERLAP_ANYTHING,
    SHIFT_TYPES,
    EventType,
    Role,
)
from solver.variables import Interval, Vars

T = EventType


def add_hard_rules(v: Vars, *, relax_frozen_pairs: bool = False) -> None:
    """Add every hard rule, in rule-book order."""
    h06_one_assignment_per_event(v)
    core_slots_match_shifts(v)
    h09_shifts_per_day(v)
    h10_cores_per_week(v)
    h11_productions_per_week(v)
    h12_no_overlap(v)
    h13_one_core_per_block(v)
    h14_supervisor_follows_core(v, relax_frozen_pairs)
    h15_survey_follows_production(v, relax_frozen_pairs)
    h16_no_deep_clean_on_production_day(v)
    h17_support_needs_base_shift(v, relax_frozen_pairs)
    h19_weekly_minutes(v)


def _cap(m: cp_model.CpModel, new: list, fixed: int, limit: int) -> None:
    """``new + fixed <= limit``; when frozen ones alone break it, forbid anything new."""
    if not new:
        return
    m.add(sum(new) <= max(0, limit - fixed))


def h06_one_assignment_per_event(v: Vars) -> None:
    for items in v.by_event.values():
        if len(items) > 1:
            v.model.add_at_most_one(var for _, var in items)


def core_slots_match_shifts(v: Vars) -> None:
    """Every Core in a (day, slot) has exactly one employee working that slot."""
    for key in set(v.slot_cores) | set(v.slot_shifts):
        v.model.add(sum(v.slot_cores.get(key, [])) == sum(v.slot_shifts.get(key, [])))


def _is_shift(it: Interval) -> bool:
    return it.etype in SHIFT_TYPES


def h09_shifts_per_day(v: Vars) -> None:
    limit = v.idx.facts.settings.max_shifts_per_day
    for items in v.emp_days().values():
        shifts = [it for it in items if _is_shift(it)]
        _cap(
            v.model,
            [it.var for it in shifts if it.var is not None],
            sum(1 for it in shifts if it.var is None),
            limit,
        )


def _weekly_cap(v: Vars, etype: EventType, limit: int) -> None:
    for items in v.week_groups().values():
        mine = [it for it in items if it.etype is etype]
        _cap(
            v.model,
            [it.var for it in mine if it.var is not None],
            sum(1 for it in mine if it.var is None),
            limit,
        )


def h10_cores_per_week(v: Vars) -> None:
    _weekly_cap(v, T.CORE, v.idx.facts.settings.max_core_per_week)


def h11_productions_per_week(v: Vars) -> None:
    _weekly_cap(v, T.JUICER_PRODUCTION, v.idx.facts.settings.max_juicer_production_per_week)


def h12_no_overlap(v: Vars) -> None:
    """H12 as at-most-ones over groups of mutually overlapping intervals (not pairwise).

    ``may_overlap`` lets a Freeosk/Digital task overlap its employee's base
    shift and nothing else, so the conflicts are exactly those inside two
    interval families: base shifts with the other timed work, and those tasks
    with the other timed work (the "other" work, a Deep Clean, Other or
    Teardown, is in both). In each family every overlapping pair shares the
    later of its two starts, so the intervals covering each start point form
    the maximal cliques needed.
    """
    for items in v.emp_days().values():
        timed = [it for it in items if it.etype not in OVERLAP_ANYTHING]
        if len(timed) < 2:
            continue
        shifts_and_other = [it for it in timed if it.etype not in INSIDE_BASE_SHIFT]
        tasks_and_other = [it for it in timed if it.etype not in SHIFT_TYPES]
        for family in (shifts_and_other, tasks_and_other):
            _at_most_one_at_each_start(v, family)


def _at_most_one_at_each_start(v: Vars, timed: list[Interval]) -> None:
    """No two intervals of ``timed`` overlap (frozen ones are constants)."""
    if len(timed) < 2:
        return
    seen: set[tuple[frozenset[int], bool]] = set()
    for point in sorted({it.start for it in timed}):
        group = [it for it in timed if it.start <= point < it.end]
        new = [it.var for it in group if it.var is not None]
        fixed = len(group) - len(new)
        key = (frozenset(id(x) for x in new), fixed > 0)
        if not new or key in seen or len(group) < 2:
            continue
        seen.add(key)
        if fixed:
            for var in new:
                v.model.add(var == 0)
        else:
            v.model.add_at_most_one(new)


def h13_one_core_per_block(v: Vars) -> None:
    per_start: dict[tuple[date, object], list] = defaultdict(list)
    for (day, slot), cores in v.slot_cores.items():
        per_start[(day, slot.start)].extend(cores)
    for (day, start), cores in per_start.items():
        normal, over = v.idx.free_blocks.get((day, start), (0, 0))
        v.model.add(sum(cores) <= normal + over)


def _pair_days(v: Vars, child: str, parent: str) -> set[date]:
    days = v.core_days(child) | v.core_days(parent)
    days |= {fx.day for fx in v.idx.fixed if fx.event in (child, parent)}
    return days


def h14_supervisor_follows_core(v: Vars, relax: bool) -> None:
    f = v.idx.facts
    for sup, core in f.pair_of.items():
        if f.types[sup] is not T.SUPERVISOR or not f.is_active(sup):
            continue
        _follow(v, sup, core, relax)


def _follow(v: Vars, child: str, parent: str | None, relax: bool) -> None:
    """``child`` is scheduled on a day iff ``parent`` is, on that same day."""
    f = v.idx.facts
    if parent is None or not f.is_active(parent):
        for _, var in v.by_event.get(child, ()):
            v.model.add(var == 0)
        return
    for day in _pair_days(v, child, parent):
        _equal(v, v.on_day(child, day), v.on_day(parent, day), relax)


def _equal(v: Vars, lhs: cp_model.LinearExprT, rhs: cp_model.LinearExprT, relax: bool) -> None:
    """``lhs == rhs``, where a frozen side is the constant 0 or 1.

    Two constants that differ are a frozen breach (the validator reports it).
    In relaxed mode a frozen 1 no longer forces its partner; a frozen 0 still
    forbids it.
    """
    if isinstance(lhs, int) and isinstance(rhs, int):
        return
    if relax and (
        lhs == 1 if isinstance(lhs, int) else rhs == 1 if isinstance(rhs, int) else False
    ):
        return
    v.model.add(lhs == rhs)


def h15_survey_follows_production(v: Vars, relax: bool) -> None:
    f = v.idx.facts
    for survey, prod in f.pair_of.items():
        if f.types[survey] is not T.JUICER_SURVEY or not f.is_active(survey):
            continue
        _follow(v, survey, prod, relax)
        if prod is None or not f.is_active(prod):
            continue
        # Same employee: per (employee, day) the Survey goes with its Production.
        keys = {(emp, day) for e in (survey, prod) for emp, day, _ in v.cands_of.get(e, ())}
        keys |= {(fx.emp, fx.day) for fx in v.idx.fixed if fx.event in (survey, prod)}
        for emp, day in sorted(keys):
            _equal(v, _on(v, survey, emp, day), _on(v, prod, emp, day), relax)


def _on(v: Vars, eid: str, emp: str, day: date) -> cp_model.LinearExprT:
    if eid in v.idx.fixed_events:
        return int(any(fx.event == eid and fx.emp == emp and fx.day == day for fx in v.idx.fixed))
    return sum(var for p, d, var in v.cands_of.get(eid, ()) if p == emp and d == day)


def h16_no_deep_clean_on_production_day(v: Vars) -> None:
    prod: dict[date, list] = defaultdict(list)
    clean: dict[date, list] = defaultdict(list)
    fixed_prod = {fx.day for fx in v.idx.fixed if fx.etype is T.JUICER_PRODUCTION}
    for (_, day), items in v.emp_days().items():
        for it in items:
            if it.var is None:
                continue
            if it.etype is T.JUICER_PRODUCTION:
                prod[day].append(it.var)
            elif it.etype is T.JUICER_DEEP_CLEAN:
                clean[day].append(it.var)
    for day, cleans in clean.items():
        if day in fixed_prod:
            for var in cleans:
                v.model.add(var == 0)
            continue
        if not prod.get(day):
            continue
        any_prod = v.model.new_bool_var(f"production_day[{day}]")
        for var in prod[day]:
            v.model.add_implication(var, any_prod)
        for var in cleans:
            v.model.add_implication(var, ~any_prod)


def h17_support_needs_base_shift(v: Vars, relax: bool) -> None:
    f = v.idx.facts
    for (emp, _day), items in v.emp_days().items():
        if f.employees[emp].role is Role.SUPERVISOR:
            continue
        support = [it for it in items if it.etype in NEEDS_BASE_SHIFT]
        shifts = [it for it in items if _is_shift(it)]
        if not support or any(it.var is None for it in shifts):
            continue
        base = sum(it.var for it in shifts)
        for it in support:
            if it.var is not None:
                v.model.add(it.var <= base)
            elif shifts and not relax:
                v.model.add(base >= 1)  # a frozen Freeosk/Digital keeps its shift


def h19_weekly_minutes(v: Vars) -> None:
    limit = v.idx.facts.settings.max_week_minutes
    for items in v.week_groups().values():
        new = [(it.var, it.minutes) for it in items if it.var is not None and it.minutes]
        fixed = sum(it.minutes for it in items if it.var is None)
        if not new:
            continue
        if sum(mins for _, mins in new) + fixed <= limit:
            continue
        v.model.add(sum(var * mins for var, mins in new) <= max(0, limit - fixed))
