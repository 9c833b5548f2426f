"""What-if: scenarios solved beside the base, on fakes, SQLite and PostgreSQL (issue 5, #4)."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from api.services.whatif import (
    ChangeError,
    Scenario,
    WhatIfBase,
    WhatIfRequest,
    apply_scenario,
    run_whatif,
    whatif,
)
from tests.builders import WEEK, employee, event, existing, problem, roster

MONDAY = WEEK["mon"]


def juicer_store():
    """One juicer (E05), no supervisor: Monday's Production and Survey only E05 can do."""
    return problem(
        employees=roster("E01", "E02", "E03", "E04", "E05"),
        events=[
            event("JP1", "Juicer Production", "mon", name="Juicer Production mon"),
            event("JS1", "Juicer Survey", "mon", name="Juicer Survey mon"),
            event("C1", "Core", "mon", "fri"),
            event("C2", "Core", "tue", "fri"),
            event("F1", "Freeosk", "tue"),
        ],
        rotations=[{"weekday": "mon", "kind": "juicer", "employee": "E05"}],
    )


def base_of(p, **fields) -> WhatIfBase:
    return WhatIfBase(
        **{
            "horizon": p.horizon,
            "today": p.today,
            "time_limit": 5,
            "seed": 0,
            "workers": 1,
            **fields,
        }
    )


def juicer_off() -> Scenario:
    return Scenario(
        name="the only juicer is off on Monday",
        changes=[{"kind": "employee_off", "employee": "E05", "dates": [MONDAY.isoformat()]}],
    )


@pytest.fixture
def stored(any_uow_factory):
    p = juicer_store()
    with any_uow_factory() as uow:
        uow.stores.save_problem(p)
        uow.commit()
    return p


def test_the_only_juicer_off_on_monday_leaves_the_production_unscheduled(any_uow_factory, stored):
    answer = whatif(
        any_uow_factory, stored.store, base_of(stored), [juicer_off(), Scenario(name="as it is")]
    )

    assert answer.base.scheduled_by_type["Juicer Production"] == 1
    off = answer.scenarios[0]
    assert "Juicer Production" not in off.result.scheduled_by_type
    reasons = {u.event: u for u in off.result.unscheduled}
    assert reasons["JP1"].reason == "no_available_employee"
    assert "time off" in reasons["JP1"].detail and "2026-03-02" in reasons["JP1"].detail
    assert reasons["JS1"].reason == "pair_unscheduled"
    assert off.result.unscheduled_by_reason == {"no_available_employee": 1, "pair_unscheduled": 1}
    # The S-rule diff: two juicer events (priority 1) fewer, their urgency and rotation bonus.
    assert off.score_diff["S1"] == -2 * (1000 + 100 * 9)
    assert off.score_diff["S3"] == -2 * 50
    assert off.score_diff["S2"] < 0
    assert set(off.score_diff) == {f"S{i}" for i in range(1, 12)}
    assert off.objective_diff == sum(off.score_diff.values())
    assert {(x.event, x.employee) for x in off.diff.removed} == {("JP1", "E05"), ("JS1", "E05")}
    assert off.diff.added == [] and off.result.critical == 0

    same = answer.scenarios[1]
    assert same.same_as_base and same.result == answer.base
    assert same.diff.added == same.diff.removed == same.diff.changed == []
    assert set(same.score_diff.values()) == {0}


def test_a_whatif_is_a_whatif_run_holding_its_answer(any_uow_factory, stored):
    answer = whatif(any_uow_factory, stored.store, base_of(stored), [juicer_off()])
    with any_uow_factory() as uow:
        run = uow.runs.get(answer.run_id)
        lines = uow.pending.list_by_run(answer.run_id)
    assert run.kind == "whatif" and run.status == "succeeded"
    assert run.objective == answer.base.objective
    assert run.score == answer.base.score
    assert run.params["scenarios"][0]["name"] == "the only juicer is off on Monday"
    stored_answer = run.counts["whatif"]
    assert stored_answer == answer.model_dump(mode="json", exclude={"run_id"})
    assert lines == []  # a what-if is never approved


def test_the_same_whatif_twice_gives_the_same_answer():
    p = juicer_store()
    scenarios = [
        juicer_off(),
        Scenario(
            name="E03 off all week",
            changes=[
                {
                    "kind": "employee_off",
                    "employee": "E03",
                    "start": "2026-03-01",
                    "end": "2026-03-07",
                }
            ],
        ),
    ]
    first, base1 = run_whatif(p, base_of(p), scenarios)
    second, base2 = run_whatif(p, base_of(p), scenarios)
    assert base1.proposal.assignments == base2.proposal.assignments
    for a, b in zip(first.scenarios, second.scenarios, strict=True):
        assert a.diff == b.diff and a.result.score == b.result.score


def test_a_scenario_without_changes_equals_the_base_proposal():
    p = juicer_store()
    answer, base = run_whatif(p, base_of(p), [Scenario(name="nothing")])
    only = answer.scenarios[0]
    assert only.same_as_base and only.result == answer.base
    assert only.diff.model_dump() == {"added": [], "removed": [], "changed": []}
    assert only.objective_diff == 0
    assert apply_scenario(p, Scenario(name="nothing")) is p


def test_every_kind_of_change_applies_to_a_copy():
    p = problem(
        employees=roster(),
        events=[
            event("C1", "Core", "mon", "fri", name="Core 606001"),
            event("S1", "Supervisor", "mon", "fri", name="Supervisor 606001", pairs_with="C1"),
            event("F1", "Freeosk", "tue"),
        ],
        existing=[existing("C1", "E03", "mon", "10:15", block=1)],
        rotations=[{"weekday": "tue", "kind": "primary_lead", "employee": "E01", "backup": "E02"}],
    )
    changed = apply_scenario(
        p,
        Scenario(
            name="all",
            changes=[
                {"kind": "employee_added", "employee": employee("E09", "lead")},
                {"kind": "employee_removed", "employee": "E02"},
                {"kind": "employee_removed", "employee": "E03"},
                {"kind": "event_added", "event": event("D1", "Digitals", "wed", "fri")},
                {
                    "kind": "event_window",
                    "event": "F1",
                    "start": "2026-03-05T00:00:00",
                    "due": "2026-03-05T23:59:00",
                },
                {"kind": "event_removed", "event": "C1"},
                {"kind": "weights", "weights": {"S9": 7}},
                {"kind": "settings", "settings": {"buffer_days": 1, "weights": {"S3": 80}}},
            ],
        ),
    )
    assert {e.id for e in changed.employees} == {"E01", "E04", "E05", "E06", "E09"}
    assert changed.rotations[0].backup is None
    assert changed.existing == []
    assert {e.id for e in changed.events} == {"S1", "F1", "D1"}
    assert next(e for e in changed.events if e.id == "S1").pairs_with is None
    assert next(e for e in changed.events if e.id == "F1").start == dt.datetime(2026, 3, 5)
    assert changed.settings.weight("S9") == 7 and changed.settings.weight("S3") == 80
    assert changed.settings.buffer_days == 1
    # The base problem is untouched.
    assert len(p.employees) == 6 and len(p.existing) == 1 and p.settings.buffer_days == 3


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (
            {"kind": "employee_off", "employee": "E99", "dates": ["2026-03-02"]},
            "scenarios[1].changes[1].employee: unknown employee 'E99'",
        ),
        (
            {"kind": "employee_added", "employee": {"id": "E01", "role": "lead"}},
            "scenarios[1].changes[1].employee.id: employee 'E01' already exists",
        ),
        (
            {"kind": "event_removed", "event": "NOPE"},
            "scenarios[1].changes[1].event: unknown event 'NOPE'",
        ),
        (
            {"kind": "event_window", "event": "F1", "due": "2026-03-01T00:00:00"},
            "scenarios[1].changes[1].due: the window would close",
        ),
        (
            {"kind": "event_added", "event": event("S9", "Supervisor", "mon", pairs_with="F1")},
            "scenarios[1].changes[1] (event_added) makes the problem invalid: events[5].pairs_with",
        ),
    ],
)
def test_a_bad_change_names_the_scenario_the_change_and_the_field(change, where):
    p = juicer_store()
    scenarios = [
        Scenario(name="fine"),
        Scenario(name="bad", changes=[{"kind": "weights", "weights": {"S1": 900}}, change]),
    ]
    with pytest.raises(ChangeError) as err:
        run_whatif(p, base_of(p), scenarios)
    assert str(err.value).startswith(where)


def test_a_bad_change_writes_no_run(any_uow_factory, stored):
    bad = Scenario(name="bad", changes=[{"kind": "employee_removed", "employee": "E77"}])
    with pytest.raises(ValueError, match=r"scenarios\[0\]\.changes\[0\]\.employee"):
        whatif(any_uow_factory, stored.store, base_of(stored), [bad])
    with any_uow_factory() as uow:
        assert uow.runs.list(store=stored.store) == []


def test_one_to_four_scenarios():
    p = juicer_store()
    five = [Scenario(name=f"s{i}") for i in range(5)]
    with pytest.raises(ChangeError, match="scenarios: a what-if has 1 to 4 scenarios, not 5"):
        run_whatif(p, base_of(p), five)
    with pytest.raises(ChangeError, match="not 0"):
        run_whatif(p, base_of(p), [])
    body = {"base": {"horizon": {"start": "2026-03-01", "end": "2026-03-07"}}}
    for n in (0, 5):
        with pytest.raises(ValidationError, match="scenarios"):
            WhatIfRequest.model_validate({**body, "scenarios": [{"name": "x"}] * n})


def test_malformed_changes_are_refused_by_the_models():
    with pytest.raises(ValidationError, match="give dates, or start"):
        Scenario.model_validate(
            {"name": "x", "changes": [{"kind": "employee_off", "employee": "E01"}]}
        )
    with pytest.raises(ValidationError, match="changes.0.employee_removed.employee"):
        Scenario.model_validate(
            {"name": "x", "changes": [{"kind": "employee_removed", "employee": ""}]}
        )
    with pytest.raises(ValidationError, match="does not match any of the expected tags"):
        Scenario.model_validate({"name": "x", "changes": [{"kind": "fire_everyone"}]})
    with pytest.raises(ValidationError, match="horizon"):
        WhatIfBase.model_validate({"horizon": {"start": "2026-03-01", "end": "2026-12-01"}})


def test_time_limits_are_capped():
    p = juicer_store()
    assert base_of(p, time_limit=600).params().time_limit == 10
    assert base_of(p, time_limit=2).params().time_limit == 2
