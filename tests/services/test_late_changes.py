"""Late changes (issue 12): an import that cancels, re-dates or adds events of the live
schedule is found and answered with a repair run."""

from __future__ import annotations

import datetime as dt

from api.services.late_changes import late_changes, offer_repair
from api.services.review import approve
from domain.models import Event, Problem
from domain.validator import validate
from tests.builders import event, existing, problem, roster


def _store() -> Problem:
    return problem(
        employees=roster("E01", "E03", "E04"),
        events=[event("C1", "Core", "mon", "mon"), event("C2", "Core", "tue", "wed")],
        existing=[
            existing("C1", "E03", "mon", "10:15", 1),
            existing("C2", "E04", "tue", "10:15", 1),
        ],
    )


def _ev(ev_id: str, first: str, last: str, **fields) -> Event:
    return Event.model_validate(event(ev_id, "Core", first, last, **fields))


def test_a_canceled_a_re_dated_and_an_added_event_are_found_with_the_days_they_touch():
    p = _store()
    after = [
        _ev("C1", "mon", "mon", condition="Canceled"),
        _ev("C2", "thu", "thu"),
        _ev("C9", "fri", "fri"),
    ]
    found = late_changes(p, after)
    assert (found.canceled, found.redated, found.added) == (["C1"], ["C2"], ["C9"])
    days = {d.isoformat() for d in found.days}
    assert days == {"2026-03-02", "2026-03-03", "2026-03-05", "2026-03-06"}
    assert found.summary() == "1 canceled, 1 re-dated, 1 added"


def test_an_import_that_changes_nothing_or_a_new_store_offers_no_repair():
    p = _store()
    assert not late_changes(p, p.events)
    assert not late_changes(None, p.events)
    # An event without a live assignment re-dated is no change to the live schedule.
    q = problem(employees=roster("E03"), events=[event("C1", "Core", "mon", "mon")])
    assert not late_changes(q, [_ev("C1", "tue", "tue")])


def test_a_re_dated_event_is_repaired_onto_its_new_day_and_the_run_approves(any_uow_factory):
    p = _store()
    with any_uow_factory() as uow:
        uow.stores.save_problem(p)
        uow.commit()
    moved = p.model_copy(update={"events": [p.events[0], _ev("C2", "thu", "thu")], "existing": []})
    changes = late_changes(p, moved.events)
    with any_uow_factory() as uow:  # the import: the event's new dates, its assignment kept
        uow.stores.save_problem(moved.model_copy(update={"existing": p.existing}))
        uow.commit()
    run, rr = offer_repair(any_uow_factory, p.store, changes, today=dt.date(2026, 2, 26))
    assert run.kind == "repair" and run.counts["repair"]["change"]["redated"] == ["C2"]
    line = next(c for c in rr.lines if c.event == "C2")
    assert line.kind == "moved" and line.after.start.date() == dt.date(2026, 3, 5)
    assert rr.changes == 1 and rr.changes_proven
    assert validate(rr.problem, rr.proposal).critical == 0
    assert approve(any_uow_factory, run.id).refused == []
