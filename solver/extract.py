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
    """Blocks per start time: S4 first, then every kept block that costs nothing.

    Per (day, start time): the primary lead of the day takes block 1 (S4); each
    pair keeps its old block when that is a normal one, or an overflow one while
    the Cores still to place fill every free normal block anyway (so S11 counts
    no more overflow than it must); the rest take the lowest free normal block,
    then overflow. A kept block is a Core that does not move.
    """
    f = idx.facts
    used: dict[date, set[int]] = defaultdict(set)
    for fx in idx.fixed:
        if fx.block is not None:
            used[fx.day].add(fx.block)
    old_block = {(x.event, x.employee, x.start): x.block for x in f.problem.existing}
    old_block.update(prefer)
    overflow = {b.number for b in f.blocks if b.overflow}
    order = {b.number: (b.overflow, b.number) for b in f.blocks}
    groups: dict[datetime, list[tuple[str, str, datetime]]] = defaultdict(list)
    for pair in pairs:
        groups[pair[2]].append(pair)

    out: list[Chosen] = []
    for start in sorted(groups):
        day = start.date()
        lead = f.rota("primary_lead", day).employee
        todo = sorted(groups[start], key=lambda x: (x[1] != lead, x not in old_block, x[0]))
        free = sorted(
            (
                b.number
                for b in f.blocks
                if b.start_time == start.time() and b.number not in used[day]
            ),
            key=lambda n: order[n],
        )
        placed = _blocks_at(todo, free, lead, old_block, overflow)
        used[day].update(placed.values())
        out.extend(Chosen(e, p, start, placed[(e, p, start)]) for e, p, _ in todo)
    return out


def _blocks_at(todo: list, free: list[int], lead: str | None, old_block: Mapping, overflow: set):
    """Pair -> block for the Cores of one start time (see :func:`_number_blocks`)."""
    placed: dict[tuple[str, str, datetime], int] = {}
    free = list(free)

    def take(pair, block: int) -> None:
        placed[pair] = block
        free.remove(block)

    for pair in todo:  # S4: the primary lead of the day takes block 1
        if pair[1] == lead and 1 in free:
            take(pair, 1)
            break
    for pair in todo:
        wanted = old_block.get(pair)
        if pair not in placed and wanted in free and wanted not in overflow:
            take(pair, wanted)
    for pair in todo:
        wanted = old_block.get(pair)
        if pair in placed or wanted not in free or wanted not in overflow:
            continue
        left = sum(1 for x in todo if x not in placed) - 1
        if left >= sum(1 for b in free if b not in overflow):
            take(pair, wanted)  # S11 loses nothing: the normal blocks fill anyway
    for pair in todo:
        if pair not in placed:
            take(pair, free[0])
    return placed
