"""explain_all (``solve --explain``): every capacity event explained, side by side in
processes when the workers allow, each repair valid and priced as the scorer says."""

from __future__ import annotations

from domain.facts import Facts
from domain.repair import apply_repair
from domain.score import objective, score_schedule
from domain.validator import validate
from solver.explain import explain, explain_all
from solver.solve import solve
from tests.builders import event, problem, roster


def test_two_workers_explain_two_capacity_events_side_by_side_as_one_at_a_time_would():
    p = problem(
        employees=roster("E03", "E04"),
        events=[event(c, first="mon", last="mon") for c in ("C1", "C2", "C3", "C4")],
        time_off=[{"employee": "E04", "start": "2026-03-03", "end": "2026-03-07"}],
    )
    prop = solve(p, time_limit=5, workers=1, seed=0).proposal
    assert validate(p, prop).critical == 0
    left = sorted(u.event for u in prop.unscheduled if u.reason == "capacity")
    assert len(left) == 2
    seen = []
    out = explain_all(
        p, prop, workers=2, time_limit=30, on_progress=lambda d, n: seen.append((d, n))
    )
    assert seen[0] == (0, 2) and seen[-1] == (2, 2)
    assert validate(p, out).critical == 0
    facts = Facts(p)
    for u in out.unscheduled:
        if u.event not in left:
            assert u.explanation is None
            continue
        fix = u.explanation.repair
        assert fix.feasible
        repaired = apply_repair(facts, prop, fix)
        assert validate(p, repaired).critical == 0
        assert fix.objective_change == objective(repaired.score) - objective(prop.score)
        alone = explain(p, prop, u.event, time_limit=30)
        assert alone.repair.objective_change == fix.objective_change
        assert alone.blocked == u.explanation.blocked
    assert objective(score_schedule(p, out.assignments)) == objective(prop.score)
