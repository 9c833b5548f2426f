"""Report use cases over a unit of work: defaults (latest run, only store, first day) and errors."""

from __future__ import annotations

import datetime as dt

import pytest

from adapters.repository import RunNotFound, StoreNotFound
from api.services import reports as svc
from api.services.review import approve
from api.services.runs import SolveParams, solve_and_store
from api.services.whatif import EmployeeOff, Scenario, WhatIfBase, whatif
from domain.facts import Facts
from domain.generator import generate
from domain.models import Horizon
from tests.fakes import FakeState, FakeUnitOfWork
from tests.reports.helpers import clock, holds, pages, text


@pytest.fixture(scope="module")
def solved():
    state = FakeState()

    def factory():
        return FakeUnitOfWork(state)

    problem = generate(8, 1, seed=5)
    with factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    params = SolveParams(time_limit=2, workers=1, seed=0)
    run, result = solve_and_store(
        factory,
        problem.store,
        problem.horizon.start,
        problem.horizon.end,
        problem.today,
        params=params,
    )
    approve(factory, run.id)
    return factory, problem, run, result.proposal


def test_the_review_defaults_to_the_latest_run_of_the_only_store(solved):
    factory, problem, run, proposal = solved
    pdf = svc.review_report(factory, clock=clock)
    body = text(pdf)
    assert f"run {run.id}" in body
    facts = Facts(problem)
    for a in proposal.assignments:
        assert holds(body, facts.events[a.event].name)
    assert "approved" in body
    assert pdf == svc.review_report(factory, run.id, problem.store, clock=clock)


def test_the_printed_schedules_show_the_approved_live_schedule(solved):
    factory, problem, run, proposal = solved
    facts = Facts(problem)
    first = problem.horizon.start
    weekly = text(svc.weekly_report(factory, clock=clock))
    for a in proposal.assignments:
        assert holds(weekly, facts.events[a.event].name)
    daily = pages(svc.daily_report(factory, clock=clock))
    assert len(daily) == 1 and f"{first:%A %Y-%m-%d}" in daily[0]
    cores = [
        a
        for a in proposal.assignments
        if a.start.date() == first and facts.types[a.event].value == "Core"
    ]
    packet = pages(svc.packet_report(factory, problem.store, first, clock=clock))
    assert len(packet) == 1 + len(cores)


def test_another_stores_run_or_an_unknown_store_is_not_found(solved):
    factory, problem, run, _ = solved
    with pytest.raises(RunNotFound):
        svc.review_report(factory, run.id, "no-such-store")
    with pytest.raises(StoreNotFound):
        svc.weekly_report(factory, "no-such-store", dt.date(2026, 3, 1))
    with pytest.raises(RunNotFound):
        svc.review_report(factory, 999)


def test_a_store_without_a_what_if_says_so_naming_the_option(solved):
    factory, *_ = solved
    with pytest.raises(svc.ReportError, match="^--run: .*what-if"):
        svc.whatif_report(factory)


def test_the_what_if_report_reads_the_stored_answer(solved):
    factory, problem, *_ = solved
    who = problem.employees[0].id
    day = problem.horizon.start + dt.timedelta(days=1)
    base = WhatIfBase(
        horizon=Horizon(start=problem.horizon.start, end=problem.horizon.end),
        today=problem.today,
        time_limit=1,
    )
    scenario = Scenario(
        name="first off", changes=[EmployeeOff(kind="employee_off", employee=who, dates=[day])]
    )
    answer = whatif(factory, problem.store, base, [scenario])
    body = text(svc.whatif_report(factory, clock=clock))
    assert f"run {answer.run_id}" in body and "first off" in body
    assert holds(body, f"employee off {who}") and holds(body, str(day))
    assert holds(body, f"{answer.scenarios[0].score_diff['S1']:+,}")
