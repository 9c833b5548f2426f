"""A locked assignment that breaks a hard rule is kept and reported; one worker and a
seed give the same proposal twice."""

from __future__ import annotations

from solver.solve import solve
from tests.builders import employee, event, existing, problem, roster
from tests.solver.helpers import placed, solve_checked, sup_event

# --- a locked assignment that breaks a hard rule ---------------------------------


def _solve_raw(p):
    return solve(p, time_limit=5, workers=1, seed=0)


def _assert_kept_and_reported(p, event_ids, rule):
    r = _solve_raw(p)
    got = placed(r)
    for x in p.existing:
        a = got[x.event]
        assert (a.employee, a.start, a.block) == (x.employee, x.start, x.block)
        assert a.change == "kept"
    hits = [f for f in r.proposal.findings if f.rule == rule and f.severity == "critical"]
    assert hits, r.proposal.findings
    assert any(set(event_ids) & set(f.events) for f in hits)
    return r


def test_a_locked_core_on_the_employees_time_off_is_kept_and_reported_h02():
    p = problem(
        employees=roster("E03", "E04"),
        events=[event("C1", first="sun"), event("C2", first="mon", last="mon")],
        time_off=[{"employee": "E03", "start": "2026-03-02", "end": "2026-03-02"}],
        existing=[existing("C1", "E03", "mon", "10:15", block=1, locked=True)],
    )
    r = _assert_kept_and_reported(p, ["C1"], "H02")
    assert placed(r)["C2"].employee == "E04"  # the rest of the schedule is still solved


def test_two_locked_shifts_on_one_day_are_kept_and_reported_h09():
    p = problem(
        employees=roster("E03", "E04"),
        events=[
            event("C1", first="sun"),
            event("C2", first="sun"),
            event("C3", first="mon", last="mon"),
        ],
        settings={"durations": {"Core": 20}},
        existing=[
            existing("C1", "E03", "mon", "10:15", block=1, locked=True),
            existing("C2", "E03", "mon", "10:45", block=3, locked=True),
        ],
    )
    r = _assert_kept_and_reported(p, ["C1", "C2"], "H09")
    assert placed(r)["C3"].employee == "E04"


def test_a_locked_supervisor_event_whose_core_cannot_follow_is_kept_and_reported_h14():
    # The only possible Core worker on Monday is the supervisor, who already has a locked
    # Production that day (H09): the Core cannot follow its locked Supervisor event.
    p = problem(
        employees=[employee("E03", off=("mon",)), employee("E06", "supervisor")],
        events=[
            event("C1", first="mon", last="mon"),
            sup_event("S1", "C1", "mon"),
            event("P1", "Juicer Production", "mon"),
        ],
        existing=[
            existing("S1", "E06", "mon", "12:00", locked=True),
            existing("P1", "E06", "mon", "09:00", locked=True),
        ],
    )
    r = _assert_kept_and_reported(p, ["S1", "C1"], "H14")
    assert "C1" not in placed(r)


# --- determinism ---------------------------------------------------------------


def test_two_solves_with_one_worker_and_seed_zero_give_identical_proposals():
    emps = roster()
    events = [event(f"C{i}", first="sun", product=f"P{i % 3}") for i in range(1, 9)]
    events += [
        event("F1", "Freeosk", "mon"),
        event("P1", "Juicer Production", "tue"),
        event("V1", "Juicer Survey", "tue", last="tue"),
        event("S1", "Supervisor", "sun", pairs_with="C1"),
        event("D1", "Digital Setup", "wed"),
        event("O1", "Other", "sun"),
    ]
    p = problem(
        employees=emps,
        events=events,
        rotations=[{"weekday": "mon", "kind": "primary_lead", "employee": "E01", "backup": "E02"}],
    )
    a = solve_checked(p).proposal.model_dump(exclude={"solve_seconds"})
    b = solve_checked(p).proposal.model_dump(exclude={"solve_seconds"})
    assert a == b
