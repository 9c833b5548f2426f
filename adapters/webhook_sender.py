"""The webhook sender: delivers the outbox's changes with requests, signed.

Each delivery is a POST of a JSON body with an ``Idempotency-Key`` header (the
same on every try of that delivery, so a receiver that has seen it can ignore
it) and ``X-Schedsolve-Signature: t=<unix time>,v1=<hex>``, the HMAC-SHA256 of
``"<t>." + body`` under the webhook's secret; the secret itself is never sent
and never logged.

Two levels of retry: within one attempt urllib3's ``Retry`` on the requests
``Session`` (a few quick tries with exponential backoff on connection errors
and 429/5xx); across attempts the outbox (the delivery is due again after
``base_delay * 2**attempts``, capped, until ``max_attempts``, then ``dead``).
A delivery is claimed with a lease before it is posted, so a sender killed
mid-delivery leaves it to be tried again once the lease lapses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import requests

from adapters import logs
from adapters.http_session import retrying_session
from domain.publish import Delivery
from domain.runs import utcnow

SIGNATURE_HEADER = "X-Schedsolve-Signature"


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """The signature header's value for ``body`` sent at ``timestamp``."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, body: bytes, header: str, tolerance: float | None = None) -> bool:
    """Whether ``header`` is a valid signature of ``body`` (what a receiver checks)."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        stamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if tolerance is not None and abs(time.time() - stamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, body, stamp), header)


def http_session(retries: int = 2, backoff: float = 0.5) -> requests.Session:
    """A requests session that retries a POST on connection errors, 429 and 5xx."""
    return retrying_session("POST", "schedsolve-webhooks/1", retries, backoff)


def body_of(delivery: Delivery) -> bytes:
    """The delivery's JSON body (the same bytes on every try)."""
    doc = {"delivery": delivery.idempotency_key, **delivery.payload}
    return json.dumps(doc, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass
class Sender:
    """Delivers due outbox rows; :meth:`run_once` is one pass, :meth:`run` loops.

    ``uow_factory`` makes :class:`adapters.uow.SqlUnitOfWork` units (``uow.publish``).
    """

    uow_factory: Callable
    session: requests.Session | None = None
    max_attempts: int = 8
    base_delay: dt.timedelta = dt.timedelta(seconds=30)
    max_delay: dt.timedelta = dt.timedelta(hours=1)
    lease: dt.timedelta = dt.timedelta(seconds=60)
    timeout: tuple[float, float] = (3.05, 10.0)
    clock: Callable[[], dt.datetime] = utcnow

    def __post_init__(self) -> None:
        self.session = self.session or http_session()

    def run_once(self) -> int:
        """Try every due delivery once; returns how many were delivered."""
        with self.uow_factory() as uow:
            due = uow.publish.claim_due(self.clock(), self.lease)
            uow.commit()
        return sum(self._deliver(d) for d in due)

    def run(self, stop: threading.Event, poll: float = 2.0) -> None:
        """Deliver until ``stop`` is set, looking for due deliveries every ``poll`` s."""
        while not stop.is_set():
            try:
                self.run_once()
            except Exception as exc:  # a database hiccup must not end the sender
                logs.event("webhook.sender_error", level=logging.WARNING, error=str(exc)[:300])
            stop.wait(poll)

    def _deliver(self, delivery: Delivery) -> bool:
        with self.uow_factory() as uow:
            target = uow.publish.hook_secret(delivery.webhook_id)
        if target is None:
            self._failed(delivery, "webhook removed", final=True)
            return False
        url, secret = target
        body = body_of(delivery)
        headers = {
            "Content-Type": "application/json",
            "Idempotency-Key": delivery.idempotency_key,
            SIGNATURE_HEADER: signature(secret, body, int(time.time())),
        }
        try:
            answer = self.session.post(url, data=body, headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            self._failed(delivery, f"{type(exc).__name__}: {str(exc)[:300]}")
            return False
        if not 200 <= answer.status_code < 300:
            self._failed(delivery, f"HTTP {answer.status_code}")
            return False
        with self.uow_factory() as uow:
            uow.publish.mark_delivered(delivery.id, self.clock())
            uow.commit()
        logs.event(
            "webhook.delivered",
            store=delivery.store,
            delivery_id=delivery.id,
            webhook_id=delivery.webhook_id,
            attempts=delivery.attempts + 1,
        )
        return True

    def _failed(self, delivery: Delivery, error: str, final: bool = False) -> None:
        tries = delivery.attempts + 1
        dead = final or tries >= self.max_attempts
        delay = min(self.base_delay * (2 ** (tries - 1)), self.max_delay)
        with self.uow_factory() as uow:
            uow.publish.mark_failed(delivery.id, error, None if dead else self.clock() + delay)
            uow.commit()
        logs.event(
            "webhook.dead" if dead else "webhook.retry",
            level=logging.WARNING,
            store=delivery.store,
            delivery_id=delivery.id,
            webhook_id=delivery.webhook_id,
            attempts=tries,
            error=error,
        )
