"""Explanations of a proposal (RULES.md §7): blocks and repairs, computed by the solver.

- :func:`blocked`: per eligible employee and allowed day, the rules that block
  the event there: the unary rules of :mod:`solver.unary` (the same functions
  candidate generation uses), else the load rules (H09-H19) that the
  proposal's own assignments leave no room under (:class:`solver.board.Board`).
- :func:`repair`: the best schedule that includes an unscheduled event, as
  a counterfactual solve on the solver's own model (:mod:`solver.index`,
  :mod:`solver.variables`, :mod:`solver.constraints`, :mod:`solver.objective`)
  with the event forced in, warm-started from the proposal, maximising
  ``(objective, -changed assignments)`` lexicographically, bounded in time.
- :func:`explain`: both, as FORMAT.md's ``explanation``.

Pure: no I/O. :mod:`solver.why_not` answers "why not this employee".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime

from ortools.sat.python import cp_model

from domain.facts import Facts
from domain.models import Blocked, Explanation, Move, Problem, Proposal, Repair, Slot
from domain.rules import EventType
from solver.board import Board
from solver.constraints import add_hard_rules
from solver.extract import extract
from solver.index import Slot as CoreSlot
from solver.index import build_index
from solver.objective import soft_terms
from solver.unary import starts_on, unary_rules
from solver.variables import Vars

T = EventType
#: Default time limit of one repair (seconds).
REPAIR_SECONDS = 2.0


def allowed_days(facts: Facts, event: str) -> list:
    """The days an explanation looks at: open to new assignments, else the whole window."""
    return facts.new_days(event) or facts.window_days(event)


def load_rules(facts: Facts, board: Board, event: str, employee: str, day) -> list[str]:
    """Rules H09-H19 that the board's assignments break for every start (and block)
    of ``event`` by ``employee`` on ``day``; empty when one of them fits."""
    rules: set[str] = set()
    blocks = [b for b in facts.blocks] if facts.types[event] is T.CORE else [None]
    for start in starts_on(facts, event, day):
        for b in blocks:
            if b is not None and b.start_time != start.time():
                continue
            rule = board.check(event, employee, start, b.number if b else None)
            if rule is None:
                return []
            rules.add(rule)
    return sorted(rules, key=lambda r: int(r[1:]) if r[1:].isdigit() else 99)


def blocked(facts: Facts, event: str, proposal: Proposal | None = None) -> list[Blocked]:
    """Per role-eligible employee and allowed day, the rules that block ``event``.

    Unary rules first (H01-H07, H18); where none holds and a proposal is given,
    the load rules that its assignments (the event's own taken out) leave no room
    under. A pair that is free is not listed.
    """
    board = None
    if proposal is not None:
        board = Board.of(facts, [a for a in proposal.assignments if a.event != event])
    out: list[Blocked] = []
    for day in allowed_days(facts, event):
        for emp in sorted(facts.employees):
            if not facts.role_eligible(emp, event):
                continue
            rules = unary_rules(facts, event, emp, day)
            if not rules and board is not None:
                rules = load_rules(facts, board, event, emp, day)
            if rules:
                out.append(Blocked(employee=emp, date=day, rules=rules))
    return out


@dataclass
class _Model:
    v: Vars
    terms: dict
    total: object


def build_model(facts: Facts, *, relax: bool = False) -> _Model:
    """The solver's model (same candidates, hard rules and soft terms as :func:`solve`)."""
    model = cp_model.CpModel()
    v = Vars(model, build_index(facts))
    add_hard_rules(v, relax_frozen_pairs=relax)
    terms = soft_terms(v)
    return _Model(v, terms, sum(terms.values()))


def _kept_var(v: Vars, facts: Facts, a) -> object:
    """1 when the solution keeps the proposal's assignment ``a`` as it is."""
    if a.event in v.idx.fixed_events:
        return 1
    if facts.types[a.event] is T.CORE:
        slot = CoreSlot(a.start.time(), facts.duration(a.event))
        core = v.core.get((a.event, a.start.date(), slot))
        shift = v.shift.get((a.employee, a.start.date(), slot))
        if core is None or shift is None:
            return 0
        z = v.model.new_bool_var(f"kept[{a.event}]")
        v.model.add_multiplication_equality(z, [core, shift])
        return z
    return v.cand_at.get((a.event, a.employee, a.start), 0)


def _pin(v: Vars, facts: Facts, event: str, employee: str) -> dict:
    """Constrain ``event`` onto ``employee``; for a Core, the (event, employee, start)
    pairs as Booleans (core and shift both on), so extraction can keep the pair."""
    if event in v.idx.fixed_events:
        return {}
    if facts.types[event] is not T.CORE:
        mine = [x for (e, p, _), x in v.cand_at.items() if e == event and p == employee]
        v.model.add(sum(mine) == 1)
        return {}
    pairs = {}
    for (e, day, slot), core in v.core.items():
        shift = v.shift.get((employee, day, slot))
        if e != event or shift is None:
            continue
        z = v.model.new_bool_var(f"pin[{day},{slot.start}]")
        v.model.add_multiplication_equality(z, [core, shift])
        pairs[(event, employee, datetime.combine(day, slot.start))] = z
    v.model.add(sum(pairs.values()) == 1)
    return pairs


def _hint(v: Vars, facts: Facts, proposal: Proposal) -> None:
    from solver.search_aids import add_hint

    add_hint(v, proposal)


def repair(
    problem: Problem,
    proposal: Proposal,
    event: str,
    *,
    time_limit: float = REPAIR_SECONDS,
    workers: int = 1,
    seed: int = 0,
    facts: Facts | None = None,
    employee: str | None = None,
) -> Repair:
    """The best schedule that includes ``event``, as a difference from ``proposal``.

    Parameters
    ----------
    problem, proposal
        The problem and a complete proposal of it that leaves ``event`` out.
    event
        An active event the proposal does not schedule.
    time_limit, workers, seed
        CP-SAT limits of the counterfactual solve.
    employee
        Force the event onto this employee (:func:`solver.why_not.why_not`).

    Returns
    -------
    Repair
        ``feasible`` False when no schedule under the hard rules includes it
        (``proven`` when CP-SAT proved it, else it ran out of time). Otherwise
        the moves (``from`` None: newly scheduled, ``to`` None: left out), the
        events left out instead, the change of each soft rule and of the
        objective (from the model's terms), and ``by_moves_alone`` when nothing
        is left out.
    """
    started = time.perf_counter()
    facts = facts or Facts(problem)
    if event in {a.event for a in proposal.assignments}:
        raise ValueError(f"event '{event}' is already scheduled in the proposal")
    for relax in (False, True):
        m = build_model(facts, relax=relax)
        v = m.v
        if event not in v.by_event and event not in v.idx.fixed_events:
            return Repair(
                feasible=False,
                proven=True,
                detail="No candidate on any day passes the unary rules and the pairing"
                " rules (H14-H17: a Core or Production that day, its pair): see the blocks.",
            )
        v.model.add(v.scheduled(event) == 1)
        pinned = _pin(v, facts, event, employee) if employee is not None else {}
        current = {a.event for a in proposal.assignments}
        kept = [_kept_var(v, facts, a) for a in proposal.assignments]
        added = [v.scheduled(e) for e in v.by_event if e not in current and e != event]
        changes = sum(1 - k for k in kept) + sum(added)
        # Lexicographic in one objective: one objective point outweighs every change.
        weight = len(kept) + len(added) + 1
        v.model.maximize(weight * m.total - changes)
        _hint(v, facts, proposal)
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.max_time_in_seconds = max(0.1, time_limit - (time.perf_counter() - started))
        p.num_workers = max(1, workers)
        p.random_seed = seed
        code = solver.solve(v.model)
        if code == cp_model.INFEASIBLE and not relax:
            continue
        break
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        proven = code == cp_model.INFEASIBLE
        why = (
            "No schedule under the hard rules includes it."
            if proven
            else f"No schedule that includes it was found within {time_limit:g} s."
        )
        return Repair(feasible=False, proven=proven, detail=why)
    prefer = {
        (a.event, a.employee, a.start): a.block
        for a in proposal.assignments
        if facts.types.get(a.event) is T.CORE
    }
    # The pinned Core pair is matched first, so extraction gives it to that employee.
    prefer.update({key: None for key, z in pinned.items() if solver.boolean_value(z)})
    chosen = extract(v, lambda var: bool(solver.boolean_value(var)), prefer)
    score = {k: int(solver.value(t)) if not isinstance(t, int) else t for k, t in m.terms.items()}
    return _difference(facts, proposal, chosen, score, code == cp_model.OPTIMAL)


def _slot(facts: Facts, a) -> Slot:
    block = a.block if facts.types[a.event] is T.CORE else None
    return Slot(employee=a.employee, start=a.start, block=block)


def _difference(facts: Facts, proposal: Proposal, chosen: Iterable, score, proven) -> Repair:
    before = {a.event: a for a in proposal.assignments}
    after = {c.event: c for c in chosen}
    moves: list[Move] = []
    for eid in sorted(set(before) | set(after)):
        a, c = before.get(eid), after.get(eid)
        old = _slot(facts, a) if a is not None else None
        new = _slot(facts, c) if c is not None else None
        if old != new:
            moves.append(Move(event=eid, from_=old, to=new))
    left_out = sorted(set(before) - set(after))
    change = {k: score.get(k, 0) - proposal.score.get(k, 0) for k in score}
    change = {k: d for k, d in change.items() if d}
    total = sum(score.values()) - sum(proposal.score.values())
    moved = [mv for mv in moves if mv.from_ is not None and mv.to is not None]
    if left_out:
        how = f"with {len(moved)} move(s) " if moved else ""
        detail = (
            f"Fits {how}if {len(left_out)} event(s) are left out instead"
            f" ({', '.join(left_out)}); the objective changes by {total:+d}."
        )
    elif moved:
        detail = f"Fits by moves alone: {len(moved)} assignment(s) move; objective {total:+d}."
    else:
        detail = f"Fits by moves alone: nothing else changes; objective {total:+d}."
    return Repair(
        feasible=True,
        moves=moves,
        left_out=left_out,
        score_change=change,
        objective_change=total,
        by_moves_alone=not left_out,
        proven=proven,
        detail=detail,
    )


def explain(
    problem: Problem,
    proposal: Proposal,
    event: str,
    *,
    time_limit: float = REPAIR_SECONDS,
    workers: int = 1,
    facts: Facts | None = None,
) -> Explanation:
    """FORMAT.md's ``explanation`` of one unscheduled event: the blocks, and for a
    ``capacity`` event its repair."""
    facts = facts or Facts(problem)
    reason = next((u.reason for u in proposal.unscheduled if u.event == event), None)
    if reason is None and event not in facts.events:
        raise KeyError(event)
    fix = None
    if reason == "capacity":
        fix = repair(problem, proposal, event, time_limit=time_limit, workers=workers, facts=facts)
    return Explanation(blocked=blocked(facts, event, proposal), repair=fix)


#: A pool process's problem, proposal and facts (set once by :func:`_pool_start`).
_POOL_CASE: list = []


def _pool_start(problem: Problem, proposal: Proposal) -> None:
    _POOL_CASE[:] = [problem, proposal, Facts(problem)]


def _pool_explain(event: str, time_limit: float, workers: int) -> Explanation:
    problem, proposal, facts = _POOL_CASE
    return explain(problem, proposal, event, time_limit=time_limit, workers=workers, facts=facts)


def explain_all(
    problem: Problem,
    proposal: Proposal,
    *,
    limit: int = 50,
    workers: int = 2,
    time_limit: float = REPAIR_SECONDS,
    on_progress: Callable[[int, int], None] | None = None,
) -> Proposal:
    """The proposal with an explanation on each of its first ``limit`` ``capacity`` entries.

    The ``workers`` are shared: ``min(workers, n)`` explains run side by side in
    processes of their own, each with ``workers // that`` CP-SAT workers (so one
    event alone gets them all), each repair bounded by ``time_limit``. Processes,
    not threads: building a repair's model is Python, and two builds in one
    interpreter share its lock and eat each other's time limit (measured on a
    loaded 2-core machine: 1 of tight-week's 6 repairs found in 2 s with two
    threads, 6 of 6 one at a time). Where no child process may be started (a
    daemonic worker process, or the pool breaks), they run one at a time with
    every worker.
    ``on_progress(done, total)`` is called after each explanation (from the
    calling thread).
    """
    import multiprocessing

    todo = [u.event for u in proposal.unscheduled if u.reason == "capacity"][: max(0, limit)]
    side = max(1, min(workers, len(todo)))
    if multiprocessing.current_process().daemon:
        side = 1
    each = max(1, workers // side)
    done: dict[str, Explanation] = {}
    if on_progress is not None:
        on_progress(0, len(todo))
    if side > 1:
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        try:
            with ProcessPoolExecutor(
                max_workers=side,
                mp_context=ctx,
                initializer=_pool_start,
                initargs=(problem, proposal),
            ) as pool:
                jobs = {pool.submit(_pool_explain, e, time_limit, each): e for e in todo}
                for job in as_completed(jobs):
                    done[jobs[job]] = job.result()
                    if on_progress is not None:
                        on_progress(len(done), len(todo))
        except BrokenProcessPool:  # no child could start here: the rest one at a time
            each = workers
    facts = Facts(problem)
    for e in (e for e in todo if e not in done):
        done[e] = explain(problem, proposal, e, time_limit=time_limit, workers=each, facts=facts)
        if on_progress is not None:
            on_progress(len(done), len(todo))
    rows = [
        u.model_copy(update={"explanation": done[u.event]}) if u.event in done else u
        for u in proposal.unscheduled
    ]
    return proposal.model_copy(update={"unscheduled": rows})


__all__ = ["REPAIR_SECONDS", "blocked", "build_model", "explain", "explain_all", "repair"]
