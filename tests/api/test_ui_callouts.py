"""The day page's Call-out form and a repair run's review (issue 12, pages)."""

from __future__ import annotations

import pytest
from markupsafe import escape

from api.services.review import approve
from domain.facts import Facts
from reports import names as n
from tests.api.test_ui_auth import login, page_csrf, solved, uow  # noqa: F401 (fixture)


@pytest.fixture
def live(uow, small_store):  # noqa: F811
    """small-week solved and approved: (store, busiest employee, her day, her events)."""
    run, _ = solved(uow, small_store)
    approve(uow, run.id)
    with uow() as u:
        p = small_store
        problem = u.stores.load_problem(p.store, p.horizon.start, p.horizon.end, p.today)
    counts: dict = {}
    for x in problem.existing:
        counts.setdefault((x.employee, x.start.date()), []).append(x.event)
    (emp, day), events = max(sorted(counts.items()), key=lambda kv: len(kv[1]))
    return p.store, emp, day, events


def _post(client, store, day, **data):
    token = page_csrf(client, f"/ui/stores/{store}/day?date={day}")
    return client.post(
        f"/ui/stores/{store}/callouts",
        data={"csrf": token, "start": str(day), "end": str(day), **data},
        follow_redirects=False,
    )


def test_the_day_page_has_a_call_out_form_defaulting_to_its_day(client, keys, live):
    store, emp, day, _ = live
    login(client, keys.store)
    html = client.get(f"/ui/stores/{store}/day?date={day}").text
    assert f'action="/ui/stores/{store}/callouts"' in html
    assert f'id="callout-start" name="start" type="date" value="{day}"' in html
    assert f'<option value="{emp}"' in html


def test_a_call_out_from_the_day_page_redirects_to_its_repair_review_with_the_diff_first(
    client, keys, live, small_store
):
    store, emp, day, events = live
    login(client, keys.store)
    response = _post(client, store, day, employee=emp, note="flu")
    assert response.status_code == 303, response.text
    review = client.get(response.headers["location"])
    assert review.status_code == 200
    html = review.text
    assert "What the call-out changes" in html and "(flu)" in html
    diff = html.index('id="repair-diff"')
    assert diff < html.index('<form method="post" action="/ui/runs/')
    assert diff < html.index('<section aria-labelledby="day-')
    section = html[diff : html.index("</section>", diff)]
    facts = Facts(small_store)
    for event in events:  # each of her events of the day: taken, unfilled or kept
        assert escape(n.event(facts, event)) in section, event
    assert "What else moves" in section


def test_a_call_out_without_the_csrf_token_is_refused_and_records_nothing(
    client,
    keys,
    live,
    uow,  # noqa: F811
):
    store, emp, day, _ = live
    login(client, keys.store)
    with uow() as u:
        before = len(u.runs.list(store=store))
    response = client.post(
        f"/ui/stores/{store}/callouts",
        data={"employee": emp, "start": str(day)},
        follow_redirects=False,
    )
    assert response.status_code == 403
    with uow() as u:
        assert len(u.runs.list(store=store)) == before


def test_a_call_out_with_bad_input_shows_the_error_on_the_form(client, keys, live):
    store, emp, day, _ = live
    login(client, keys.store)
    cases = [
        ({"employee": "nobody"}, "employee:"),
        ({"employee": emp, "end": "2000-01-01"}, "end:"),
        ({"employee": emp, "start": "2026-02-31"}, "first day:"),
        ({"employee": ""}, "employee:"),
    ]
    for data, field in cases:
        response = _post(client, store, day, **data)
        assert response.status_code == 422, (data, response.text)
        assert 'role="alert"' in response.text and field in response.text, data
        assert 'id="call-out"' in response.text


def test_another_stores_key_gets_404_for_the_call_out_form(client, keys, live):
    store, emp, day, _ = live
    login(client, keys.other)
    token = page_csrf(client, "/ui/stores/7852/day")
    response = client.post(
        f"/ui/stores/{store}/callouts",
        data={"csrf": token, "employee": emp, "start": str(day)},
        follow_redirects=False,
    )
    assert response.status_code == 404
