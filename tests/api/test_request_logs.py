"""HTTP request logs: one JSON line per request with a request id; never the key (defect 16)."""

from __future__ import annotations

import io
import json

import pytest

from adapters import logs


@pytest.fixture
def log_lines(monkeypatch):
    monkeypatch.delenv(logs.LEVEL_ENV, raising=False)
    buffer = io.StringIO()
    logs.configure("INFO", stream=buffer)
    yield buffer
    logs.configure("WARNING", stream=io.StringIO())


def _parsed(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_defect16_a_request_is_logged_with_its_request_id_echoed(client, keys, log_lines):
    answer = client.get("/runs/999999", headers={**keys.of("store"), "X-Request-ID": "req-42.a_b"})
    assert answer.status_code == 404
    assert answer.headers["X-Request-ID"] == "req-42.a_b"
    (line,) = [x for x in _parsed(log_lines) if x["event"] == "http.request"]
    assert line["request_id"] == "req-42.a_b"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/runs/999999", 404)
    assert line["duration_ms"] >= 0


def test_a_request_without_an_id_or_with_a_bad_one_gets_a_fresh_one(client, log_lines):
    plain = client.get("/health")
    odd = client.get("/health", headers={"X-Request-ID": "x" * 500 + "\n{"})
    ids = [plain.headers["X-Request-ID"], odd.headers["X-Request-ID"]]
    assert all(0 < len(i) <= 64 and "\n" not in i for i in ids) and ids[0] != ids[1]
    logged = [x["request_id"] for x in _parsed(log_lines) if x["event"] == "http.request"]
    assert logged == ids


def test_defect16_no_api_key_reaches_the_logs(client, keys, log_lines, small_store):
    headers = keys.of("store")
    client.get(
        f"/stores/{small_store.store}/schedule?from=2026-03-01&to=2026-03-07", headers=headers
    )
    client.get("/runs/1?api_key=" + keys.store, headers=headers)
    client.get("/runs/1", headers={"X-API-Key": keys.store + "x"})  # a wrong key: 401
    text = log_lines.getvalue()
    assert text, "nothing was logged"
    assert keys.store not in text and keys.admin not in text


def test_events_inside_a_request_carry_its_request_id(client, keys, log_lines, small_store):
    from tests.api.conftest import finished, wait_for

    body = {
        "horizon": {"start": str(small_store.horizon.start), "end": str(small_store.horizon.end)},
        "today": str(small_store.today),
        "time_limit": 2,
        "workers": 1,
    }
    made = client.post(f"/stores/{small_store.store}/runs", headers=keys.of(), json=body)
    assert made.status_code == 202, made.text
    run_id = made.json()["id"]
    assert finished(wait_for(client, run_id, keys.of(), finished))
    client.post(f"/runs/{run_id}/approve", headers={**keys.of(), "X-Request-ID": "ap-1"}, json={})
    (approved,) = [x for x in _parsed(log_lines) if x["event"] == "run.approved"]
    assert approved["request_id"] == "ap-1" and approved["run_id"] == run_id
