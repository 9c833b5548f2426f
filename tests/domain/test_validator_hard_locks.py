"""Hard rules H18-H20 (locked days, weekly minutes, frozen assignments) and the
validator's wording: see ``test_validator_hard.py``."""

from __future__ import annotations

import pytest

from domain.parse import InputError
from domain.validator import validate
from tests.builders import (
    assign,
    employee,
    event,
    existing,
    judge,
    kept,
    problem,
    proposal,
    roster,
    rules,
)
from tests.domain.test_validator_hard import breaks, core_problem

# --- H18-H20: locks, minutes, frozen assignments -----------------------------------


def locked_day_problem():
    return problem(
        events=[event("C1"), event("C2")],
        locked_days=["2026-03-03"],
        existing=[existing("C1", "E03", "tue", "10:15", block=1)],
    )


def test_no_new_assignment_on_a_locked_day():
    p = locked_day_problem()
    assert breaks(judge(p, *kept(p), assign(p, "C2", "E04", "tue", block=2)), "H18")
    assert not breaks(judge(p, *kept(p), assign(p, "C2", "E04", "wed", block=2)), "H18")


def test_an_existing_assignment_on_a_locked_day_stays_as_it_is():
    p = locked_day_problem()
    assert not breaks(judge(p, *kept(p)), "H18")
    assert breaks(judge(p, assign(p, "C1", "E03", "wed", block=1)), "H18")
    assert breaks(judge(p), "H18")
    assert not breaks(validate(p), "H18")


def test_weekly_work_minutes_leave_out_the_unpaid_lunch():
    # Two Cores: 2 x (390 - 30) = 720 work minutes.
    evs = [
        event("C1"),
        event("C2"),
        event("S1", "Supervisor", pairs_with="C1"),
        event("S2", "Supervisor", pairs_with="C2"),
    ]
    two = problem(events=evs, settings={"max_week_minutes": 720})
    sched = (
        assign(two, "C1", "E01", "mon", block=1),
        assign(two, "C2", "E01", "tue", block=1),
        assign(two, "S1", "E01", "mon"),
        assign(two, "S2", "E01", "tue"),
    )
    assert not breaks(judge(two, *sched), "H19")
    less = problem(events=evs, settings={"max_week_minutes": 719})
    assert breaks(judge(less, *sched), "H19")
    longer_lunch = problem(
        events=evs, settings={"max_week_minutes": 700, "lunch_min": {"Core": 40}}
    )
    assert not breaks(judge(longer_lunch, *sched), "H19")


def test_a_locked_existing_assignment_stays_exactly_as_it_is():
    p = problem(
        events=[event("C1")], existing=[existing("C1", "E03", "mon", "10:15", block=1, locked=True)]
    )
    assert not breaks(judge(p, *kept(p)), "H20")
    assert breaks(judge(p, assign(p, "C1", "E04", "mon", block=1)), "H20")
    assert breaks(judge(p, assign(p, "C1", "E03", "mon", block=2)), "H20")
    assert breaks(judge(p), "H20")


def test_existing_assignments_inside_the_buffer_or_outside_the_horizon_are_frozen():
    p = problem(
        today="2026-02-27",
        events=[event("C1", first="sun"), event("C2", first="2026-02-28")],
        existing=[
            existing("C1", "E03", "sun", "10:15", block=1),
            existing("C2", "E04", "2026-02-28", "10:15", block=1),
        ],
    )
    assert not breaks(judge(p, *kept(p)), "H20")
    only_c2, only_c1 = kept(p)[1], kept(p)[0]
    assert breaks(judge(p, only_c2), "H20")
    assert breaks(judge(p, only_c1), "H20")


def test_a_frozen_assignment_of_an_inactive_event_is_dropped_not_kept():
    p = problem(
        events=[event("C1", condition="Canceled")],
        existing=[existing("C1", "E03", "mon", "10:15", block=1, locked=True)],
    )
    assert not breaks(judge(p), "H20")
    assert breaks(judge(p, *kept(p)), "H06")


def test_an_unlocked_existing_assignment_may_move_without_a_critical_finding():
    p = problem(events=[event("C1")], existing=[existing("C1", "E03", "mon", "10:15", block=1)])
    report = judge(p, assign(p, "C1", "E04", "tue", block=1))
    assert report.critical == 0


# --- input and wording -------------------------------------------------------------


def test_a_proposal_naming_an_unknown_employee_is_an_input_error():
    p = core_problem()
    bad = proposal([assign(p, "C1", "E03", "mon", block=1)])
    bad = bad.model_copy(
        update={
            "assignments": [
                bad.assignments[0],
                bad.assignments[0].model_copy(update={"employee": "E99"}),
            ]
        }
    )
    with pytest.raises(
        InputError,
        match=r"^proposal\.assignments\[1\]\.employee: unknown "
        r"employee 'E99'$",
    ):
        validate(p, bad)


def test_a_proposal_naming_an_unknown_event_is_an_input_error():
    p = core_problem()
    a = assign(p, "C1", "E03", "mon", block=1).model_copy(update={"event": "X9"})
    with pytest.raises(InputError, match=r"proposal\.assignments\[0\]\.event: unknown event"):
        validate(p, proposal([a]))


def test_a_finding_names_the_rule_events_employee_day_and_says_what_is_wrong():
    p = problem(
        employees=[employee("E01", "juicer", "Ana Ruiz")] + roster("E06"),
        events=[event("606001"), event("611734", "Juicer Production", "tue")],
    )
    report = judge(p, assign(p, "606001", "E01", "tue", block=5), assign(p, "611734", "E01", "tue"))
    h09 = [f for f in report.findings if f.rule == "H09"]
    assert len(h09) == 1
    f = h09[0]
    assert (f.severity, f.employee, f.date.isoformat()) == ("critical", "E01", "2026-03-03")
    assert sorted(f.events) == ["606001", "611734"]
    assert f.message == (
        "Ana Ruiz (E01) has 2 shifts on Tue 2026-03-03 (Juicer Production"
        " 611734, Core 606001); at most 1 is allowed."
    )
    assert rules(report, "critical") >= {"H09", "H12"}
