"""Candidates: every employee ranked for one event against the live schedule."""

from __future__ import annotations

import datetime as dt

import pytest

from adapters.repository import StoreNotFound
from api.services.candidates import UnknownEvent, candidates
from domain.schedule import existing_as_assignments
from domain.score import objective, score_schedule
from domain.validator import validate
from tests.builders import WEEK, assign, event, existing, listed, problem, roster

TUE = WEEK["tue"]


def tiny_store(**fields):
    """Six employees (leads E01 E02, specialists E03 E04, juicer E05, supervisor E06).

    E01 has a Core on Tuesday at 10:45 (so a 10:00 Freeosk fits before it) and is
    Tuesday's primary lead; E02 is off Monday to Wednesday.
    """
    doc = {
        "employees": roster(),
        "events": [
            event("C1", "Core", "mon", "fri"),
            event("C2", "Core", "mon", "fri"),
            event("F1", "Freeosk", "tue"),
            event("F2", "Freeosk", "thu"),
            event("JP1", "Juicer Production", "mon"),
            event("JS1", "Juicer Survey", "mon"),
        ],
        "existing": [existing("C2", "E01", "tue", "10:45", block=3)],
        "time_off": [{"employee": "E02", "start": "2026-03-02", "end": "2026-03-04"}],
        "rotations": [{"weekday": "tue", "kind": "primary_lead", "employee": "E01"}],
    }
    doc.update(fields)
    return problem(**doc)


def by_id(rows):
    return {r.employee: r for r in rows}


def test_every_employee_is_ranked_eligible_by_delta_then_the_others_by_id():
    p = tiny_store()
    rows = candidates(p, "T1", "F1", TUE)
    assert [r.employee for r in rows] == ["E01", "E06", "E02", "E03", "E04", "E05"]
    e01, e06 = rows[0], rows[1]
    assert e01.eligible and e06.eligible
    assert e01.delta - e06.delta == 50  # S3: E01 is Tuesday's primary lead
    assert e01.start == dt.datetime(2026, 3, 3, 10, 0) and e01.block is None
    ruled = by_id(rows)
    assert ruled["E02"].rule == "H02" and "time off" in ruled["E02"].message
    for specialist in ("E03", "E04", "E05"):
        assert ruled[specialist].rule == "H04" and not ruled[specialist].eligible
        assert ruled[specialist].rule_text.startswith("The employee's role")
    assert "cannot do Freeosk F1" in ruled["E03"].message


def test_an_eligible_row_keeps_every_hard_rule_and_its_delta_is_the_objective_change():
    p = tiny_store()
    live = existing_as_assignments(p)
    before = objective(score_schedule(p, live))
    for ev, day in (("F1", TUE), ("C1", WEEK["wed"]), ("JS1", None), ("F2", None)):
        for row in candidates(p, "T1", ev, day):
            if not row.eligible:
                continue
            added = assign(
                p, ev, row.employee, row.date, row.start.strftime("%H:%M"), block=row.block
            )
            report = validate(p, listed(p, [*live, added]))
            assert report.critical == 0, (ev, row, report.findings)
            after = objective(score_schedule(p, [*live, added]))
            assert row.delta == after - before, (ev, row)


def test_a_lead_without_a_shift_that_day_is_ruled_out_by_h17():
    rows = by_id(candidates(tiny_store(), "T1", "F2", WEEK["thu"]))
    assert rows["E01"].rule == "H17" and rows["E02"].rule == "H17"
    assert rows["E06"].eligible  # a supervisor needs no shift


def test_a_second_shift_that_day_is_h09_and_a_taken_block_moves_to_the_next():
    rows = by_id(candidates(tiny_store(), "T1", "C1", TUE))
    assert rows["E01"].rule == "H09"
    assert rows["E03"].eligible and rows["E03"].block == 1  # block 3 is E01's, 1 is free


def test_a_production_goes_with_its_survey_to_a_juicer_or_supervisor():
    p = tiny_store()
    rows = by_id(candidates(p, "T1", "JP1"))
    assert rows["E05"].eligible and rows["E06"].eligible
    assert rows["E05"].date == WEEK["mon"]
    assert rows["E01"].rule == rows["E03"].rule == "H04"
    off = tiny_store(time_off=[{"employee": "E05", "start": "2026-03-02", "end": "2026-03-02"}])
    assert by_id(candidates(off, "T1", "JP1"))["E05"].rule == "H02"
    # The Survey follows its Production's employee: nobody else can take it.
    placed = tiny_store(existing=[existing("JP1", "E05", "mon", "09:00")])
    survey = by_id(candidates(placed, "T1", "JS1"))
    assert survey["E05"].eligible and survey["E06"].rule == "H15"


def test_the_current_assignee_keeps_the_stability_credit():
    p = tiny_store(existing=[existing("C1", "E03", "mon", "10:15", block=1)])
    rows = candidates(p, "T1", "C1")
    top = rows[0]
    assert (top.employee, top.current, top.date) == ("E03", True, WEEK["mon"])
    same_slot = by_id(rows)["E04"]  # the same day and block, another employee: a move (S10)
    assert (same_slot.date, same_slot.block) == (top.date, top.block)
    assert top.delta - same_slot.delta == 200


def test_a_day_inside_the_buffer_is_h07_for_a_new_assignment():
    rows = candidates(tiny_store(), "T1", "C1", WEEK["mon"], today=None)
    assert any(r.eligible for r in rows)
    early = tiny_store(today="2026-02-28")  # first new day: Tue 2026-03-03
    assert {r.rule for r in candidates(early, "T1", "C1", WEEK["mon"])} == {"H02", "H07"}


def test_the_store_database_gives_the_same_ranking(any_uow_factory):
    p = tiny_store()
    with any_uow_factory() as uow:
        uow.stores.save_problem(p)
        uow.commit()
    today = dt.date(2026, 2, 26)
    for ev, day in (("F1", TUE), ("C1", None)):
        stored = candidates(any_uow_factory, "T1", ev, day, today=today)
        assert stored == candidates(p, "T1", ev, day)
    with pytest.raises(UnknownEvent):
        candidates(any_uow_factory, "T1", "NOPE", today=today)
    with pytest.raises(StoreNotFound):
        candidates(any_uow_factory, "T9", "F1", today=today)


def test_the_unary_rules_of_a_ranking_are_the_solvers_own(monkeypatch):
    """One code path (issue 9 §3): the ranking asks solver.unary, as candidate generation
    and the explanations' blocks do, so they cannot drift apart."""
    import api.services.candidates as ranking
    from domain.facts import Facts
    from solver.unary import unary_rules

    p = tiny_store()
    rows = by_id(candidates(p, "T1", "F1", TUE))
    facts = Facts(p)
    for emp, row in rows.items():
        rules = unary_rules(facts, "F1", emp, TUE)
        assert (row.rule == rules[0]) if rules else row.rule not in {"H02", "H04"}, (emp, row)

    def e06_not_employed(facts, event, employee, day, **kw):
        return ["H05"] if employee == "E06" else unary_rules(facts, event, employee, day, **kw)

    monkeypatch.setattr(ranking, "unary_rules", e06_not_employed)
    e06 = by_id(candidates(p, "T1", "F1", TUE))["E06"]
    assert not e06.eligible and e06.rule == "H05"
    assert e06.rule_text.startswith("The employee")
