"""Solve-and-store, supersede, approve and reject, on fakes, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from api.services.review import ReviewError, approve, reject
from api.services.runs import SolveParams, solve_and_store
from domain.generator import generate
from domain.validator import validate

PARAMS = SolveParams(time_limit=5, workers=1, seed=0)


@pytest.fixture
def store(any_uow_factory):
    problem = generate(8, 1, seed=3)
    with any_uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    return problem


def _solve(factory, p):
    return solve_and_store(factory, p.store, p.horizon.start, p.horizon.end, p.today, params=PARAMS)


def test_a_solve_is_stored_as_one_pending_line_per_event(any_uow_factory, store):
    run, result = _solve(any_uow_factory, store)
    assert run.status == "succeeded" and run.review == "pending"
    with any_uow_factory() as uow:
        lines = uow.pending.list_by_run(run.id)
    proposal = result.proposal
    assert len(lines) == len(proposal.assignments) + len(proposal.unscheduled)
    assert {x.status for x in lines} == {"proposed"}
    assert run.objective == result.objective and run.counts["assigned"] == len(proposal.assignments)


def test_a_new_solve_of_the_same_horizon_supersedes_the_pending_one(any_uow_factory, store):
    first, _ = _solve(any_uow_factory, store)
    second, _ = _solve(any_uow_factory, store)
    with any_uow_factory() as uow:
        old = uow.runs.get(first.id)
        old_lines = uow.pending.list_by_run(first.id)
    assert old.review == "superseded" and second.review == "pending"
    assert {x.status for x in old_lines} == {"superseded"}
    with pytest.raises(ReviewError):
        approve(any_uow_factory, first.id)


def test_approving_writes_the_schedule_and_a_second_approval_finds_it_done(any_uow_factory, store):
    run, result = _solve(any_uow_factory, store)
    outcome = approve(any_uow_factory, run.id)
    assert outcome.refused == [] and outcome.review == "approved"
    with any_uow_factory() as uow:
        live = uow.stores.load_problem(
            store.store, store.horizon.start, store.horizon.end, store.today
        )
        assert uow.runs.get(run.id).review == "approved"
    placed = {(a.event, a.employee, a.start) for a in result.proposal.assignments}
    assert {(x.event, x.employee, x.start) for x in live.existing} >= placed
    assert validate(live).critical == 0
    again = approve(any_uow_factory, run.id)
    assert again.already_approved and again.approved == []


def test_a_line_made_invalid_after_the_solve_is_refused_and_the_rest_approved(
    any_uow_factory, store
):
    run, result = _solve(any_uow_factory, store)
    # A new line on a day its employee has nothing in the live schedule yet, so that
    # the time off below breaks that line alone (rev 3 lets a Freeosk share the day
    # of its lead's kept Core, whose H02 would be the live schedule's own finding).
    busy = {(x.employee, x.start.date()) for x in store.existing}
    new = [
        a
        for a in result.proposal.assignments
        if a.change == "new"
        and a.event not in {x.event for x in store.existing}
        and (a.employee, a.start.date()) not in busy
    ]
    victim = new[0]
    # Time off arrives after the solve, on the day of one proposed assignment.
    doc = store.model_dump(mode="json")
    day = victim.start.date().isoformat()
    doc["time_off"].append({"employee": victim.employee, "start": day, "end": day})
    changed = type(store).model_validate(doc)
    with any_uow_factory() as uow:
        uow.stores.save_problem(changed)
        uow.commit()
    outcome = approve(any_uow_factory, run.id)
    refused_events = set()
    with any_uow_factory() as uow:
        lines = {x.id: x for x in uow.pending.list_by_run(run.id)}
        live = uow.stores.load_problem(
            store.store, store.horizon.start, store.horizon.end, store.today
        )
    for line_id, finding in outcome.refused:
        refused_events.add(lines[line_id].event)
        assert finding.severity == "critical"
    assert victim.event in refused_events
    assert any(f.rule == "H02" for _, f in outcome.refused)
    assert outcome.approved
    assert validate(live).critical == 0


def test_an_error_while_writing_the_run_leaves_no_pending_line(any_uow_factory, store, monkeypatch):
    import adapters.sql_repository as sql
    import tests.fakes as fake

    def explode(self, run_id, lines):
        raise RuntimeError("disk full")

    monkeypatch.setattr(sql.SqlPendingRepository, "add_many", explode)
    monkeypatch.setattr(fake.FakePendingRepository, "add_many", explode)
    with pytest.raises(RuntimeError):
        _solve(any_uow_factory, store)
    with any_uow_factory() as uow:
        runs = uow.runs.list(store=store.store)
        assert [r.status for r in runs] == ["failed"]
        assert "disk full" in runs[0].error
        assert uow.pending.list_by_run(runs[0].id) == []


def test_an_error_midway_through_an_approval_leaves_the_schedule_as_it_was(
    any_uow_factory, store, monkeypatch
):
    import adapters.sql_repository as sql
    import tests.fakes as fake

    run, _ = _solve(any_uow_factory, store)
    with any_uow_factory() as uow:
        before = uow.schedules.list(store.store, store.horizon.start, store.horizon.end)

    def explode(self, ids, status):
        raise RuntimeError("connection lost")

    monkeypatch.setattr(sql.SqlPendingRepository, "set_status", explode)
    monkeypatch.setattr(fake.FakePendingRepository, "set_status", explode)
    with pytest.raises(RuntimeError):
        approve(any_uow_factory, run.id)
    with any_uow_factory() as uow:
        after = uow.schedules.list(store.store, store.horizon.start, store.horizon.end)
        assert {x.status for x in uow.pending.list_by_run(run.id)} == {"proposed"}
        assert uow.runs.get(run.id).review == "pending"
    assert [(x.event, x.employee, x.start) for x in after] == [
        (x.event, x.employee, x.start) for x in before
    ]


def test_rejecting_a_run_rejects_its_lines_and_blocks_approval(any_uow_factory, store):
    run, _ = _solve(any_uow_factory, store)
    ids = reject(any_uow_factory, run.id)
    assert ids
    with any_uow_factory() as uow:
        assert uow.runs.get(run.id).review == "rejected"
    with pytest.raises(ReviewError):
        approve(any_uow_factory, run.id)
