"""The greedy wave baseline: it keeps every hard rule and reports every event once."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.facts import Facts
from domain.generator import generate
from domain.parse import parse_problem
from domain.rules import EventType
from domain.validator import validate
from solver.greedy import greedy
from tests.builders import WEEK, at, employee, event, existing, problem, problem_dict, roster
from tests.paths import EXAMPLES as EXAMPLES_DIR

EXAMPLES = sorted(EXAMPLES_DIR.glob("*.json"))


def _assert_sound(p):
    prop = greedy(p)
    report = validate(p, prop)
    critical = [(f.rule, f.events, f.message) for f in report.findings if f.severity == "critical"]
    assert critical == []
    facts = Facts(p)
    seen = Counter([a.event for a in prop.assignments] + [u.event for u in prop.unscheduled])
    active = {e for e in facts.events if facts.is_active(e)}
    assert {e for e in active if seen[e] != 1} == set()
    assert all(n == 1 for n in seen.values())
    assert prop.status == "FEASIBLE"
    return prop


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_greedy_on_each_example_breaks_no_hard_rule_and_lists_every_event(path):
    prop = _assert_sound(parse_problem(path.read_text()))
    assert len(prop.assignments) > 0


@pytest.mark.parametrize(
    "args",
    [
        (8, 1, 1, "normal"),
        (12, 1, 2, "loose"),
        (18, 2, 3, "normal"),
        (25, 2, 4, "tight"),
        (40, 3, 5, "tight"),
    ],
)
def test_greedy_on_generated_stores_breaks_no_hard_rule(args):
    employees, weeks, seed, tightness = args
    _assert_sound(generate(employees, weeks, seed, tightness))


def test_greedy_is_deterministic():
    p = generate(18, 2, 7, "normal")
    assert greedy(p).model_dump(exclude={"solve_seconds"}) == greedy(p).model_dump(
        exclude={"solve_seconds"}
    )


def test_greedy_keeps_a_locked_existing_assignment_even_when_it_breaks_a_rule():
    p = problem(
        events=[event("C1")],
        existing=[existing("C1", "E03", "tue", "10:15", block=1, locked=True)],
        time_off=[{"employee": "E03", "start": "2026-03-03", "end": "2026-03-03"}],
    )
    (a,) = greedy(p).assignments
    assert (a.employee, a.start, a.block, a.change) == ("E03", at("tue", "10:15"), 1, "kept")


def test_greedy_moves_an_unlocked_existing_assignment_that_no_longer_fits():
    p = problem(
        events=[event("C1")],
        existing=[existing("C1", "E03", "tue", "10:15", block=1)],
        time_off=[{"employee": "E03", "start": "2026-03-03", "end": "2026-03-03"}],
    )
    (a,) = _assert_sound(p).assignments
    assert a.change == "moved"


def test_a_core_and_its_supervisor_event_land_on_the_same_day():
    p = problem(
        events=[event("C1", first="tue"), event("S1", "Supervisor", first="tue", pairs_with="C1")]
    )
    prop = _assert_sound(p)
    days = {a.event: (a.start.date(), a.employee) for a in prop.assignments}
    assert days["C1"][0] == days["S1"][0]
    assert days["S1"][1] == "E06"  # the club supervisor, not a lead (S5)


def test_a_core_whose_supervisor_event_nobody_can_do_stays_unscheduled():
    p = problem(
        employees=roster("E03", "E04"),
        events=[event("C1"), event("S1", "Supervisor", pairs_with="C1")],
    )
    prop = _assert_sound(p)
    assert prop.assignments == []
    reasons = {u.event: u.reason for u in prop.unscheduled}
    assert reasons == {"C1": "capacity", "S1": "no_eligible_employee"}


def test_juicer_production_goes_to_the_juicer_of_the_day_with_its_survey():
    staff = roster() + [employee("E07", "juicer")]
    p = problem(
        employees=staff,
        events=[event("P1", "Juicer Production", "wed"), event("V1", "Juicer Survey", "wed")],
        rotations=[{"weekday": "wed", "kind": "juicer", "employee": "E07", "backup": "E05"}],
    )
    prop = _assert_sound(p)
    assert {a.event: a.employee for a in prop.assignments} == {"P1": "E07", "V1": "E07"}


def test_a_lead_with_a_core_still_gets_the_morning_freeosk():
    p = problem(
        employees=roster("E01", "E03"),
        events=[
            event("C1", first="mon", last="mon"),
            event("C2", first="mon", last="mon"),
            event("F1", "Freeosk", "mon"),
        ],
        rotations=[{"weekday": "mon", "kind": "primary_lead", "employee": "E01"}],
    )
    prop = _assert_sound(p)
    by_event = {a.event: a for a in prop.assignments}
    assert by_event["F1"].employee == "E01"
    lead_core = next(a for a in prop.assignments if a.employee == "E01" and a.block)
    assert lead_core.start >= by_event["F1"].end


def test_no_deep_clean_on_a_production_day():
    p = problem(
        events=[
            event("P1", "Juicer Production", "mon"),
            event("D1", "Juicer Deep Clean", "mon", "mon"),
        ]
    )
    prop = _assert_sound(p)
    assert [a.event for a in prop.assignments] == ["P1"]
    assert prop.unscheduled[0].reason == "capacity"


def test_an_existing_assignment_on_a_locked_day_stays_even_if_unlocked():
    p = problem(
        events=[event("C1")],
        existing=[existing("C1", "E03", "tue", "10:15", block=1)],
        locked_days=["2026-03-03"],
        time_off=[{"employee": "E04", "start": "2026-03-03", "end": "2026-03-03"}],
    )
    (a,) = _assert_sound(p).assignments
    assert (a.employee, a.start, a.change) == ("E03", at("tue", "10:15"), "kept")


# --- random small stores -------------------------------------------------------

_DAYS = list(WEEK)
_TYPES = [t.value for t in EventType if t not in (EventType.SUPERVISOR, EventType.JUICER_SURVEY)]


@st.composite
def _small_stores(draw) -> dict:
    emps = [
        employee(
            f"E{i}",
            draw(st.sampled_from(["lead", "specialist", "juicer", "supervisor"])),
            off=tuple(draw(st.lists(st.sampled_from(_DAYS), max_size=3, unique=True))),
        )
        for i in range(draw(st.integers(1, 5)))
    ]
    events: list[dict] = []
    for i in range(draw(st.integers(1, 8))):
        etype = draw(st.sampled_from(_TYPES))
        first = draw(st.integers(0, 6))
        last = draw(st.integers(first, 6))
        number = f"{700100 + i}"
        cond = draw(st.sampled_from(["Unstaffed"] * 4 + ["Canceled"]))
        events.append(
            event(
                f"V{i}", etype, _DAYS[first], _DAYS[last], name=f"{number}-{etype}", condition=cond
            )
        )
        if etype == "Core" and draw(st.booleans()):
            events.append(
                event(f"S{i}", "Supervisor", _DAYS[first], _DAYS[last], name=f"{number}-Supervisor")
            )
        if etype == "Juicer Production" and draw(st.booleans()):
            events.append(
                event(f"J{i}", "Juicer Survey", _DAYS[first], _DAYS[first], pairs_with=f"V{i}")
            )
    extra: dict = {}
    if draw(st.booleans()):
        extra["locked_days"] = [WEEK[draw(st.sampled_from(_DAYS))].isoformat()]
    if draw(st.booleans()):
        extra["holidays"] = [{"date": WEEK[draw(st.sampled_from(_DAYS))].isoformat()}]
    if draw(st.booleans()):
        extra["settings"] = {
            "max_core_per_week": draw(st.integers(1, 3)),
            "max_week_minutes": draw(st.sampled_from([400, 1200, 2400])),
        }
    return problem_dict(emps, events, **extra)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_small_stores(), st.data())
def test_greedy_on_random_small_stores_with_existing_schedules_stays_sound(doc, data):
    first = _assert_sound(parse_problem(doc))
    doc["existing"] = [
        {
            "event": a.event,
            "employee": a.employee,
            "start": a.start.isoformat(),
            "block": a.block,
            "locked": data.draw(st.booleans()),
        }
        for a in first.assignments
        if data.draw(st.booleans())
    ]
    _assert_sound(parse_problem(doc))
