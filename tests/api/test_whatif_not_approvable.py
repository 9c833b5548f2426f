"""A what-if run is not approvable over HTTP either (issue 10, defect 12)."""

from __future__ import annotations

from tests.api.test_whatif_routes import BASE, JUICER_OFF, juicer  # noqa: F401  (fixture)


def test_defect12_approve_and_reject_of_a_whatif_answer_409(client, keys, juicer):  # noqa: F811
    made = client.post(
        f"/stores/{juicer.store}/whatif",
        headers=keys.of(),
        json={"base": {**BASE, "time_limit": 2}, "scenarios": [JUICER_OFF]},
    )
    assert made.status_code == 200, made.text
    run_id = made.json()["run_id"]
    shown = client.get(f"/runs/{run_id}", headers=keys.of()).json()
    assert shown["kind"] == "whatif" and shown["review"] == "none"
    for action in ("approve", "reject"):
        answer = client.post(f"/runs/{run_id}/{action}", headers=keys.of(), json={})
        assert answer.status_code == 409, answer.text
        assert "what-if" in answer.json()["detail"]
