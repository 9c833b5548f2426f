"""``priority_mode`` in the API: /solve answers levels in strict mode; a bad value is 422."""

from __future__ import annotations

from tests.api.conftest import example_json


def test_solve_in_strict_mode_answers_a_proposal_with_levels(client, keys):
    doc = example_json("small-week")
    body = {"problem": doc, "time_limit": 3, "workers": 1, "priority_mode": "strict"}
    solved = client.post("/solve", json=body, headers=keys.of())
    assert solved.status_code == 200, solved.text
    proposal = solved.json()
    assert proposal["levels"] and proposal["levels"][0]["priority"] == 1
    judged = client.post(
        "/validate", json={"problem": doc, "proposal": proposal}, headers=keys.of()
    ).json()
    assert judged["critical"] == 0


def test_an_unknown_priority_mode_is_422_naming_the_field(client, keys, small_store):
    body = {"horizon": {"start": "2026-02-08", "end": "2026-02-14"}, "priority_mode": "lexi"}
    answer = client.post(f"/stores/{small_store.store}/runs", json=body, headers=keys.of())
    assert answer.status_code == 422
    assert "priority_mode" in answer.text
