"""Call-outs (issue 12): time off and a repair run in one go, answered, approvable; on the
fakes, SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from adapters.repository import StoreNotFound
from api.services.callouts import CallOut, CallOutError, call_out
from api.services.review import approve
from api.services.runs import SolveParams, solve_and_store
from domain.generator import generate
from domain.validator import validate

PARAMS = SolveParams(time_limit=5, workers=1, seed=0)


@pytest.fixture
def live(any_uow_factory):
    """A generated store with its solved schedule approved as the live one."""
    problem = generate(8, 1, seed=3)
    with any_uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    p = problem
    run, _ = solve_and_store(
        any_uow_factory, p.store, p.horizon.start, p.horizon.end, p.today, params=PARAMS
    )
    approve(any_uow_factory, run.id)
    with any_uow_factory() as uow:
        return uow.stores.load_problem(p.store, p.horizon.start, p.horizon.end, p.today)


def _busiest(p) -> tuple[str, dt.date]:
    """The employee and day with the most assignments (a call-out that hurts)."""
    counts: dict[tuple[str, dt.date], int] = {}
    for x in p.existing:
        key = (x.employee, x.start.date())
        counts[key] = counts.get(key, 0) + 1
    return max(sorted(counts), key=lambda k: counts[k])


def test_a_call_out_records_the_time_off_and_a_pending_repair_run_that_covers_her_events(
    any_uow_factory, live
):
    emp, day = _busiest(live)
    today = live.today
    answer = call_out(any_uow_factory, live.store, CallOut(emp, day, day, "sick"), today=today)
    mine = [x for x in live.existing if x.employee == emp and x.start.date() == day]
    hers = {x.event for x in mine if not x.locked}
    assert {x.event for x in answer.taken + answer.unfilled} == hers
    # Locks hold in a repair (RULES.md §8): her locked events stay, each a critical finding.
    assert {x.event for x in answer.stuck} == {x.event for x in mine if x.locked}
    assert all(x.reason == "locked" and "H02" in x.detail for x in answer.stuck)
    assert all(x.after.employee != emp for x in answer.taken)
    assert all(x.explanation is not None and x.reason == "dropped" for x in answer.unfilled)
    assert answer.critical == len(answer.stuck)
    assert answer.status == "succeeded" and answer.review == "pending"
    assert answer.changes >= len(hers) and answer.changes_bound <= answer.changes
    with any_uow_factory() as uow:
        run = uow.runs.get(answer.run_id)
        now = uow.stores.load_problem(live.store, live.horizon.start, live.horizon.end, today)
    assert run.kind == "repair"
    assert run.counts["repair"]["change"]["note"] == "sick"
    assert run.counts["repair"]["changes"] == answer.changes
    assert any(t.employee == emp and t.start == day for t in now.time_off)
    # Before approval the live schedule breaks H02; the approved repair mends it.
    assert validate(now).critical > 0 or not hers
    outcome = approve(any_uow_factory, answer.run_id)
    assert outcome.refused == []
    with any_uow_factory() as uow:
        after = uow.stores.load_problem(live.store, live.horizon.start, live.horizon.end, today)
    assert validate(after).critical == len(answer.stuck)
    left = {x.event for x in after.existing if x.employee == emp and x.start.date() == day}
    assert left == {x.event for x in answer.stuck}


def test_a_call_out_for_an_unknown_employee_names_the_field_and_records_nothing(
    any_uow_factory, live
):
    day = live.horizon.start
    with pytest.raises(CallOutError) as err:
        call_out(any_uow_factory, live.store, CallOut("nobody", day, day), today=live.today)
    assert err.value.field == "employee"
    with any_uow_factory() as uow:
        assert not [r for r in uow.runs.list(store=live.store) if r.kind == "repair"]


def test_a_call_out_ending_before_it_starts_or_in_the_past_is_refused(any_uow_factory, live):
    emp = live.employees[0].id
    day = live.horizon.start
    with pytest.raises(CallOutError) as err:
        call_out(any_uow_factory, live.store, CallOut(emp, day, day - dt.timedelta(1)), today=day)
    assert err.value.field == "end"
    past = live.today - dt.timedelta(days=2)
    with pytest.raises(CallOutError):
        call_out(any_uow_factory, live.store, CallOut(emp, past, past), today=live.today)
    with pytest.raises(StoreNotFound):
        call_out(any_uow_factory, "no-such-store", CallOut(emp, day, day), today=live.today)
