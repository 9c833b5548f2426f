"""GET /runs/{id}/events/{event}/explain and .../why-not/{employee}: store-scoped, stored
per run line, 404 naming an unknown event or employee, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from adapters.db import make_engine, session_factory
from adapters.keys import create_key
from adapters.uow import SqlUnitOfWork
from api.services.runs import SolveParams, create_run, solve_and_store
from domain.validator import validate
from tests.api.conftest import example, finished, save, wait_for
from tests.services.test_explain_runs import tight_store


@pytest.fixture
def client(make_client):
    """A generous repair limit: the machine may be loaded; a proven repair ends early."""
    return make_client(explain_seconds=30)


@pytest.fixture
def case(migrated_url):
    p = tight_store()
    save(migrated_url, p, example("small-week"))
    engine = make_engine(migrated_url)
    factory = session_factory(engine)
    uow = lambda: SqlUnitOfWork(factory)  # noqa: E731
    run, result = solve_and_store(
        uow, p.store, p.horizon.start, p.horizon.end, p.today, params=SolveParams(5, 1)
    )
    assert validate(p, result.proposal).critical == 0
    queued = create_run(uow, p.store, p.horizon.start, p.horizon.end, p.today)
    with factory() as session:
        _, mine = create_key(session, p.store, "T1")
        _, other = create_key(session, "5979", "other store")
        session.commit()
    engine.dispose()
    (left,) = [u.event for u in result.proposal.unscheduled if u.reason == "capacity"]
    return {
        "run": run.id,
        "queued": queued.id,
        "left": left,
        "done": result.proposal.assignments[0],
        "mine": {"X-API-Key": mine},
        "other": {"X-API-Key": other},
    }


def test_explain_answers_formats_explanation_computed_once_then_stored(client, case):
    url = f"/runs/{case['run']}/events/{case['left']}/explain"
    first = client.get(url, headers=case["mine"])
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["source"] == "computed" and body["reason"] == "capacity"
    ex = body["explanation"]
    assert set(ex) == {"blocked", "repair"}
    assert all(set(b) == {"employee", "date", "rules"} for b in ex["blocked"])
    fix = ex["repair"]
    assert fix["feasible"] is True and isinstance(fix["objective_change"], int)
    assert any(m["event"] == case["left"] and m["from"] is None for m in fix["moves"])
    again = client.get(url, headers=case["mine"])
    assert again.json()["source"] == "stored"
    assert again.json()["explanation"] == ex
    proposal = client.get(f"/runs/{case['run']}/proposal", headers=case["mine"]).json()
    (entry,) = [u for u in proposal["unscheduled"] if u["event"] == case["left"]]
    assert entry["explanation"] == ex


def test_why_not_answers_per_day_rules_and_who_fills_them_then_is_stored(client, case):
    done = case["done"]
    url = f"/runs/{case['run']}/events/{case['left']}/why-not/{done.employee}"
    first = client.get(url, headers=case["mine"])
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["source"] == "computed" and body["employee"] == done.employee
    (monday,) = body["days"]
    assert "H09" in monday["rules"]
    assert {h["employee"] for h in monday["by"]} == {done.employee}
    again = client.get(url, headers=case["mine"]).json()
    assert again["source"] == "stored" and again["days"] == body["days"]


def test_another_stores_key_gets_404_for_the_runs_explanations(client, case):
    for path in ("explain", "why-not/E03"):
        url = f"/runs/{case['run']}/events/{case['left']}/{path}"
        answer = client.get(url, headers=case["other"])
        assert answer.status_code == 404
        assert answer.json()["detail"] == f"run {case['run']} not found"


@pytest.mark.parametrize(
    ("path", "needle"),
    [
        ("events/NOPE/explain", "event NOPE not found in run"),
        ("events/@done/explain", "is scheduled in run"),
        ("events/@left/why-not/E99", "employee E99 not found in store T1"),
        ("events/NOPE/why-not/E03", "event NOPE not found in run"),
    ],
)
def test_an_unknown_event_or_employee_is_404_with_a_message(client, case, path, needle):
    path = path.replace("@done", case["done"].event).replace("@left", case["left"])
    answer = client.get(f"/runs/{case['run']}/{path}", headers=case["mine"])
    assert answer.status_code == 404, answer.text
    assert needle in answer.json()["detail"]


def test_a_run_without_a_proposal_answers_409(client, case):
    answer = client.get(f"/runs/{case['queued']}/events/C1/explain", headers=case["mine"])
    assert answer.status_code == 409
    assert "queued" in answer.json()["detail"]


def test_a_run_posted_with_explain_true_serves_its_explanations_stored(client, case):
    p = tight_store()
    body = {
        "horizon": {"start": "2026-03-01", "end": "2026-03-07"},
        "today": p.today.isoformat(),
        "time_limit": 3,
        "workers": 1,
        "explain": True,
        "explain_seconds": 30,
    }
    created = client.post(f"/stores/{p.store}/runs", json=body, headers=case["mine"])
    assert created.status_code == 202, created.text
    run = wait_for(client, created.json()["id"], case["mine"], finished)
    assert run["status"] == "succeeded", run
    assert run["counts"]["explained"] == 1 and run["params"]["explain"] is True
    doc = client.get(f"/runs/{run['id']}/proposal", headers=case["mine"]).json()
    (left,) = [u for u in doc["unscheduled"] if u["reason"] == "capacity"]
    assert left["explanation"]["repair"]["feasible"] is True
    url = f"/runs/{run['id']}/events/{left['event']}/explain"
    served = client.get(url, headers=case["mine"]).json()
    assert served["source"] == "stored" and served["explanation"] == left["explanation"]
