"""What a search is given besides its model: the hint, and a watch on its cancel event.

``add_hint`` turns a complete proposal into CP-SAT hints (every decision Boolean
1 or 0); ``stop_on`` stops a search from another thread when a cancel event is
set. Used by :func:`solver.solve.solve`, the strict stages and the explainer.
"""

from __future__ import annotations

import threading

from ortools.sat.python import cp_model

from domain.models import Proposal
from domain.rules import EventType
from solver.index import Slot
from solver.variables import Vars


def stop_on(cancel: threading.Event | None, solver: cp_model.CpSolver) -> threading.Event | None:
    """Watch ``cancel`` in a thread and stop the search when it is set."""
    if cancel is None:
        return None
    done = threading.Event()

    def watch() -> None:
        # Keep asking until the search is over: a stop sent while CP-SAT is
        # still loading the model would otherwise be lost.
        while not done.is_set():
            if cancel.wait(0.05):
                solver.stop_search()
                done.wait(0.05)

    threading.Thread(target=watch, daemon=True).start()
    return done


def add_hint(v: Vars, hint: Proposal | None) -> None:
    """A complete hint: every decision Boolean gets 1 or 0 from the proposal."""
    if hint is None:
        return
    f = v.idx.facts
    on: set[tuple] = set()
    for a in hint.assignments:
        if a.event in v.idx.fixed_events or a.event not in f.types:
            continue  # frozen ones are constants, not variables
        if f.types[a.event] is EventType.CORE:
            slot = Slot(a.start.time(), f.duration(a.event))
            on.add(("core", a.event, a.start.date(), slot))
            on.add(("shift", a.employee, a.start.date(), slot))
        else:
            on.add(("cand", a.event, a.employee, a.start))
    for (e, d, s), var in v.core.items():
        v.model.add_hint(var, ("core", e, d, s) in on)
    for (p, d, s), var in v.shift.items():
        v.model.add_hint(var, ("shift", p, d, s) in on)
    for c, var in zip(v.idx.cands, v.cand, strict=True):
        v.model.add_hint(var, ("cand", c.event, c.emp, c.start) in on)


__all__ = ["add_hint", "stop_on"]
