"""Regression tests of issue 10, defects 3 and 7: bad input is 422 naming the field, at submit.

Before the fixes these answered 500 (a NaN or infinite time limit, whose 422
could not be written as JSON; a horizon in year 1 or 9999), accepted a run
that failed later (horizon 9999-12-30), echoed a 5 MB input back whole, or
answered ``approved`` to an approval of no line at all.
"""

from __future__ import annotations

import json

import pytest

from tests.api.conftest import example_json

WEEK = '{"start": "2026-02-08", "end": "2026-02-14"}'


def post_raw(client, path: str, body: str, keys):
    headers = {**keys.of("admin"), "Content-Type": "application/json"}
    return client.post(path, content=body, headers=headers)


def field_of(response) -> list:
    assert response.status_code == 422, (response.status_code, response.text)
    json.loads(response.text)  # the answer itself is strict JSON (no NaN)
    return response.json()["detail"][0]["loc"]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_defect3_a_non_finite_time_limit_is_422_naming_time_limit(client, keys, small_store, value):
    body = f'{{"horizon": {WEEK}, "time_limit": {value}}}'
    response = post_raw(client, f"/stores/{small_store.store}/runs", body, keys)
    assert field_of(response) == ["body", "time_limit"]


@pytest.mark.parametrize("path", ["/solve", "/stores/5979/whatif"])
def test_defect3_a_nan_time_limit_of_solve_and_whatif_is_422(client, keys, small_store, path):
    if path == "/solve":
        body = f'{{"problem": {json.dumps(example_json("small-week"))}, "time_limit": NaN}}'
    else:
        body = (
            f'{{"base": {{"horizon": {WEEK}, "time_limit": NaN}},'
            f' "scenarios": [{{"name": "same", "changes": []}}]}}'
        )
    assert field_of(post_raw(client, path, body, keys))[-1] == "time_limit"


@pytest.mark.parametrize(
    ("horizon", "today", "field"),
    [
        ('{"start": "0001-01-01", "end": "0001-01-02"}', None, "start"),
        ('{"start": "9999-12-20", "end": "9999-12-30"}', None, "start"),
        ('{"start": "2100-12-30", "end": "9999-12-30"}', None, "end"),
        (WEEK, "9999-12-31", "today"),
    ],
)
def test_defect3_a_run_outside_2000_to_2100_is_refused_at_submit(
    client, keys, small_store, horizon, today, field
):
    body = {"horizon": json.loads(horizon)}
    if today:
        body["today"] = today
    response = post_raw(client, f"/stores/{small_store.store}/runs", json.dumps(body), keys)
    assert field_of(response)[-1] == field
    assert "outside 2000-01-01 to 2100-12-31" in response.json()["detail"][0]["msg"]
    listed = client.get("/runs/1", headers=keys.of("admin"))
    assert listed.status_code == 404  # no run was made


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"settings": {"buffer_days": 1_000_000_000}}, "settings.buffer_days"),
        ({"settings": {"buffer_days": 10**4000}}, "settings.buffer_days"),
        ({"today": "9999-12-19", "horizon": {"start": "9999-12-20", "end": "9999-12-30"}}, "today"),
        ({"today": "0001-01-01", "horizon": {"start": "0001-01-02", "end": "0001-01-08"}}, "today"),
        ({"settings": {"durations": {"Core": 10**30}}}, "settings.durations.Core"),
    ],
)
@pytest.mark.parametrize("path", ["/validate", "/solve"])
def test_defect3_a_problem_with_out_of_range_values_is_422_naming_the_field(
    client, keys, path, change, expected
):
    problem = {**example_json("small-week"), **change}
    response = post_raw(client, path, json.dumps({"problem": problem}), keys)
    assert field_of(response) == ["body", "problem"]
    assert f"problem: {expected}:" in response.json()["detail"][0]["msg"]


def test_defect3_settings_out_of_range_in_a_whatif_are_422(client, keys, small_store):
    body = {
        "base": {"horizon": json.loads(WEEK)},
        "scenarios": [
            {"name": "x", "changes": [{"kind": "settings", "settings": {"buffer_days": 10**4000}}]}
        ],
    }
    response = post_raw(client, f"/stores/{small_store.store}/whatif", json.dumps(body), keys)
    assert field_of(response)[-1] == "buffer_days"


def test_defect7_a_422_does_not_echo_a_huge_input_back(client, keys, small_store):
    huge = "x" * (4 * 1024 * 1024)
    body = json.dumps({"horizon": huge})
    response = post_raw(client, f"/stores/{small_store.store}/runs", body, keys)
    assert field_of(response) == ["body", "horizon"]
    assert len(response.content) < 2000
    assert "4194304 characters" in response.json()["detail"][0]["input"]


def test_defect7_a_422_keeps_a_short_input_as_it_was(client, keys, small_store):
    body = json.dumps({"horizon": json.loads(WEEK), "workers": 99})
    response = post_raw(client, f"/stores/{small_store.store}/runs", body, keys)
    assert field_of(response) == ["body", "workers"]
    assert response.json()["detail"][0]["input"] == 99


@pytest.mark.parametrize("route", ["approve", "reject"])
def test_defect7_approve_or_reject_of_an_empty_pending_ids_is_422(client, keys, small_store, route):
    created = post_raw(client, f"/stores/{small_store.store}/runs", f'{{"horizon": {WEEK}}}', keys)
    run_id = created.json()["id"]
    response = post_raw(client, f"/runs/{run_id}/{route}", '{"pending_ids": []}', keys)
    assert field_of(response) == ["body", "pending_ids"]
