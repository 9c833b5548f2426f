"""kill -9 of a real ``schedsolve sender`` in the middle of a delivery: the change is
delivered later by the next sender, with the same idempotency key and body."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from api.services.publishing import add_hook, deliveries
from tests.publish.helpers import save, small_store, solve_and_approve
from tests.publish.servers import Server

SECRET = "kill-test-secret-0123456789abcdef"
SCHEDSOLVE = str(Path(sys.executable).with_name("schedsolve"))


def _sender(url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [SCHEDSOLVE, "sender", "--db", url, "--poll", "0.2", "--lease", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait(condition, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_a_sender_killed_mid_delivery_leaves_the_change_to_be_delivered_later_with_its_key(
    uow_factory, migrated_url
):
    problem = small_store()
    save(uow_factory, problem)
    with Server(stall_first=30) as receiver:
        add_hook(uow_factory, problem.store, receiver.url, SECRET)
        solve_and_approve(uow_factory, problem)
        [queued] = deliveries(uow_factory, problem.store)
        first = _sender(migrated_url)
        try:
            assert _wait(lambda: len(receiver.received) == 1, 30), "the sender never posted"
            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
        finally:
            first.kill()
        [held] = deliveries(uow_factory, problem.store)
        assert held.status == "sending"  # claimed, never marked: the kill came mid-post
        second = _sender(migrated_url)
        try:
            done = _wait(
                lambda: deliveries(uow_factory, problem.store)[0].status == "delivered", 40
            )
            time.sleep(1.0)  # a few more passes: nothing more is sent
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(10)
        assert done, "the second sender did not deliver"
    assert len(receiver.received) == 2
    keys = {r.headers["Idempotency-Key"] for r in receiver.received}
    assert keys == {queued.idempotency_key}
    assert len({r.body for r in receiver.received}) == 1
    assert SECRET.encode() not in b"".join(r.raw for r in receiver.received)
