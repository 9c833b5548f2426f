"""Shared checks for the solver tests: solve a tiny problem and verify the result's
invariants (no critical finding, every active event accounted for once, the
objective equals the pure-Python score)."""

from __future__ import annotations

from typing import Any

from domain.facts import Facts
from domain.models import Assignment, Problem, Proposal, Unscheduled
from domain.score import objective, score_schedule
from domain.validator import validate
from solver.solve import Result, solve


def _default_hint(problem: Problem) -> Proposal | None:
    """``None`` (solve's greedy hint) when solver.greedy exists, else an empty hint."""
    try:
        import solver.greedy  # noqa: F401
    except ImportError:
        return Proposal(store=problem.store, status="UNKNOWN")
    return None


def solve_checked(problem: Problem, **kw: Any) -> Result:
    """``solve`` with small, reproducible limits, then the invariants every result keeps."""
    kw.setdefault("time_limit", 5)
    kw.setdefault("workers", 1)
    kw.setdefault("seed", 0)
    if "hint" not in kw:
        kw["hint"] = _default_hint(problem)
    result = solve(problem, **kw)
    prop = result.proposal

    report = validate(problem, prop)
    critical = [f for f in report.findings if f.severity == "critical"]
    assert report.critical == 0, f"critical findings: {critical}"

    facts = Facts(problem)
    placed = [a.event for a in prop.assignments]
    left = [u.event for u in prop.unscheduled]
    for eid in facts.events:
        if facts.is_active(eid):
            n = placed.count(eid) + left.count(eid)
            assert n == 1, f"active event {eid} appears {n} times in the proposal"

    assert objective(score_schedule(problem, prop.assignments)) == result.objective, (
        f"objective {result.objective} != score {score_schedule(problem, prop.assignments)}"
    )
    assert result.score == prop.score, f"model score {result.score} != {prop.score}"
    return result


def placed(result: Result) -> dict[str, Assignment]:
    """Event id -> its assignment in the proposal."""
    return {a.event: a for a in result.proposal.assignments}


def unscheduled(result: Result) -> dict[str, Unscheduled]:
    """Event id -> its unscheduled entry in the proposal."""
    return {u.event: u for u in result.proposal.unscheduled}


def reason(result: Result, event_id: str) -> str | None:
    """The unscheduled reason of an event (None when it is scheduled)."""
    u = unscheduled(result).get(event_id)
    return None if u is None else u.reason


def sup_event(ev_id: str, core: str, first: str = "sun", **fields) -> dict:
    """A Supervisor event paired with ``core`` by ``pairs_with``."""
    from tests.builders import event

    return event(ev_id, "Supervisor", first, pairs_with=core, **fields)


def overlaps(a, b) -> bool:
    """Two assignments (or anything with ``start`` and ``end``) share some time."""
    return a.start < b.end and b.start < a.end
