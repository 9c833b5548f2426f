"""From solver values to assignments: match Cores to employees, number the blocks.

Cores sharing a (day, slot) are interchangeable for every rule, so the model
only counts them; here each Core of a slot gets one employee who works that
slot, and each Core a block: frozen ones keep theirs, the primary lead of the
day gets block 1 (S4), an unchanged existing Core keeps its block, the rest fill
the lowest free normal block and then the overflow blocks (S11).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import date, datetime

from domain.facts import Facts
from solver.index import Index, Slot, frozen
from solver.proposal import Chosen
from solver.variables import Vars


def extract(
    v: Vars,
    is_on: Callable[[object], bool],
    prefer: Mapping[tuple[str, str, datetime], int | None] | None = None,
) -> list[Chosen]:
    """Assignments of a solution; ``is_on(var)`` reads a Boolean's value.

    ``prefer`` maps (event, employee, start) to a block: Core pairs to keep
    (before the unchanged existing ones) with the block they had, as long as
    S4 and S11 lose nothing by it (a repair keeps its proposal's Cores).
    """
    idx, f = v.idx, v.idx.facts
    chosen = [Chosen(fx.event, fx.emp, fx.start, fx.block) for fx in idx.fixed]
    for c, var in zip(idx.cands, v.cand, strict=True):
        if is_on(var):
            chosen.append(Chosen(c.event, c.emp, c.start, None))
    events: dict[tuple[date, Slot], list[str]] = defaultdict(list)
    workers: dict[tuple[date, Slot], list[str]] = defaultdict(list)
    for (eid, day, slot), var in v.core.items():
        if is_on(var):
            events[(day, slot)].append(eid)
    for (emp, day, slot), var in v.shift.items():
        if is_on(var):
            workers[(day, slot)].append(emp)
    pairs = _match(f, events, workers, set(prefer or {}))
    chosen.extend(_number_blocks(idx, pairs, prefer or {}))
    return sorted(chosen, key=lambda c: (c.start, c.event))


def _existing_pairs(f: Facts) -> set[tuple[str, str, datetime]]:
    return {(x.event, x.employee, x.start) for x in f.problem.existing if not frozen(f, x)}


def _match(f: Facts, events, workers, first: set) -> list[tuple[str, str, datetime]]:
    """Pair the Cores of each slot with its workers: ``first`` pairs, then unchanged
    existing pairs, then the rest."""
    keep = _existing_pairs(f)
    out: list[tuple[str, str, datetime]] = []
    for key in sorted(events):
        day, slot = key
        start = datetime.combine(day, slot.start)
        evs, emps = sorted(events[key]), sorted(workers.get(key, []))
        if len(evs) != len(emps):
            raise RuntimeError(f"slot {key}: {len(evs)} Cores for {len(emps)} workers")
        for wanted in (first, keep):
            for e in list(evs):
                for p in emps:
                    if (e, p, start) in wanted:
                        out.append((e, p, start))
                        evs.remove(e)
                        emps.remove(p)
                        break
        out.extend((e, p, start) for e, p in zip(evs, emps, strict=True))
    return out


def _number_blocks(
    idx: Index, pairs: list[tuple[str, str, datetime]], prefer: Mapping
) -> list[Chosen]:
    f = idx.facts
    used: dict[date, set[int]] = defaultdict(set)
    for fx in idx.fixed:
        if fx.block is not None:
            used[fx.day].add(fx.block)
    old_block = {(x.event, x.employee, x.start): x.block for x in f.problem.existing}
    old_block.update(prefer)
    overflow = {b.number for b in f.blocks if b.overflow}
    order = {b.number: (b.overflow, b.number) for b in f.blocks}

    def rank(pair: tuple[str, str, datetime]) -> tuple:
        e, p, start = pair
        lead = f.rota("primary_lead", start.date()).employee
        return (p != lead, pair not in old_block, e)

    out: list[Chosen] = []
    for e, p, start in sorted(pairs, key=lambda x: (x[2], rank(x))):
        day = start.date()
        free = sorted(
            (
                b.number
                for b in f.blocks
                if b.start_time == start.time() and b.number not in used[day]
            ),
            key=lambda n: order[n],
        )
        wanted = old_block.get((e, p, start))
        if p == f.rota("primary_lead", day).employee and 1 in free:
            wanted = 1  # S4: the primary lead of the day takes block 1
        if wanted in overflow and free and free[0] not in overflow:
            wanted = None  # S11: never keep an overflow block while a normal one is free
        block = wanted if wanted in free else free[0]
        used[day].add(block)
        out.append(Chosen(e, p, start, block))
    return out
