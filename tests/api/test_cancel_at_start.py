"""Issue 10, defect 7: a cancel sent as the run starts took 3.6-4.3 s (README: "within
a second or so"). Real worker processes, on SQLite and PostgreSQL."""

from __future__ import annotations

import time

from tests.api.conftest import finished, run_body, wait_for


def test_a_cancel_sent_as_the_run_starts_takes_effect_within_about_a_second(
    make_client, big_store, keys
):
    big = big_store
    client = make_client()
    h = keys.of("admin")
    body = run_body(big, time_limit=120, workers=2)
    asked = time.monotonic()
    created = client.post(f"/stores/{big.store}/runs", json=body, headers=h)
    assert created.status_code == 202, created.text
    run_id = created.json()["id"]
    assert client.post(f"/runs/{run_id}/cancel", headers=h).status_code == 202
    run = wait_for(client, run_id, h, finished, timeout=15, every=0.02)
    took = time.monotonic() - asked
    assert run["status"] == "cancelled", run
    # "Within a second or so" (README); it took 3.6-4.3 s before. 2 s leaves room for a
    # loaded CI machine without letting the old behaviour pass.
    assert took < 2.0, f"a cancel at the start took {took:.2f} s"
    # Cancelled before the search: the proposal is the greedy baseline, still whole.
    proposal = client.get(f"/runs/{run_id}/proposal", headers=h).json()
    active = {e.id for e in big.events if e.condition in ("Scheduled", "Reissued", "Unstaffed")}
    placed = {a["event"] for a in proposal["assignments"]} | {
        u["event"] for u in proposal["unscheduled"]
    }
    assert active <= placed
