"""Keys, store scoping, body and problem limits, solve slots, orphan recovery."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from adapters.db import make_engine, session_factory
from adapters.keys import create_key, find_key, revoke_key
from adapters.uow import SqlUnitOfWork
from api.cli import app as cli
from api.services.runs import create_run
from tests.api.conftest import example_json, finished, wait_for

SMALL = "5979"


#: Behaviour that does not depend on the database: checked on SQLite only.
sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_health_needs_no_key_and_ready_checks_the_database(client):
    assert client.get("/health").json() == {"status": "ok", "database": None}
    assert client.get("/health/ready").json() == {"status": "ok", "database": "ok"}


def test_no_key_an_unknown_key_and_a_revoked_key_are_401(client, keys, migrated_url):
    url = f"/stores/{SMALL}/schedule?from=2026-02-08&to=2026-02-14"
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"X-API-Key": "ss_nope"}).status_code == 401
    assert client.post("/validate", json={}).status_code == 401
    engine = make_engine(migrated_url)
    with session_factory(engine)() as session:
        revoke_key(session, find_key(session, keys.store).id)
        session.commit()
    engine.dispose()
    assert client.get(url, headers=keys.of("store")).status_code == 401
    assert client.get(url, headers=keys.of("admin")).status_code == 200


def test_a_key_never_sees_another_store_or_its_runs(client, keys, migrated_url):
    engine = make_engine(migrated_url)
    factory = session_factory(engine)
    run = create_run(
        lambda: SqlUnitOfWork(factory),
        "7852",
        *[__import__("datetime").date(2026, 7, d) for d in (26, 27, 25)],
    )
    engine.dispose()
    other_store = client.get(
        "/stores/7852/schedule?from=2026-07-26&to=2026-08-01", headers=keys.of("store")
    )
    unknown_store = client.get(
        "/stores/0000/schedule?from=2026-07-26&to=2026-08-01", headers=keys.of("store")
    )
    assert other_store.status_code == unknown_store.status_code == 404
    for path in ("", "/proposal", "/lines"):
        assert client.get(f"/runs/{run.id}{path}", headers=keys.of("store")).status_code == 404
    for path in ("/cancel", "/approve", "/reject"):
        assert client.post(f"/runs/{run.id}{path}", headers=keys.of("store")).status_code == 404
    assert (
        client.post(
            "/stores/7852/runs",
            headers=keys.of("store"),
            json={"horizon": {"start": "2026-07-26", "end": "2026-08-01"}},
        ).status_code
        == 404
    )
    assert client.get(f"/runs/{run.id}", headers=keys.of("other")).status_code == 200
    assert client.get(f"/runs/{run.id}", headers=keys.of("admin")).status_code == 200
    assert client.get(f"/runs/{run.id}/proposal", headers=keys.of("admin")).status_code == 409


@sqlite_only
def test_a_body_over_the_limit_is_413_also_when_streamed_without_content_length(make_client, keys):
    client = make_client(max_body_bytes=64 * 1024)
    big = json.dumps({"problem": {"pad": "x" * 70_000}}).encode()
    declared = client.post(
        "/validate", content=big, headers={**keys.of(), "Content-Type": "application/json"}
    )
    assert declared.status_code == 413

    def chunks():
        for i in range(0, len(big), 8192):
            yield big[i : i + 8192]

    streamed = client.post(
        "/validate", content=chunks(), headers={**keys.of(), "Content-Type": "application/json"}
    )
    assert streamed.status_code == 413
    small = json.dumps({"problem": example_json("small-week")}).encode()
    ok = client.post(
        "/validate",
        content=iter([small[:1000], small[1000:]]),
        headers={**keys.of(), "Content-Type": "application/json"},
    )
    assert ok.status_code == 200, ok.text


@sqlite_only
def test_a_bad_problem_is_422_naming_the_field(client, keys):
    doc = example_json("small-week")
    doc["events"][3]["due"] = "2000-01-01T00:00:00"
    answer = client.post("/validate", json={"problem": doc}, headers=keys.of())
    assert answer.status_code == 422
    message = answer.json()["detail"][0]["msg"]
    assert "events[3]" in message and "due" in message
    missing = client.post("/validate", json={"proposal": {}}, headers=keys.of())
    assert missing.status_code == 422 and "problem" in str(missing.json()["detail"][0]["loc"])
    horizon = client.post(
        f"/stores/{SMALL}/runs",
        headers=keys.of(),
        json={"horizon": {"start": "2026-02-14", "end": "2026-02-08"}},
    )
    assert horizon.status_code == 422


@sqlite_only
def test_a_problem_over_the_size_limits_is_422_before_any_solve(make_client, keys):
    client = make_client(max_problem_events=50, max_stateless_events=50)
    doc = example_json("small-week")
    for path in ("/validate", "/solve"):
        answer = client.post(path, json={"problem": doc}, headers=keys.of())
        assert answer.status_code == 422
        assert "over the limit of 50" in answer.json()["detail"][0]["msg"]


@sqlite_only
def test_validate_and_solve_answer_findings_and_a_proposal(client, keys):
    doc = example_json("small-week")
    report = client.post("/validate", json={"problem": doc}, headers=keys.of()).json()
    assert set(report) == {
        "findings",
        "critical",
        "warnings",
        "health",
        "label",
        "worst_day",
        "health_days",
        "score",
    }
    solved = client.post(
        "/solve", json={"problem": doc, "time_limit": 2, "workers": 1}, headers=keys.of()
    )
    assert solved.status_code == 200, solved.text
    proposal = solved.json()
    judged = client.post(
        "/validate", json={"problem": doc, "proposal": proposal}, headers=keys.of()
    ).json()
    assert judged["critical"] == 0


def test_the_solve_beyond_the_limit_is_429_with_retry_after(make_client, keys, small_store):
    client = make_client(max_concurrent_solves=1, retry_after=7)
    body = {"horizon": {"start": "2026-02-08", "end": "2026-02-14"}, "time_limit": 30, "workers": 1}
    # The one slot is held, as by a solve in flight (a real one on this small
    # store could finish before the next request and make the test a race).
    busy = client.app.state.solves.reserve()
    second = client.post(f"/stores/{SMALL}/runs", json=body, headers=keys.of())
    assert second.status_code == 429 and second.headers["Retry-After"] == "7"
    stateless = client.post(
        "/solve", json={"problem": example_json("small-week")}, headers=keys.of()
    )
    assert stateless.status_code == 429
    busy.release()
    first = client.post(f"/stores/{SMALL}/runs", json=body, headers=keys.of())
    assert first.status_code == 202
    wait_for(client, first.json()["id"], keys.of(), finished)


@sqlite_only
def test_runs_left_active_by_a_dead_process_become_interrupted_at_start_up(
    make_client, keys, migrated_url
):
    engine = make_engine(migrated_url)
    factory = session_factory(engine)
    uow = lambda: SqlUnitOfWork(factory)  # noqa: E731
    import datetime as dt

    days = (dt.date(2026, 2, 8), dt.date(2026, 2, 14), dt.date(2026, 2, 5))
    orphan = create_run(uow, SMALL, *days, status="running")
    foreign = create_run(uow, SMALL, *days, status="running")
    with uow() as u:
        u.runs.update(orphan.id, active_lock=f"api:999999999:{orphan.id}")
        u.commit()
    engine.dispose()
    client = make_client()
    got = client.get(f"/runs/{orphan.id}", headers=keys.of()).json()
    assert got["status"] == "interrupted" and "stopped before it finished" in got["error"]
    assert client.get(f"/runs/{foreign.id}", headers=keys.of()).json()["status"] == "running"


@sqlite_only
def test_keys_create_prints_the_new_key_as_its_last_line(migrated_url, small_store):
    result = CliRunner().invoke(
        cli, ["keys", "create", "--store", SMALL, "--name", "till", "--db", migrated_url]
    )
    assert result.exit_code == 0, result.output
    key = result.output.strip().splitlines()[-1]
    engine = make_engine(migrated_url)
    with session_factory(engine)() as session:
        found = find_key(session, key)
        assert found.store == SMALL and found.name == "till"
        _, other = create_key(session, None)
        assert find_key(session, other).is_admin
    engine.dispose()
    assert CliRunner().invoke(cli, ["keys", "create", "--db", migrated_url]).exit_code == 2


@sqlite_only
def test_keys_create_for_a_store_that_is_not_there_exits_2_and_makes_no_key(migrated_url):
    # Regression (issue 10, defect 14): `keys create --store 9999` made a key
    # that could never see anything.
    result = CliRunner().invoke(
        cli, ["keys", "create", "--store", "9999", "--db", migrated_url], catch_exceptions=False
    )
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --store: store 9999 not found"), lines
    assert result.stdout == ""
    from sqlalchemy import func, select

    from adapters.orm import ApiKeyRow

    engine = make_engine(migrated_url)
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(ApiKeyRow)) == 0
    engine.dispose()


def test_the_body_limit_counts_streamed_chunks_and_stops_reading_past_the_limit():
    import asyncio

    from api.http.limits import BodyLimitMiddleware

    seen: list[bytes] = []

    async def app(scope, receive, send):
        message = await receive()
        seen.append(message["body"])
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    def run(chunks: list[bytes]) -> tuple[int, int]:
        queue = [
            {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
            for i, c in enumerate(chunks)
        ]
        read, sent = [0], []

        async def receive():
            read[0] += 1
            return queue.pop(0)

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "headers": [(b"transfer-encoding", b"chunked")]}
        asyncio.run(BodyLimitMiddleware(app, max_bytes=100)(scope, receive, send))
        return sent[0]["status"], read[0]

    assert run([b"x" * 40] * 10) == (413, 3)
    assert run([b"x" * 40, b"y" * 40]) == (200, 2)
    assert seen == [b"x" * 40 + b"y" * 40]
