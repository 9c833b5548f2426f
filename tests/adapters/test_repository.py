"""Runs, pending schedules and schedules: the same behaviour in SQL and in memory."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from adapters.repository import RunNotFound, StoreNotFound, UnknownCode
from domain.generator import generate
from domain.models import Proposal
from domain.runs import PendingSchedule, Run, ScheduleEntry, pending_from_proposal

PROBLEM = generate(employees=10, weeks=1, seed=5)


def _run(**changes) -> Run:
    base = Run(
        store=PROBLEM.store,
        kind="manual",
        today=PROBLEM.today,
        horizon_start=PROBLEM.horizon.start,
        horizon_end=PROBLEM.horizon.end,
        params={"time_limit": 5},
        created_at=datetime(2026, 1, 1, 8, 0),
    )
    return replace(base, **changes)


@pytest.fixture
def store_uow(any_uow_factory):
    with any_uow_factory() as uow:
        uow.stores.save_problem(PROBLEM)
        uow.commit()
    return any_uow_factory


def _proposal() -> Proposal:
    core = next(e for e in PROBLEM.events if e.type is not None and e.type.value == "Core")
    other = next(e for e in PROBLEM.events if e.id != core.id)
    start = datetime.combine(PROBLEM.horizon.start + timedelta(days=1), datetime.min.time())
    return Proposal.model_validate(
        {
            "store": PROBLEM.store,
            "status": "FEASIBLE",
            "assignments": [
                {
                    "event": core.id,
                    "employee": PROBLEM.employees[0].id,
                    "start": (start + timedelta(hours=10, minutes=15)).isoformat(),
                    "end": (start + timedelta(hours=16, minutes=45)).isoformat(),
                    "block": 1,
                    "change": "new",
                }
            ],
            "unscheduled": [{"event": other.id, "reason": "capacity", "detail": "full"}],
        }
    )


def test_a_run_is_added_read_listed_and_updated(store_uow) -> None:
    with store_uow() as uow:
        run = uow.runs.add(_run())
        other = uow.runs.add(_run(kind="nightly", status="running"))
        uow.commit()
    assert run.id is not None and other.id != run.id
    with store_uow() as uow:
        assert uow.runs.get(run.id) == run
        assert uow.runs.get_for_update(run.id) == run
        assert [r.id for r in uow.runs.list(store=PROBLEM.store)] == [run.id, other.id]
        assert [r.id for r in uow.runs.list(status=("running", "failed"))] == [other.id]
        assert [r.id for r in uow.runs.list(kind="manual", status="queued")] == [run.id]
        done = uow.runs.update(
            run.id,
            status="succeeded",
            progress={"gap": 0.0},
            objective=12.5,
            finished_at=datetime(2026, 1, 1, 8, 1),
        )
        uow.commit()
    with store_uow() as uow:
        assert uow.runs.get(run.id) == done
        assert done.progress == {"gap": 0.0} and done.objective == 12.5
        assert uow.runs.get(10_000) is None


def test_bad_run_updates_and_unknown_runs_or_stores_are_refused(store_uow) -> None:
    with store_uow() as uow:
        run = uow.runs.add(_run())
        with pytest.raises(ValueError, match="store"):
            uow.runs.update(run.id, store="elsewhere")
        with pytest.raises(RunNotFound):
            uow.runs.update(10_000, status="failed")
        with pytest.raises(StoreNotFound):
            uow.runs.add(_run(store="nope"))


def test_pending_lines_of_a_proposal_are_stored_listed_and_reviewed(store_uow) -> None:
    lines = pending_from_proposal(_proposal())
    with store_uow() as uow:
        run = uow.runs.add(_run())
        added = uow.pending.add_many(run.id, lines)
        uow.commit()
    assert [replace(x, id=None, run_id=None) for x in added] == lines
    with store_uow() as uow:
        assert uow.pending.list_by_run(run.id) == added
        assert uow.pending.set_status([added[0].id], "approved") == 1
        assert uow.pending.set_status_by_run(run.id, "superseded") == 1
        uow.commit()
    with store_uow() as uow:
        assert [x.status for x in uow.pending.list_by_run(run.id)] == ["approved", "superseded"]
        assert uow.pending.list_by_run(run.id, status="approved")[0].id == added[0].id
        with pytest.raises(ValueError, match="status"):
            uow.pending.set_status([added[0].id], "maybe")
        with pytest.raises(UnknownCode, match="no-such-event"):
            uow.pending.add_many(run.id, [PendingSchedule(event="no-such-event")])


def test_approved_lines_become_schedules_replacing_the_events_old_ones(store_uow) -> None:
    with store_uow() as uow:
        run = uow.runs.add(_run())
        lines = uow.pending.add_many(run.id, pending_from_proposal(_proposal()))
        uow.commit()
    assignment = lines[0]
    with store_uow() as uow:
        with pytest.raises(ValueError, match="not an assignment"):
            uow.schedules.add_from_pending(lines[1:])
        uow.schedules.add(
            PROBLEM.store,
            [
                ScheduleEntry(
                    event=assignment.event, employee=PROBLEM.employees[1].id, start=assignment.start
                )
            ],
        )
        written = uow.schedules.add_from_pending([assignment], locked=True)
        uow.commit()
    day = assignment.start.date()
    with store_uow() as uow:
        mine = uow.schedules.list_for_events(PROBLEM.store, [assignment.event])
        assert mine == written
        assert mine[0].employee == assignment.employee and mine[0].run_id == run.id
        assert mine[0].locked and mine[0].block == 1
        assert written[0] in uow.schedules.list(PROBLEM.store, day, day)
        loaded = uow.stores.load_problem(
            PROBLEM.store, PROBLEM.horizon.start, PROBLEM.horizon.end, PROBLEM.today
        )
        assert mine[0].to_existing() in loaded.existing
        assert uow.schedules.delete_by_event(PROBLEM.store, [assignment.event]) == 1
        assert uow.schedules.list_for_events(PROBLEM.store, [assignment.event]) == []


def test_get_for_update_holds_the_run_until_the_locking_transaction_ends(uow_factory) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with uow_factory() as uow:
        uow.stores.save_problem(PROBLEM)
        run = uow.runs.add(_run())
        uow.commit()
    with uow_factory() as first:
        assert first.runs.get_for_update(run.id) == run
        with uow_factory() as second:
            if second.dialect == "postgresql":
                second.session.execute(text("SET LOCAL lock_timeout = '200ms'"))
            else:
                second.session.execute(text("PRAGMA busy_timeout = 200"))
            with pytest.raises(OperationalError):
                second.runs.get_for_update(run.id)
            if second.dialect == "sqlite":
                second.session.execute(text("PRAGMA busy_timeout = 30000"))
        first.runs.update(run.id, status="running")
        first.commit()
    with uow_factory() as third:
        assert third.runs.get_for_update(run.id).status == "running"


def test_defect13_schedule_entries_carry_the_employee_and_event_names(store_uow) -> None:
    employee, event = PROBLEM.employees[2], PROBLEM.events[3]
    start = datetime.combine(PROBLEM.horizon.start, datetime.min.time()).replace(hour=10)
    with store_uow() as uow:
        uow.schedules.add(PROBLEM.store, [ScheduleEntry(event.id, employee.id, start)])
        uow.commit()
    with store_uow() as uow:
        day = uow.schedules.list(PROBLEM.store, start.date(), start.date())
    (entry,) = [x for x in day if x.event == event.id]
    assert all(x.employee_name and x.event_name for x in day)
    assert (entry.employee_name, entry.event_name) == (employee.name, event.name)
    assert entry == replace(entry, employee_name=None, event_name=None), "names do not compare"
