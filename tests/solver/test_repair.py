"""Repair solves (RULES.md §8): call-outs and late changes answered with the fewest changes.

Every repair proposal is checked by :func:`check_repair` (validator on the
repair's problem: no critical finding; every active event once; the marks
agree with the existing schedule).
"""

from __future__ import annotations

from domain.models import Event, Problem, TimeOff
from domain.validator import validate
from solver.repair import Change, RepairResult, apply_change, changes_of, repair
from solver.solve import solve
from tests.builders import at, employee, event, existing, problem, roster
from tests.solver.minimal_changes import minimal_changes


def check_repair(r: RepairResult) -> RepairResult:
    """The invariants of every repair: valid, complete, marks that match the changes."""
    report = validate(r.problem, r.proposal)
    assert report.critical == 0, [f.message for f in report.findings if f.severity == "critical"]
    seen = [a.event for a in r.proposal.assignments] + [u.event for u in r.proposal.unscheduled]
    for ev in r.problem.events:
        if ev.condition.lower() not in ("canceled", "cancelled", "expired"):
            assert seen.count(ev.id) == 1, ev.id
    marks = {a.event: a.change for a in r.proposal.assignments}
    for line in changes_of(r.problem, r.proposal):
        if line.kind in ("new", "moved"):
            assert marks[line.event] == line.kind
        else:
            assert line.event not in marks
    assert r.changes_bound <= r.changes
    return r


def _week_of_cores(**fields) -> Problem:
    """Three Cores on Monday, one per specialist or lead, all already scheduled."""
    return problem(
        employees=roster("E01", "E03", "E04") + [employee("E07", "specialist", off=("mon",))],
        events=[event(f"C{i}", "Core", "mon", "mon") for i in (1, 2, 3)],
        existing=[
            existing("C1", "E03", "mon", "10:15", 1),
            existing("C2", "E04", "mon", "10:15", 2),
        ],
        **fields,
    )


def _off(emp: str, first: str, last: str | None = None) -> Change:
    start = at(first).date()
    end = at(last or first).date()
    return Change(time_off=[TimeOff(employee=emp, start=start, end=end)])


def test_a_called_out_specialists_core_goes_to_the_free_colleague_and_nothing_else_moves():
    p = _week_of_cores()
    r = check_repair(repair(p, _off("E03", "mon"), workers=1))
    after = {a.event: a for a in r.proposal.assignments}
    assert after["C2"].change == "kept"
    assert after["C1"].employee == "E01"
    lines = {c.event: c.kind for c in r.lines}
    assert lines["C1"] == "moved"
    # C3 was unscheduled: with E03 out there is nobody left for it.
    assert "C3" not in after
    assert (r.changes, r.changes_bound, r.changes_proven) == (1, 1, True)


def test_a_core_nobody_can_take_is_dropped_with_the_time_off_rule_that_forced_it():
    p = problem(
        employees=[employee("E03"), employee("E04", off=("mon",))],
        events=[event("C1", "Core", "mon", "mon")],
        existing=[existing("C1", "E03", "mon", "10:15", 1)],
    )
    r = check_repair(repair(p, _off("E03", "mon"), workers=1))
    (line,) = r.lines
    assert (line.event, line.kind, line.reason, line.rule) == ("C1", "dropped", "dropped", "H02")
    assert (r.changes, r.changes_proven) == (1, True)


def test_a_repair_may_schedule_today_because_its_buffer_is_zero():
    # Today is Monday: a full solve (buffer 3) could not touch Monday at all.
    p = _week_of_cores(today="2026-03-02")
    r = check_repair(repair(p, _off("E03", "mon"), workers=1))
    assert r.problem.settings.buffer_days == 0
    assert {a.event: a.employee for a in r.proposal.assignments}["C1"] == "E01"


def test_a_canceled_event_is_dropped_as_inactive_and_counted_as_a_change():
    p = _week_of_cores()
    r = check_repair(repair(p, Change(canceled=["C2"]), workers=1))
    lines = {c.event: c for c in r.lines}
    assert lines["C2"].kind == "dropped" and lines["C2"].reason == "inactive"
    # The freed specialist takes the unscheduled Core: a new assignment, not a change.
    assert lines["C3"].kind == "new"
    assert (r.changes, r.changes_bound, r.changes_proven) == (1, 1, True)


def test_a_re_dated_event_moves_to_its_new_day_and_counts_one_change():
    p = _week_of_cores()
    moved = Event.model_validate(event("C1", "Core", "tue", "tue"))
    r = check_repair(repair(p, Change(events=[moved]), workers=1))
    line = next(c for c in r.lines if c.event == "C1")
    assert line.kind == "moved" and line.after.start.date() == at("tue").date()
    assert r.changes == 1


def test_strict_mode_reports_levels_and_weighted_mode_none():
    p = _week_of_cores()
    strict = check_repair(repair(p, _off("E03", "mon"), workers=1, priority_mode="strict"))
    assert [lv.priority for lv in strict.proposal.levels] == [6]
    assert all(lv.proven for lv in strict.proposal.levels)
    weighted = check_repair(repair(p, _off("E03", "mon"), workers=1))
    assert weighted.proposal.levels is None


def test_unknown_canceled_event_is_a_value_error_naming_it():
    try:
        apply_change(_week_of_cores(), Change(canceled=["nope"]))
    except ValueError as exc:
        assert "nope" in str(exc)
    else:
        raise AssertionError("no error")


def _busy_week() -> Problem:
    """Two leads, two specialists and a juicer over a week of Cores, Supervisor events
    and a Freeosk; the live schedule is a first solve's proposal."""
    events = [
        event(f"C{i}", "Core", d, d, name=f"60010{i}-Core")
        for i, d in enumerate(("mon", "mon", "tue", "tue", "wed", "thu"))
    ]
    events += [event("S0", "Supervisor", "mon", "mon", name="600100-Supervisor")]
    events += [event("F1", "Freeosk", "tue")]
    base = problem(employees=roster("E01", "E02", "E03", "E04", "E05"), events=events)
    first = solve(base, time_limit=5, workers=1)
    live = [
        {"event": a.event, "employee": a.employee, "start": a.start.isoformat(), "block": a.block}
        for a in first.proposal.assignments
    ]
    return Problem.model_validate({**base.model_dump(mode="json"), "existing": live})


def test_the_change_count_equals_a_brute_force_minimal_change_solve_for_each_call_out():
    p = _busy_week()
    for emp in ("E01", "E03", "E04"):
        for first, last in (("mon", "mon"), ("tue", "wed")):
            r = check_repair(repair(p, _off(emp, first, last), workers=1))
            assert r.changes_proven, (emp, first)
            assert r.changes == minimal_changes(r.problem), (emp, first, r.lines)
