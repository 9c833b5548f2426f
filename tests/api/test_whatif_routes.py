"""What-if and candidates over HTTP, on SQLite and PostgreSQL (issue 5, acceptance 4)."""

from __future__ import annotations

import pytest

from adapters.db import make_engine, session_factory
from adapters.uow import SqlUnitOfWork
from tests.api.conftest import save
from tests.builders import existing, problem
from tests.services.test_candidates import tiny_store
from tests.services.test_whatif import juicer_store

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

BASE = {
    "horizon": {"start": "2026-03-01", "end": "2026-03-07"},
    "today": "2026-02-26",
    "time_limit": 5,
    "seed": 0,
}
JUICER_OFF = {
    "name": "the only juicer is off on Monday",
    "changes": [{"kind": "employee_off", "employee": "E05", "dates": ["2026-03-02"]}],
}


@pytest.fixture
def juicer(migrated_url, keys):
    p = juicer_store()
    save(migrated_url, p)
    return p


def test_the_only_juicer_off_shows_the_production_unscheduled_beside_the_base(client, keys, juicer):
    answer = client.post(
        f"/stores/{juicer.store}/whatif",
        headers=keys.of(),
        json={"base": BASE, "scenarios": [JUICER_OFF, {"name": "as it is", "changes": []}]},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    off, same = body["scenarios"]
    assert body["base"]["scheduled_by_type"]["Juicer Production"] == 1
    unscheduled = {u["event"]: u for u in off["result"]["unscheduled"]}
    assert unscheduled["JP1"]["reason"] == "no_available_employee"
    assert unscheduled["JS1"]["reason"] == "pair_unscheduled"
    assert off["score_diff"]["S1"] == -3800 and off["score_diff"]["S3"] == -100
    assert {x["event"] for x in off["diff"]["removed"]} == {"JP1", "JS1"}
    assert same["same_as_base"] and same["result"] == body["base"]
    assert same["diff"] == {"added": [], "removed": [], "changed": []}

    run = client.get(f"/runs/{body['run_id']}", headers=keys.of())
    assert run.status_code == 200
    assert run.json()["kind"] == "whatif" and run.json()["status"] == "succeeded"
    assert run.json()["counts"]["whatif"]["scenarios"][0]["name"] == JUICER_OFF["name"]


@sqlite_only
def test_zero_or_five_scenarios_or_a_bad_change_are_422(client, keys, juicer, migrated_url):
    url = f"/stores/{juicer.store}/whatif"
    for n in (0, 5):
        answer = client.post(
            url,
            headers=keys.of(),
            json={"base": BASE, "scenarios": [{"name": f"s{i}"} for i in range(n)]},
        )
        assert answer.status_code == 422
        assert "scenarios" in answer.json()["detail"][0]["loc"]
    bad = client.post(
        url,
        headers=keys.of(),
        json={
            "base": BASE,
            "scenarios": [
                {"name": "ok"},
                {"name": "bad", "changes": [{"kind": "employee_removed", "employee": "E42"}]},
            ],
        },
    )
    assert bad.status_code == 422
    detail = bad.json()["detail"][0]
    assert detail["loc"] == ["body", "scenarios", 1, "changes", 0]
    assert detail["msg"].startswith("scenarios[1].changes[0].employee: unknown employee 'E42'")
    unknown_kind = client.post(
        url,
        headers=keys.of(),
        json={
            "base": BASE,
            "scenarios": [
                {"name": "x", "changes": [{"kind": "employee_promoted", "employee": "E01"}]}
            ],
        },
    )
    assert unknown_kind.status_code == 422
    with_field = client.post(
        url,
        headers=keys.of(),
        json={
            "base": BASE,
            "scenarios": [
                {
                    "name": "x",
                    "changes": [
                        {"kind": "event_window", "event": "F1", "due": "2026-02-01T00:00:00"}
                    ],
                }
            ],
        },
    )
    assert with_field.status_code == 422
    assert with_field.json()["detail"][0]["msg"].startswith("scenarios[0].changes[0].due:")
    engine = make_engine(migrated_url)
    try:
        with SqlUnitOfWork(session_factory(engine)) as uow:
            assert uow.runs.list(store=juicer.store) == []  # no run for a refused request
    finally:
        engine.dispose()


@sqlite_only
def test_another_stores_key_gets_404_and_a_busy_server_429(make_client, keys, juicer):
    client = make_client(max_concurrent_solves=1, retry_after=3)
    body = {"base": BASE, "scenarios": [JUICER_OFF]}
    assert (
        client.post(
            f"/stores/{juicer.store}/whatif", headers=keys.of("store"), json=body
        ).status_code
        == 404
    )
    assert (
        client.get(
            f"/stores/{juicer.store}/events/F1/candidates",
            headers=keys.of("store"),
        ).status_code
        == 404
    )
    slot = client.app.state.solves.reserve()
    try:
        busy = client.post(f"/stores/{juicer.store}/whatif", headers=keys.of(), json=body)
    finally:
        slot.release()
    assert busy.status_code == 429 and busy.headers["Retry-After"] == "3"
    assert (
        client.post(f"/stores/{juicer.store}/whatif", headers=keys.of(), json=body).status_code
        == 200
    )


def test_candidates_rank_the_eligible_and_name_the_rule_of_the_others(client, keys, migrated_url):
    p = tiny_store()
    save(migrated_url, p)
    url = f"/stores/{p.store}/events/F1/candidates"
    answer = client.get(
        url, headers=keys.of(), params={"date": "2026-03-03", "today": "2026-02-26"}
    )
    assert answer.status_code == 200, answer.text
    rows = {r["employee"]: r for r in answer.json()}
    assert rows["E03"]["rule"] == "H04" and not rows["E03"]["eligible"]
    assert rows["E02"]["rule"] == "H02"
    eligible = [r for r in answer.json() if r["eligible"]]
    assert eligible and [r["delta"] for r in eligible] == sorted(
        (r["delta"] for r in eligible), reverse=True
    )
    window = client.get(url, headers=keys.of(), params={"today": "2026-02-26"})
    assert window.status_code == 200 and len(window.json()) == len(p.employees)
    missing = client.get(f"/stores/{p.store}/events/NOPE/candidates", headers=keys.of())
    assert missing.status_code == 404
    far = client.get(url, headers=keys.of(), params={"date": "1900-01-01"})
    assert far.status_code == 422


@sqlite_only
def test_candidates_of_a_locked_assignment_leave_only_its_employee(client, keys, migrated_url):
    p = problem(
        events=tiny_store().model_dump(mode="json")["events"],
        existing=[existing("C1", "E03", "mon", "10:15", block=1, locked=True)],
    )
    save(migrated_url, p)
    answer = client.get(
        f"/stores/{p.store}/events/C1/candidates",
        headers=keys.of(),
        params={"date": "2026-03-02", "today": "2026-02-26"},
    )
    assert answer.status_code == 200
    eligible = [r for r in answer.json() if r["eligible"]]
    assert [(r["employee"], r["current"]) for r in eligible] == [("E03", True)]
    assert {r["rule"] for r in answer.json() if not r["eligible"]} <= {"H20", "H02"}
