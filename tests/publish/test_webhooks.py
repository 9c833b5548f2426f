"""Webhooks: an approval's changes go into the outbox in its transaction; the sender
delivers them signed, with an idempotency key, retried, dead-lettered; a receiver that
is down loses nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from adapters.webhook_sender import SIGNATURE_HEADER, Sender, http_session, verify
from api.services.publishing import add_hook, deliveries, remove_hook
from api.services.review import approve
from tests.publish.helpers import save, small_store, solve_and_approve
from tests.publish.servers import Server, free_port

SECRET = "s3cret-never-on-the-wire-0123456789"


def _sender(uow_factory, **kw) -> Sender:
    # No urllib3 retries inside an attempt here: each test counts attempts itself.
    kw.setdefault("session", http_session(retries=0))
    kw.setdefault("base_delay", dt.timedelta(0))
    return Sender(uow_factory, **kw)


@pytest.fixture
def store(uow_factory):
    problem = small_store()
    save(uow_factory, problem)
    return problem


def test_an_approval_writes_its_changes_into_the_outbox_in_the_same_transaction(store, uow_factory):
    add_hook(uow_factory, store.store, "http://127.0.0.1:9/hook", SECRET)
    run, result = solve_and_approve(uow_factory, store)
    queued = deliveries(uow_factory, store.store)
    assert len(queued) == 1 and queued[0].status == "pending"
    payload = queued[0].payload
    assert payload["run_id"] == run.id and payload["store"] == store.store
    with uow_factory() as uow:
        live = uow.schedules.list(store.store, store.horizon.start, store.horizon.end)
    written = {(e.event, e.employee, e.start.isoformat()) for e in live if e.run_id == run.id}
    sent = {(c["event"], c["employee"], c["start"]) for c in payload["changes"]}
    assert sent == written and {c["change"] for c in payload["changes"]} <= {"new", "moved"}
    # Approving again changes nothing and queues nothing.
    approve(uow_factory, run.id)
    assert len(deliveries(uow_factory, store.store)) == 1


def test_a_store_without_webhooks_queues_nothing(store, uow_factory):
    solve_and_approve(uow_factory, store)
    assert deliveries(uow_factory, store.store) == []


def test_the_sender_posts_a_signed_body_with_an_idempotency_key_and_never_the_secret(
    store, uow_factory
):
    with Server() as receiver:
        add_hook(uow_factory, store.store, receiver.url, SECRET)
        solve_and_approve(uow_factory, store)
        assert _sender(uow_factory).run_once() == 1
    [got] = receiver.received
    assert verify(SECRET, got.body, got.headers[SIGNATURE_HEADER])
    assert not verify("another-secret-0123456789", got.body, got.headers[SIGNATURE_HEADER])
    [delivery] = deliveries(uow_factory, store.store)
    assert got.headers["Idempotency-Key"] == delivery.idempotency_key
    assert delivery.status == "delivered" and delivery.attempts == 1
    assert json.loads(got.body)["changes"] == delivery.payload["changes"]
    assert SECRET.encode() not in got.raw


def test_a_failing_receiver_is_retried_with_the_same_key_until_it_answers(store, uow_factory):
    with Server(fail_first=2) as receiver:
        add_hook(uow_factory, store.store, receiver.url, SECRET)
        solve_and_approve(uow_factory, store)
        sender = _sender(uow_factory)
        assert [sender.run_once() for _ in range(3)] == [0, 0, 1]
    keys = {r.headers["Idempotency-Key"] for r in receiver.received}
    bodies = {r.body for r in receiver.received}
    assert len(receiver.received) == 3 and len(keys) == 1 and len(bodies) == 1
    [delivery] = deliveries(uow_factory, store.store)
    assert delivery.status == "delivered" and delivery.attempts == 3


def test_retries_wait_exponentially_longer(store, uow_factory):
    add_hook(uow_factory, store.store, f"http://127.0.0.1:{free_port()}/hook", SECRET)
    solve_and_approve(uow_factory, store)
    now = [dt.datetime(2030, 1, 1)]
    sender = _sender(uow_factory, base_delay=dt.timedelta(seconds=10), clock=lambda: now[0])
    waits = []
    for _ in range(3):
        sender.run_once()
        [d] = deliveries(uow_factory, store.store)
        waits.append((d.next_attempt_at - now[0]).total_seconds())
        now[0] = d.next_attempt_at
    assert waits == [10, 20, 40]


def test_a_receiver_that_is_down_keeps_the_changes_queued_and_gets_them_when_it_is_back(
    store, uow_factory
):
    port = free_port()
    add_hook(uow_factory, store.store, f"http://127.0.0.1:{port}/hook", SECRET)
    solve_and_approve(uow_factory, store)
    sender = _sender(uow_factory)
    for _ in range(3):
        assert sender.run_once() == 0
    [d] = deliveries(uow_factory, store.store)
    assert d.status == "pending" and d.attempts == 3 and "ConnectionError" in d.last_error
    with Server(port=port) as receiver:
        assert sender.run_once() == 1
    assert len(receiver.received) == 1
    assert deliveries(uow_factory, store.store)[0].status == "delivered"


def test_a_delivery_that_keeps_failing_becomes_a_dead_letter(store, uow_factory):
    with Server(status=500) as receiver:
        add_hook(uow_factory, store.store, receiver.url, SECRET)
        solve_and_approve(uow_factory, store)
        sender = _sender(uow_factory, max_attempts=3)
        for _ in range(5):
            sender.run_once()
    assert len(receiver.received) == 3
    [d] = deliveries(uow_factory, store.store)
    assert d.status == "dead" and d.attempts == 3 and d.last_error == "HTTP 500"


def test_removing_a_webhook_stops_its_undelivered_changes(store, uow_factory):
    hook = add_hook(uow_factory, store.store, "http://127.0.0.1:9/hook", SECRET)
    solve_and_approve(uow_factory, store)
    assert remove_hook(uow_factory, hook.id)
    assert _sender(uow_factory).run_once() == 0
    assert deliveries(uow_factory, store.store)[0].status == "dead"


def test_the_service_runs_a_sender_that_delivers_approvals(store, uow_factory, migrated_url):
    import time

    from fastapi.testclient import TestClient

    from adapters.config import AppSettings
    from api.http.app import create_app

    with Server() as receiver:
        add_hook(uow_factory, store.store, receiver.url, SECRET)
        app = create_app(AppSettings(database_url=migrated_url, webhook_sender=True))
        with TestClient(app):
            solve_and_approve(uow_factory, store)
            end = time.monotonic() + 30
            while time.monotonic() < end and not receiver.received:
                time.sleep(0.2)
    assert len(receiver.received) == 1
    assert deliveries(uow_factory, store.store)[0].status == "delivered"
