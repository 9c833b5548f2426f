"""Soft rules S1-S11 as named objective terms (maximised).

Each function returns one linear expression, frozen assignments included as
constants, so ``solver.value(term)`` is that rule's share of the score and the
objective equals the pure-Python score of ``domain.score`` exactly. Every
``max(0, ...)`` / ``max - min`` is an exact equality (never a one-sided bound),
so even a non-optimal solution reports its true score.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from ortools.sat.python import cp_model

from domain.facts import week_start
from domain.rules import EventType, Role
from solver.index import Slot, frozen
from solver.variables import Vars

T = EventType
Expr = cp_model.LinearExprT
CORE_ROLES = (Role.SPECIALIST, Role.LEAD, Role.JUICER)
NO_PRODUCT_TYPES = (T.SUPERVISOR, T.JUICER_SURVEY)


def soft_terms(v: Vars) -> dict[str, Expr]:
    """Every soft rule's term, keyed by rule id, in rule-book order."""
    return {rule: term(v) for rule, term in SOFT_TERMS.items()}


def _w(v: Vars, key: str) -> int:
    return v.idx.facts.settings.weight(key)


def _per_event(v: Vars, coef: Callable[[str, date], int]) -> Expr:
    """Sum of ``coef(event, day)`` over everything scheduled, frozen included."""
    total: Expr = sum(coef(fx.event, fx.day) for fx in v.idx.fixed)
    for eid, items in v.by_event.items():
        for day, var in items:
            c = coef(eid, day)
            if c:
                total += c * var
    return total


def s1_scheduled(v: Vars) -> Expr:
    base = _w(v, "S1")
    f = v.idx.facts
    prio = f.settings.priority_of
    return _per_event(v, lambda e, d: base + 100 * (10 - prio(f.types[e])))


def s2_urgency(v: Vars) -> Expr:
    w, f = _w(v, "S2"), v.idx.facts
    today = f.problem.today
    return _per_event(v, lambda e, d: w * max(0, 14 - (f.events[e].due.date() - today).days))


def s9_earlier_in_window(v: Vars) -> Expr:
    w, f = _w(v, "S9"), v.idx.facts
    earliest: dict[str, date | None] = {}

    def coef(e: str, d: date) -> int:
        if e not in earliest:
            days = f.new_days(e)
            earliest[e] = days[0] if days else None
        first = earliest[e]
        return -w * max(0, (d - first).days) if first else 0

    return _per_event(v, coef)


def _setup_day(v: Vars, day: date, cache: dict) -> Expr:
    """1 when a Digital Setup is scheduled that day (a Boolean, or a constant)."""
    if day in cache:
        return cache[day]
    f = v.idx.facts
    if any(fx.etype is T.DIGITAL_SETUP and fx.day == day for fx in v.idx.fixed):
        cache[day] = 1
        return 1
    setups = [
        var
        for e, items in v.by_event.items()
        if f.types[e] is T.DIGITAL_SETUP
        for d, var in items
        if d == day
    ]
    if not setups:
        cache[day] = 0
        return 0
    b = v.model.new_bool_var(f"setup_day[{day}]")
    v.model.add_max_equality(b, setups)
    cache[day] = b
    return b


def _and(v: Vars, a: Expr, b: Expr) -> Expr:
    if isinstance(a, int) or isinstance(b, int):
        return a * b
    z = v.model.new_bool_var("")
    v.model.add_multiplication_equality(z, [a, b])
    return z


def s3_rotation(v: Vars) -> Expr:
    w, f = _w(v, "S3"), v.idx.facts
    kinds = {
        T.JUICER_PRODUCTION: "juicer",
        T.JUICER_SURVEY: "juicer",
        T.FREEOSK: "primary_lead",
        T.DIGITAL_REFRESH: "primary_lead",
    }
    setup_cache: dict = {}
    total: Expr = 0
    items = [(c.event, c.emp, c.day, var) for c, var in zip(v.idx.cands, v.cand, strict=True)]
    items += [(fx.event, fx.emp, fx.day, 1) for fx in v.idx.fixed]
    for eid, emp, day, x in items:
        kind = kinds.get(f.types[eid])
        if kind is None:
            continue
        rota = f.rota(kind, day)
        base = w if emp == rota.employee else w // 2 if emp == rota.backup else 0
        if f.types[eid] is not T.DIGITAL_REFRESH:
            total += base * x
            continue
        alt = w if f.employees[emp].role is Role.LEAD and emp != rota.employee else 0
        if base == alt:
            total += base * x
            continue
        # bonus = base when no Setup that day, alt when there is one.
        total += base * x + (alt - base) * _and(v, x, _setup_day(v, day, setup_cache))
    return total


def s4_primary_lead_block_one(v: Vars) -> Expr:
    w, f = _w(v, "S4"), v.idx.facts
    block_one = f.block_start.get(1)
    if block_one is None:
        return 0
    total: Expr = 0
    for day in f.horizon_days:
        lead = f.rota("primary_lead", day).employee
        if lead is None:
            continue
        fixed_one = [
            fx for fx in v.idx.fixed if fx.etype is T.CORE and fx.day == day and fx.block == 1
        ]
        if fixed_one:
            total += w * int(fixed_one[0].emp == lead)
            continue
        total += w * sum(
            var for (emp, d, slot), var in _shifts_of(v, lead, day) if slot.start == block_one
        )
    # Frozen Cores outside the horizon still earn it when in block 1.
    hz = f.problem.horizon
    for fx in v.idx.fixed:
        if fx.etype is T.CORE and fx.block == 1 and not (hz.start <= fx.day <= hz.end):
            total += w * int(fx.emp == f.rota("primary_lead", fx.day).employee)
    return total


def _shifts_of(v: Vars, emp: str, day: date) -> list[tuple[tuple[str, date, Slot], object]]:
    return [(k, var) for k, var in v.shift.items() if k[0] == emp and k[1] == day]


def s5_supervisor_use(v: Vars) -> Expr:
    f = v.idx.facts
    w_core, w_lead = _w(v, "S5"), _w(v, "S5_lead")
    sup_ids = [e.id for e in f.employees.values() if e.role is Role.SUPERVISOR]
    free: dict[date, bool] = {}

    def sup_free(day: date) -> bool:
        if day not in free:
            free[day] = any(f.day_blocker(s, day) is None for s in sup_ids)
        return free[day]

    total: Expr = 0
    for (emp, _d, _s), var in v.shift.items():
        if f.employees[emp].role is Role.SUPERVISOR:
            total -= w_core * var
    items = [(c.event, c.emp, c.day, var) for c, var in zip(v.idx.cands, v.cand, strict=True)]
    items += [(fx.event, fx.emp, fx.day, 1) for fx in v.idx.fixed]
    for eid, emp, day, x in items:
        role = f.employees[emp].role
        if f.types[eid] is T.CORE and role is Role.SUPERVISOR:
            total -= w_core * x
        elif f.types[eid] is T.SUPERVISOR and role is Role.LEAD and sup_free(day):
            total -= w_lead * x
    return total


def _max0(v: Vars, expr: Expr, upper: int, name: str) -> Expr:
    """An integer equal to ``max(0, expr)`` (exact, not a bound)."""
    if isinstance(expr, int):
        return max(0, expr)
    out = v.model.new_int_var(0, max(0, upper), name)
    v.model.add_max_equality(out, [expr, 0])
    return out


def s6_same_product_same_day(v: Vars) -> Expr:
    w, f = _w(v, "S6"), v.idx.facts
    groups: dict[tuple[date, str], list] = defaultdict(list)
    for eid, items in v.by_event.items():
        product = f.events[eid].product
        if product and f.types[eid] not in NO_PRODUCT_TYPES:
            for day, var in items:
                groups[(day, product.strip().lower())].append(var)
    for fx in v.idx.fixed:
        product = f.events[fx.event].product
        if product and fx.etype not in NO_PRODUCT_TYPES:
            groups[(fx.day, product.strip().lower())].append(1)
    total: Expr = 0
    for (day, product), xs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if len(xs) < 2:
            continue
        total -= w * _max0(v, sum(xs) - 1, len(xs) - 1, f"s6[{day},{product}]")
    return total


def _core_count_terms(v: Vars):
    """(employee, Sunday) -> [Core shift vars or 1 for frozen Cores]."""
    out: dict[tuple[str, date], list] = defaultdict(list)
    for (emp, day, slot), var in v.shift.items():
        out[(emp, week_start(day))].append((slot.start, var))
    for fx in v.idx.fixed:
        if fx.etype is T.CORE:
            out[(fx.emp, week_start(fx.day))].append((fx.start.time(), 1))
    return out


def s7_fair_core_counts(v: Vars) -> Expr:
    w, f = _w(v, "S7"), v.idx.facts
    counts = _core_count_terms(v)
    total: Expr = 0
    for week in sorted({week_start(d) for d in f.horizon_days}):
        days = [d for d in f.horizon_days if week_start(d) == week]
        emps = [
            e.id
            for e in f.employees.values()
            if e.role in CORE_ROLES and any(f.day_blocker(e.id, d) is None for d in days)
        ]
        if len(emps) < 2:
            continue
        exprs = [sum(x for _, x in counts.get((e, week), [])) for e in emps]
        if all(isinstance(x, int) for x in exprs):
            total -= w * (max(exprs) - min(exprs))
            continue
        hi = v.model.new_int_var(0, 7, f"s7max[{week}]")
        lo = v.model.new_int_var(0, 7, f"s7min[{week}]")
        v.model.add_max_equality(hi, exprs)
        v.model.add_min_equality(lo, exprs)
        total -= w * (hi - lo)
    return total


def s8_same_start_time(v: Vars) -> Expr:
    w = _w(v, "S8")
    total: Expr = 0
    for (emp, week), items in sorted(_core_count_terms(v).items()):
        by_time: dict = defaultdict(list)
        for start, x in items:
            by_time[start].append(x)
        for start, xs in sorted(by_time.items()):
            if len(xs) >= 4:
                total -= w * _max0(v, sum(xs) - 3, len(xs) - 3, f"s8[{emp},{week},{start}]")
    return total


def s10_stability(v: Vars) -> Expr:
    w, f = _w(v, "S10"), v.idx.facts
    total: Expr = 0
    seen: set[str] = set()
    for ex in f.problem.existing:
        if (
            not f.is_active(ex.event)
            or frozen(f, ex)
            or ex.event in v.idx.fixed_events
            or ex.event in seen
        ):
            continue
        seen.add(ex.event)
        total += w * kept_existing(v, ex) - w
    return total


def kept_existing(v: Vars, ex) -> Expr:
    """1 when the solution keeps existing assignment ``ex``'s employee and start (for a
    Core: its slot runs that day and the employee works it); 0 when the model has no
    such choice. One variable per assignment, shared by S10 and a repair's change count."""
    key = (ex.event, ex.employee, ex.start)
    if key not in v.kept:
        f = v.idx.facts
        day = ex.start.date()
        if f.types[ex.event] is T.CORE:
            slot = Slot(ex.start.time(), f.duration(ex.event))
            core = v.core.get((ex.event, day, slot))
            shift = v.shift.get((ex.employee, day, slot))
            v.kept[key] = _and(v, core, shift) if core is not None and shift is not None else 0
        else:
            v.kept[key] = v.cand_at.get((ex.event, ex.employee, ex.start), 0)
    return v.kept[key]


def s11_overflow_blocks(v: Vars) -> Expr:
    w = _w(v, "S11")
    total: Expr = -w * sum(v.idx.fixed_overflow.values())
    per_start: dict[tuple[date, object], list] = defaultdict(list)
    for (day, slot), cores in v.slot_cores.items():
        per_start[(day, slot.start)].extend(cores)
    for (day, start), cores in sorted(per_start.items()):
        normal, _ = v.idx.free_blocks.get((day, start), (0, 0))
        if len(cores) > normal:
            total -= w * _max0(v, sum(cores) - normal, len(cores) - normal, f"s11[{day},{start}]")
    return total


#: Every soft rule's term builder, keyed by rule id, in rule-book order; each carries
#: the name of the scorer's term of the same rule (``domain.score.SCORE_TERMS``).
SOFT_TERMS: dict[str, Callable[[Vars], Expr]] = {
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
