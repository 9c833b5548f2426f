"""The browser UI's pages render the store's data (in-process, without a browser)."""

from __future__ import annotations

import re

import pytest

from api.services.review import approve
from api.services.ui_review import with_partners
from domain.facts import Facts
from tests.api.test_ui_auth import login, page_csrf, solved, uow  # noqa: F401 (fixture)


@pytest.fixture
def approved(uow, small_store):  # noqa: F811
    run, result = solved(uow, small_store)
    approve(uow, run.id)
    return run, result.proposal


def test_the_week_page_shows_each_approved_event_in_its_employees_row(
    client, keys, small_store, approved
):
    run, proposal = approved
    login(client, keys.store)
    html = client.get(f"/ui/stores/{small_store.store}/week?start={run.horizon_start}").text
    facts = Facts(small_store)
    for a in proposal.assignments[:10]:
        name = facts.employees[a.employee].name
        assert name in html
        assert f"{a.start:%H:%M}" in html
    assert "Cores" in html and "Work min" in html


def test_the_day_who_and_workload_pages_answer_for_a_day_of_the_run(
    client, keys, small_store, approved
):
    run, proposal = approved
    s, day = small_store.store, run.horizon_start
    login(client, keys.store)
    day_html = client.get(f"/ui/stores/{s}/day?date={day}").text
    assert "Cores by start time and block" in day_html and "Findings of the day" in day_html
    event = proposal.assignments[0].event
    who = client.get(
        f"/ui/stores/{s}/who?date={proposal.assignments[0].start.date()}&event={event}"
    )
    assert who.status_code == 200 and f"Candidates for {event}" in who.text
    work = client.get(f"/ui/stores/{s}/workload?start={day}").text
    assert "Fairness spread of Cores (S7)" in work and "<svg" in work


def test_a_bad_date_in_a_page_query_is_422_naming_the_field(client, keys, small_store):
    login(client, keys.store)
    response = client.get(f"/ui/stores/{small_store.store}/week?start=2026-02-31")
    assert response.status_code == 422
    assert "start:" in response.text


def test_a_horizon_that_ends_before_it_starts_is_422_naming_the_field(client, keys, small_store):
    p = small_store
    login(client, keys.store)
    token = page_csrf(client, f"/ui/stores/{p.store}/runs")
    data = {"csrf": token, "start": str(p.horizon.end), "end": str(p.horizon.start)}
    response = client.post(f"/ui/stores/{p.store}/runs", data={**data, "time_limit": "2"})
    assert response.status_code == 422
    assert "end:" in response.text


def test_partners_of_a_supervisor_line_include_its_core(uow, small_store):  # noqa: F811
    run, result = solved(uow, small_store)
    facts = Facts(small_store)
    placed = {a.event for a in result.proposal.assignments}
    child = next(c for c, parent in facts.pair_of.items() if parent in placed and c in placed)
    with uow() as u:
        ids = {x.event: x.id for x in u.pending.list_by_run(run.id)}
    assert ids[facts.pair_of[child]] in with_partners(uow, run, [ids[child]])


def test_a_capacity_event_opens_its_explanation_and_repair(client, keys, uow):  # noqa: F811
    from tests.api.conftest import example

    tight = example("tight-week")
    run, result = solved(uow, tight)
    capacity = [u.event for u in result.proposal.unscheduled if u.reason == "capacity"]
    assert capacity, "tight-week leaves capacity events out"
    login(client, keys.other)
    review = client.get(f"/ui/runs/{run.id}").text
    links = re.findall(r'href="(/ui/runs/\d+/explain/[^"]+)"', review)
    assert links
    page = client.get(links[0])
    assert page.status_code == 200
    assert "What would it take" in page.text


def test_the_explanation_page_shows_the_explanation_the_api_serves_not_a_recomputed_one(
    client,
    keys,
    uow,  # noqa: F811
):
    # Regression: the page recomputed the explanation (without the run's weights)
    # instead of the stored one the JSON API answers, so the two could disagree.
    from api.services.explain import explain_event
    from tests.api.conftest import example

    run, result = solved(uow, example("tight-week"))
    event = next(u.event for u in result.proposal.unscheduled if u.reason == "capacity")
    found = explain_event(uow, run.id, event)
    assert found.explanation.repair is not None
    marked = found.explanation.model_copy(
        update={
            "repair": found.explanation.repair.model_copy(
                update={"detail": "the explanation kept with the run's line"}
            )
        }
    )
    with uow() as u:
        u.explanations.store(u.explanations.line(run.id, event).id, marked)
        u.commit()
    login(client, keys.other)
    page = client.get(f"/ui/runs/{run.id}/explain/{event}")
    assert page.status_code == 200
    assert "the explanation kept with the run&#39;s line" in page.text


def test_a_line_refused_at_approval_shows_its_finding(client, keys, small_store, uow):  # noqa: F811
    from domain.models import TimeOff

    run, result = solved(uow, small_store)
    facts = Facts(small_store)
    line = next(
        a
        for a in result.proposal.assignments
        if a.change == "new" and not facts.pair_of.get(a.event) and a.event not in facts.children
    )
    off = TimeOff(employee=line.employee, start=line.start.date(), end=line.start.date())
    changed = small_store.model_copy(update={"time_off": [*small_store.time_off, off]})
    with uow() as u:
        u.stores.save_problem(changed)
        u.commit()
        ids = {x.event: x.id for x in u.pending.list_by_run(run.id)}
    login(client, keys.store)
    token = page_csrf(client, f"/ui/runs/{run.id}")
    response = client.post(
        f"/ui/runs/{run.id}/review",
        data={"csrf": token, "action": "approve_selected", "line": [ids[line.event]]},
    )
    assert response.status_code == 200
    assert "1 refused" in response.text
    assert "Refused: H02" in response.text
