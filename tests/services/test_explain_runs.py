"""Explanations of a run (RULES.md §7) stored with its lines, on fakes, SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

import api.services.explain as service
from adapters.repository import RunNotFound
from api.services.api_runs import NoProposal
from api.services.explain import NotExplainable, explain_event, why_not_employee
from api.services.runs import SolveParams, create_run, solve_and_store
from domain.facts import Facts
from domain.repair import apply_repair
from domain.score import objective, score_schedule
from domain.validator import validate
from tests.builders import event, problem, roster

PARAMS = SolveParams(time_limit=5, workers=1, seed=0)
#: A generous repair limit: the machine may be loaded; a proven repair ends early.
SECONDS = 30


def tight_store():
    """Two specialists, three Cores on Monday only: one is left out for capacity (H09)."""
    return problem(
        employees=roster("E03", "E04"),
        events=[event(c, first="mon", last="mon") for c in ("C1", "C2", "C3")],
        time_off=[{"employee": "E04", "start": "2026-03-03", "end": "2026-03-07"}],
    )


@pytest.fixture
def solved(any_uow_factory):
    p = tight_store()
    with any_uow_factory() as uow:
        uow.stores.save_problem(p)
        uow.commit()
    run, result = solve_and_store(
        any_uow_factory, p.store, p.horizon.start, p.horizon.end, p.today, params=PARAMS
    )
    assert validate(p, result.proposal).critical == 0
    (left,) = [u.event for u in result.proposal.unscheduled if u.reason == "capacity"]
    return any_uow_factory, p, run, result.proposal, left


@pytest.fixture
def calls(monkeypatch):
    """Counts the solver calls the service makes."""
    counted = {"explain": 0, "why_not": 0}

    def count(name, real):
        def wrapper(*args, **kwargs):
            counted[name] += 1
            return real(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(service, "explain", count("explain", service.explain))
    monkeypatch.setattr(service, "why_not", count("why_not", service.why_not))
    return counted


def test_an_explanation_is_computed_once_stored_on_its_line_and_then_served_without_a_solve(
    solved, calls
):
    factory, p, run, proposal, left = solved
    first = explain_event(factory, run.id, left, time_limit=SECONDS)
    assert first.stored is False and first.reason == "capacity"
    assert first.explanation.repair is not None and first.explanation.repair.feasible
    assert any("H09" in b.rules for b in first.explanation.blocked)
    with factory() as uow:
        line = uow.explanations.line(run.id, left)
    assert line.explanation == first.explanation
    again = explain_event(factory, run.id, left, time_limit=SECONDS)
    assert again.stored is True and again.explanation == first.explanation
    assert calls["explain"] == 1


def test_the_stored_repair_is_a_promise_valid_and_priced_as_the_scorer_says(solved):
    factory, p, run, proposal, left = solved
    fix = explain_event(factory, run.id, left, time_limit=SECONDS).explanation.repair
    repaired = apply_repair(Facts(p), proposal, fix)
    assert left in {a.event for a in repaired.assignments}
    assert validate(p, repaired).critical == 0
    before = objective(score_schedule(p, proposal.assignments))
    assert fix.objective_change == objective(score_schedule(p, repaired.assignments)) - before


def test_a_stored_explanation_shows_in_the_runs_proposal_lines(solved):
    factory, p, run, proposal, left = solved
    found = explain_event(factory, run.id, left, time_limit=SECONDS)
    with factory() as uow:
        lines = uow.pending.list_by_run(run.id)
    (line,) = [x for x in lines if x.event == left]
    assert line.explanation == found.explanation
    assert all(x.explanation is None for x in lines if x.event != left)


def test_explaining_a_scheduled_or_unknown_event_names_it(solved, calls):
    factory, p, run, proposal, left = solved
    done = proposal.assignments[0].event
    with pytest.raises(NotExplainable, match=f"event '{done}' is scheduled in run {run.id}"):
        explain_event(factory, run.id, done)
    with pytest.raises(NotExplainable, match="event NOPE not found in run"):
        explain_event(factory, run.id, "NOPE")
    with pytest.raises(RunNotFound):
        explain_event(factory, 9999, left)
    assert calls["explain"] == 0


def test_a_run_without_a_proposal_has_nothing_to_explain(any_uow_factory):
    p = tight_store()
    with any_uow_factory() as uow:
        uow.stores.save_problem(p)
        uow.commit()
    run = create_run(any_uow_factory, p.store, p.horizon.start, p.horizon.end, p.today)
    with pytest.raises(NoProposal, match="queued"):
        explain_event(any_uow_factory, run.id, "C1")


def test_why_not_is_stored_per_employee_and_served_again_without_a_solve(solved, calls):
    factory, p, run, proposal, left = solved
    busy = sorted({a.employee for a in proposal.assignments})[0]
    first = why_not_employee(factory, run.id, left, busy, time_limit=SECONDS)
    assert first.stored is False
    (monday,) = first.answer.days
    assert "H09" in monday.rules and {h.employee for h in monday.by} == {busy}
    again = why_not_employee(factory, run.id, left, busy, time_limit=SECONDS)
    assert again.stored is True and again.answer == first.answer
    assert calls["why_not"] == 1


def test_why_not_of_an_unknown_employee_names_the_employee(solved):
    factory, p, run, proposal, left = solved
    with pytest.raises(NotExplainable, match="employee E99 not found in store T1"):
        why_not_employee(factory, run.id, left, "E99")


def test_a_run_solved_with_explain_stores_each_capacity_explanation_on_its_line(
    any_uow_factory, calls
):
    p = tight_store()
    with any_uow_factory() as uow:
        uow.stores.save_problem(p)
        uow.commit()
    params = SolveParams(time_limit=5, workers=2, seed=0, explain=True, explain_seconds=SECONDS)
    progress = []
    run, result = solve_and_store(
        any_uow_factory,
        p.store,
        p.horizon.start,
        p.horizon.end,
        p.today,
        params=params,
        on_explain=lambda done, n: progress.append((done, n)),
    )
    assert validate(p, result.proposal).critical == 0
    (left,) = [u for u in result.proposal.unscheduled if u.reason == "capacity"]
    assert left.explanation is not None and left.explanation.repair.feasible
    assert run.counts["explained"] == 1 and progress[-1] == (1, 1)
    served = explain_event(any_uow_factory, run.id, left.event)
    assert served.stored is True and served.explanation == left.explanation
    assert calls["explain"] == 0
