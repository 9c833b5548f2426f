"""Property tests of repair solves: on random small stores with a live schedule (a first
solve's proposal), a random call-out's repair is valid, complete, and as few changes
as an explicit minimal-change solve finds."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from domain.models import Problem, TimeOff
from domain.validator import validate
from solver.repair import Change, repair
from solver.solve import solve
from tests.builders import WEEK
from tests.solver.minimal_changes import minimal_changes
from tests.solver.test_properties import DAYS, problems
from tests.solver.test_repair import check_repair


def _live(p: Problem) -> Problem:
    """``p`` with a first solve's proposal as its live schedule."""
    first = solve(p, time_limit=5, workers=1, seed=0)
    live = [
        {"event": a.event, "employee": a.employee, "start": a.start.isoformat(), "block": a.block}
        for a in first.proposal.assignments
    ]
    return Problem.model_validate({**p.model_dump(mode="json"), "existing": live})


@st.composite
def call_outs(draw, p: Problem) -> Change:
    """Mostly someone with an assignment, out from its day; else anyone, any day."""
    if p.existing and draw(st.integers(0, 3)):
        x = draw(st.sampled_from(p.existing))
        emp, first = x.employee, DAYS.index(next(k for k, d in WEEK.items() if d == x.start.date()))
    else:
        emp = draw(st.sampled_from([e.id for e in p.employees]))
        first = draw(st.integers(0, 6))
    last = draw(st.integers(first, min(6, first + 2)))
    return Change(time_off=[TimeOff(employee=emp, start=WEEK[DAYS[first]], end=WEEK[DAYS[last]])])


_SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@_SETTINGS
@given(problems(), st.data(), st.sampled_from(["weighted", "strict"]))
def test_every_call_out_repair_is_valid_and_complete(p, data, mode):
    q = _live(p)
    assume(validate(q).critical == 0)
    change = data.draw(call_outs(q), label="call-out")
    check_repair(repair(q, change, time_limit=5, workers=1, priority_mode=mode))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(problems(), st.data())
def test_a_proven_repair_changes_no_more_than_the_explicit_minimal_change_solve(p, data):
    q = _live(p)
    assume(validate(q).critical == 0 and len(q.existing) <= 5)
    change = data.draw(call_outs(q), label="call-out")
    r = check_repair(repair(q, change, time_limit=5, workers=1))
    assert r.changes_proven
    assert r.changes == minimal_changes(r.problem)
