"""Calendar feeds: a per-employee iCalendar of the live schedule, parsed back with icalendar."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from adapters.config import AppSettings
from api.http.app import create_app
from api.services.publishing import (
    FeedDenied,
    PublishError,
    create_feed,
    employee_feed,
    revoke_feed,
    set_timezone,
)
from domain.runs import ScheduleEntry
from tests.publish.helpers import save, small_store, solve_and_approve


@pytest.fixture
def approved(uow_factory):
    problem = small_store()
    save(uow_factory, problem)
    solve_and_approve(uow_factory, problem)
    with uow_factory() as uow:
        live = uow.schedules.list(problem.store, problem.horizon.start, problem.horizon.end)
    return problem, live


def _busiest(live: list[ScheduleEntry]) -> str:
    counts: dict[str, int] = {}
    for e in live:
        counts[e.employee] = counts.get(e.employee, 0) + 1
    return max(counts, key=counts.get)


def _get(client: TestClient, store: str, employee: str, token: str):
    return client.get(f"/stores/{store}/employees/{employee}/schedule.ics", params={"token": token})


def _vevents(body: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(body)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_a_feed_lists_the_employees_assignments_with_stable_uids_and_the_store_time_zone(
    approved, uow_factory, migrated_url
):
    problem, live = approved
    who = _busiest(live)
    set_timezone(uow_factory, problem.store, "America/Chicago")
    _, token = create_feed(uow_factory, problem.store, who)
    today = problem.horizon.start
    mine = [e for e in live if e.employee == who]
    with TestClient(create_app(AppSettings(database_url=migrated_url))) as client:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(
                "api.services.publishing.utcnow", lambda: dt.datetime.combine(today, dt.time())
            )
            answer = _get(client, problem.store, who, token)
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("text/calendar")
        events = _vevents(answer.content)
        assert len(events) == len(mine)
        for entry in mine:
            ev = events[f"schedsolve-{problem.store}-{entry.event}@schedsolve"]
            start = ev.decoded("DTSTART")
            assert start.replace(tzinfo=None) == entry.start
            assert str(start.tzinfo) == "America/Chicago"
            assert ev.decoded("DTEND") > start
        assert Calendar.from_ical(answer.content).walk("VTIMEZONE")


def test_a_moved_assignment_keeps_its_uid_and_a_removed_one_is_gone_from_the_feed(
    approved, uow_factory
):
    problem, live = approved
    who = _busiest(live)
    _, token = create_feed(uow_factory, problem.store, who)
    mine = [e for e in live if e.employee == who]
    assert len(mine) >= 2, "the busiest employee of the generated store has two assignments"
    today = problem.horizon.start
    _, _, before = employee_feed(uow_factory, problem.store, who, token, today)
    moved, removed = mine[0], mine[1]
    with uow_factory() as uow:
        later = ScheduleEntry(moved.event, who, moved.start + dt.timedelta(minutes=30), moved.block)
        uow.schedules.add(problem.store, [later])
        uow.schedules.delete_by_event(problem.store, [removed.event])
        uow.commit()
    _, _, after = employee_feed(uow_factory, problem.store, who, token, today)
    uid = f"schedsolve-{problem.store}-{moved.event}@schedsolve"
    was = {i.uid: i for i in before}
    now = {i.uid: i for i in after}
    assert now[uid].start == was[uid].start + dt.timedelta(minutes=30)
    assert f"schedsolve-{problem.store}-{removed.event}@schedsolve" not in now
    assert len(now) == len(was) - 1


def test_a_revoked_or_foreign_token_gets_404_and_never_the_schedule(
    approved, uow_factory, migrated_url
):
    problem, live = approved
    people = sorted({e.employee for e in live})
    feed, token = create_feed(uow_factory, problem.store, people[0])
    with TestClient(create_app(AppSettings(database_url=migrated_url))) as client:
        assert _get(client, problem.store, people[1], token).status_code == 404
        assert _get(client, problem.store, people[0], "sf_wrong").status_code == 404
        assert _get(client, problem.store, people[0], "").status_code == 404
        assert _get(client, problem.store, people[0], token).status_code == 200
        revoke_feed(uow_factory, feed.id)
        gone = _get(client, problem.store, people[0], token)
        assert gone.status_code == 404 and "BEGIN:VCALENDAR" not in gone.text
    with pytest.raises(FeedDenied):
        employee_feed(uow_factory, problem.store, people[0], token)


def test_a_feed_for_an_unknown_employee_or_store_or_a_bad_time_zone_is_refused(
    approved, uow_factory
):
    problem, _ = approved
    with pytest.raises(PublishError, match="employee NOPE not found"):
        create_feed(uow_factory, problem.store, "NOPE")
    with pytest.raises(PublishError, match="store 999 not found"):
        create_feed(uow_factory, "999", "E01")
    with pytest.raises(PublishError, match="timezone"):
        set_timezone(uow_factory, problem.store, "Mars/Olympus")
