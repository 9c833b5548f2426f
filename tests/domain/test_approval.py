"""Approval-time re-validation of reviewed changes."""

from __future__ import annotations

from domain.approval import ScheduleChange, apply_changes, check_changes
from domain.validator import validate
from tests.builders import at, event, existing, problem, roster


def _problem(**fields):
    events = [
        event("C1", "Core", "mon", "sat", name="600001-CORE-Demo Apples"),
        event("S1", "Supervisor", "mon", "sat", name="600001-Supervisor-Apples"),
        event("C2", "Core", "mon", "sat", name="600002-CORE-Demo Pears"),
    ]
    return problem(roster(), events, **fields)


def _changes():
    return [
        ScheduleChange(1, "C1", "E03", at("tue", "10:15"), 1),
        ScheduleChange(2, "S1", "E06", at("tue", "12:00")),
        ScheduleChange(3, "C2", "E04", at("wed", "10:15"), 1),
    ]


def test_changes_that_still_hold_are_all_accepted():
    accepted, refused = check_changes(_problem(), _changes())
    assert [c.key for c in accepted] == [1, 2, 3]
    assert refused == []


def test_a_change_broken_by_new_time_off_is_refused_with_its_finding():
    p = _problem(time_off=[{"employee": "E04", "start": "2026-03-04", "end": "2026-03-04"}])
    accepted, refused = check_changes(p, _changes())
    assert [c.key for c in accepted] == [1, 2]
    assert [(c.key, f.rule) for c, f in refused] == [(3, "H02")]


def test_refusing_a_core_also_refuses_its_supervisor_event():
    p = _problem(time_off=[{"employee": "E03", "start": "2026-03-03", "end": "2026-03-03"}])
    accepted, refused = check_changes(p, _changes())
    assert [c.key for c in accepted] == [3]
    assert {c.key for c, _ in refused} == {1, 2}
    assert validate(apply_changes(p, accepted)).critical == 0


def test_a_breach_already_in_the_live_schedule_is_not_held_against_a_change():
    # E05 (a juicer) already holds Core C2 on a day off: the live schedule breaks H02.
    p = _problem(
        existing=[existing("C2", "E05", "wed", "10:15", block=1, locked=True)],
        time_off=[{"employee": "E05", "start": "2026-03-04", "end": "2026-03-04"}],
    )
    accepted, refused = check_changes(p, _changes()[:2])
    assert [c.key for c in accepted] == [1, 2] and refused == []


def test_a_drop_removes_the_event_from_the_schedule():
    p = _problem(existing=[existing("C2", "E04", "wed", "10:15", block=1)])
    q = apply_changes(p, [ScheduleChange(9, "C2")])
    assert [x.event for x in q.existing] == []
