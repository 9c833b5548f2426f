"""Solve-and-review over HTTP, end to end on SQLite and PostgreSQL (real worker processes)."""

from __future__ import annotations

import time

from tests.api.conftest import finished, run_body, wait_for


def test_a_run_is_created_polled_reviewed_approved_and_shows_in_the_schedule(
    client, keys, small_store
):
    h = keys.of("store")
    created = client.post(
        f"/stores/{small_store.store}/runs", json=run_body(small_store), headers=h
    )
    assert created.status_code == 202, created.text
    assert created.json()["status"] == "queued"
    run_id = created.json()["id"]
    run = wait_for(client, run_id, h, finished)
    assert run["status"] == "succeeded", run
    assert run["progress"]["objective"] is not None and run["counts"]["assigned"] > 0

    proposal = client.get(f"/runs/{run_id}/proposal", headers=h)
    assert proposal.status_code == 200
    doc = proposal.json()
    assert doc["format"] == "schedule-proposal/1" and doc["store"] == small_store.store
    assert len(doc["assignments"]) == run["counts"]["assigned"]

    approved = client.post(f"/runs/{run_id}/approve", json={}, headers=h)
    assert approved.status_code == 200, approved.text
    assert approved.json()["outcome"] in ("approved", "refused")
    assert approved.json()["review"] in ("approved", "pending")
    again = client.post(f"/runs/{run_id}/approve", headers=h)
    assert again.json()["outcome"] == "already"

    schedule = client.get(
        f"/stores/{small_store.store}/schedule",
        headers=h,
        params={
            "from": small_store.horizon.start.isoformat(),
            "to": small_store.horizon.end.isoformat(),
        },
    )
    assert schedule.status_code == 200
    live = {(e["event"], e["employee"], e["start"][:16]) for e in schedule.json()["entries"]}
    written = {
        (a["event"], a["employee"], a["start"][:16])
        for a in doc["assignments"]
        if a["start"][:10] <= small_store.horizon.end.isoformat()
    }
    assert written and written <= live
    assert any(e["run_id"] == run_id for e in schedule.json()["entries"])


def test_a_retry_with_the_same_idempotency_key_gives_one_run_and_another_body_is_409(
    client, keys, small_store
):
    h = {**keys.of("store"), "Idempotency-Key": "abc-123"}
    url = f"/stores/{small_store.store}/runs"
    first = client.post(url, json=run_body(small_store, time_limit=1), headers=h)
    second = client.post(url, json=run_body(small_store, time_limit=1), headers=h)
    assert first.status_code == 202 and second.status_code == 202
    assert first.json()["id"] == second.json()["id"]
    other = client.post(url, json=run_body(small_store, time_limit=2), headers=h)
    assert other.status_code == 409
    wait_for(client, first.json()["id"], h, finished)
    runs = [
        r
        for r in range(1, first.json()["id"] + 3)
        if client.get(f"/runs/{r}", headers=keys.of("admin")).status_code == 200
    ]
    assert runs == [first.json()["id"]]


def test_a_cancel_mid_solve_takes_effect_within_two_seconds_and_keeps_a_proposal(
    make_client, big_store, keys
):
    big = big_store
    client = make_client()
    h = keys.of("admin")
    created = client.post(
        f"/stores/{big.store}/runs", json=run_body(big, time_limit=120, workers=2), headers=h
    )
    assert created.status_code == 202, created.text
    run_id = created.json()["id"]
    searching = wait_for(
        client, run_id, h, lambda b: finished(b) or b["progress"]["objective"] is not None
    )
    assert searching["status"] == "running", searching

    asked = time.monotonic()
    cancel = client.post(f"/runs/{run_id}/cancel", headers=h)
    assert cancel.status_code == 202 and cancel.json()["cancel_requested"] is True
    run = wait_for(client, run_id, h, finished, timeout=10, every=0.02)
    took = time.monotonic() - asked
    assert run["status"] == "cancelled", run
    assert took < 2.0, f"cancel took {took:.2f} s"
    proposal = client.get(f"/runs/{run_id}/proposal", headers=h)
    assert proposal.status_code == 200 and proposal.json()["assignments"]
    assert client.post(f"/runs/{run_id}/cancel", headers=h).status_code == 409
