"""The browser UI's session: login, CSRF, logout, and a store key's scope on every page."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from adapters.db import make_engine, session_factory
from adapters.keys import find_key, revoke_key
from adapters.uow import SqlUnitOfWork
from api.services.runs import SolveParams, solve_and_store
from domain.facts import Facts
from domain.rules import EventType


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(client: TestClient, key: str, next_url: str = "/ui/"):
    form = client.get("/ui/login")
    return client.post(
        "/ui/login",
        data={"key": key, "csrf": csrf_of(form.text), "next": next_url},
        follow_redirects=False,
    )


def page_csrf(client: TestClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return csrf_of(response.text)


@pytest.fixture
def uow(migrated_url):
    engine = make_engine(migrated_url)
    sessions = session_factory(engine)
    yield lambda: SqlUnitOfWork(sessions)
    engine.dispose()


def solved(uow, problem):
    run, result = solve_and_store(
        uow,
        problem.store,
        problem.horizon.start,
        problem.horizon.end,
        problem.today,
        params=SolveParams(2, 1),
    )
    return run, result


def test_a_page_without_a_session_redirects_to_the_login_form(client, keys, small_store):
    response = client.get(f"/ui/stores/{small_store.store}/runs", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/ui/login?next=/ui/stores/")


def test_logging_in_sets_an_httponly_samesite_lax_cookie_without_secure_over_http(
    client, keys, small_store
):
    response = login(client, keys.store)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert keys.store not in cookie  # the key text is never in the cookie
    runs = client.get("/ui/", follow_redirects=True)
    assert runs.url.path == f"/ui/stores/{small_store.store}/runs"
    assert "Start a run" in runs.text


def test_the_session_cookie_is_secure_when_the_request_is_https(make_client, keys):
    client = make_client()
    client.base_url = client.base_url.copy_with(scheme="https")
    cookie = login(client, keys.store).headers["set-cookie"]
    assert "Secure" in cookie


def test_an_unknown_key_is_refused_with_the_login_form_again(client, keys):
    response = login(client, "ss_not-a-key")
    assert response.status_code == 401
    assert "unknown or revoked" in response.text
    assert "set-cookie" not in response.headers or "key" not in response.headers["set-cookie"]


def test_a_login_without_the_forms_csrf_token_is_refused(client, keys):
    response = client.post("/ui/login", data={"key": keys.store, "csrf": "x"})
    assert response.status_code == 403


def test_login_goes_on_only_to_a_page_of_the_ui_never_another_site(client, keys):
    response = login(client, keys.store, next_url="https://evil.example/")
    assert response.headers["location"] == "/ui/"


def test_a_form_without_the_sessions_csrf_token_changes_nothing(client, keys, small_store, uow):
    p = small_store
    login(client, keys.store)
    page_csrf(client, f"/ui/stores/{p.store}/runs")
    data = {"start": str(p.horizon.start), "end": str(p.horizon.end), "time_limit": "2"}
    for token in ("", "forged"):
        response = client.post(f"/ui/stores/{p.store}/runs", data={**data, "csrf": token})
        assert response.status_code == 403
    with uow() as u:
        assert u.runs.list(store=p.store) == []


def test_another_stores_run_page_and_pdf_are_404_pages(client, keys, small_store, uow):
    from tests.api.conftest import example

    other = example("tight-week")
    run, _ = solved(uow, other)
    login(client, keys.store)
    for url in (
        f"/ui/runs/{run.id}",
        f"/ui/runs/{run.id}/report.pdf",
        f"/ui/runs/{run.id}/progress",
        f"/ui/stores/{other.store}/runs",
        f"/ui/stores/{other.store}/schedule.pdf",
        f"/ui/stores/{other.store}/days/{other.horizon.start}/packet.pdf",
        "/ui/runs/999999",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "text/html" in response.headers["content-type"]
    token = page_csrf(client, f"/ui/stores/{small_store.store}/runs")
    response = client.post(f"/ui/runs/{run.id}/review", data={"csrf": token, "action": "reject"})
    assert response.status_code == 404
    with uow() as u:
        assert u.runs.get(run.id).review == "pending"


def test_an_admin_key_sees_every_store(client, keys, small_store):
    login(client, keys.admin)
    start = client.get("/ui/")
    assert "Store 5979" in start.text and "Store 7852" in start.text
    assert client.get("/ui/stores/7852/runs").status_code == 200


def test_logging_out_ends_the_session(client, keys, small_store):
    login(client, keys.store)
    token = page_csrf(client, f"/ui/stores/{small_store.store}/runs")
    assert client.post("/ui/logout", data={"csrf": "wrong"}).status_code == 403
    response = client.post("/ui/logout", data={"csrf": token}, follow_redirects=False)
    assert response.status_code == 303
    again = client.get(f"/ui/stores/{small_store.store}/runs", follow_redirects=False)
    assert again.status_code == 303


def test_a_revoked_key_ends_its_sessions_at_once(client, keys, small_store, migrated_url):
    login(client, keys.store)
    assert client.get(f"/ui/stores/{small_store.store}/runs").status_code == 200
    engine = make_engine(migrated_url)
    with session_factory(engine)() as session:
        revoke_key(session, find_key(session, keys.store).id)
        session.commit()
    engine.dispose()
    response = client.get(f"/ui/stores/{small_store.store}/runs", follow_redirects=False)
    assert response.status_code == 303


def test_a_forged_session_cookie_is_no_session(client, keys, small_store):
    client.cookies.set("schedsolve_ui", "eyJrZXkiOjF9.forged.sig")
    response = client.get(f"/ui/stores/{small_store.store}/runs", follow_redirects=False)
    assert response.status_code == 303


def test_approving_a_core_alone_approves_its_supervisor_check_with_it(
    client, keys, small_store, uow
):
    run, result = solved(uow, small_store)
    facts = Facts(small_store)
    placed = {a.event for a in result.proposal.assignments}
    core = next(
        c
        for c, kids in facts.children.items()
        if facts.types[c] is EventType.CORE and c in placed and set(kids) & placed
    )
    with uow() as u:
        lines = {x.event: x for x in u.pending.list_by_run(run.id)}
    login(client, keys.store)
    token = page_csrf(client, f"/ui/runs/{run.id}")
    response = client.post(
        f"/ui/runs/{run.id}/review",
        data={"csrf": token, "action": "approve_selected", "line": [lines[core].id]},
    )
    assert response.status_code == 200
    assert "refused" not in response.text.split('role="status">')[1].split("<")[0]
    with uow() as u:
        status = {x.event: x.status for x in u.pending.list_by_run(run.id)}
    assert status[core] == "approved"
    assert all(status[k] == "approved" for k in facts.children[core] if k in placed)
    assert sum(s == "approved" for s in status.values()) == 1 + len(
        set(facts.children[core]) & placed
    )


def test_docs_loads_swagger_ui_from_the_app_itself(client):
    html = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/ui/static/") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200
    assert client.get("/redoc").status_code == 404
