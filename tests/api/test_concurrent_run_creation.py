"""Issue 10, defect 2: SQLite answered 500 "database is locked" to concurrent
``POST /stores/S/runs`` (13 of 64 at ``INSERT INTO scheduler_runs``); expected 202 or 429."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from tests.api.conftest import finished, run_body, wait_for


def test_concurrent_run_creation_answers_202_or_429_never_a_500(make_client, keys, small_store):
    client = make_client(max_concurrent_solves=4)
    h = keys.of("store")
    body = run_body(small_store, time_limit=1, workers=1)

    def post(_: int) -> tuple[int, int | None]:
        answer = client.post(f"/stores/{small_store.store}/runs", json=body, headers=h)
        return answer.status_code, answer.json().get("id") if answer.status_code == 202 else None

    answers = []
    with ThreadPoolExecutor(8) as pool:
        for _round in range(8):
            answers += list(pool.map(post, range(8)))
    codes = Counter(code for code, _ in answers)
    assert set(codes) <= {202, 429}, codes
    assert codes[202] >= 1
    for _, run_id in answers:
        if run_id is not None:
            assert wait_for(client, run_id, h, finished, timeout=120)["status"] == "succeeded"


def test_a_database_locked_past_its_timeout_answers_503_with_retry_after(
    make_client, keys, small_store, monkeypatch
):
    from sqlalchemy.exc import OperationalError

    import api.services.api_runs as api_runs

    def locked(*_args, **_kwargs):
        raise OperationalError("INSERT INTO scheduler_runs", {}, Exception("database is locked"))

    monkeypatch.setattr(api_runs, "create_run", locked)
    client = make_client()
    body = run_body(small_store, time_limit=1, workers=1)
    answer = client.post(f"/stores/{small_store.store}/runs", json=body, headers=keys.of())
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "2"
    assert "try again" in answer.json()["detail"]
