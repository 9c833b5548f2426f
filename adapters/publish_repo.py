"""Queries of publishing: feed tokens, webhooks and the outbox (``uow.publish``).

The outbox is claimed row by row: a sender marks a due delivery ``sending``
with a lease (``claimed_until``) before it posts, and marks it ``delivered``
after; a sender killed in between leaves a lapsed lease, and the delivery is
tried again later with the same idempotency key.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from adapters.orm import EmployeeRow, StoreRow
from adapters.orm_publish import FeedTokenRow, OutboxRow, WebhookRow
from domain.publish import Delivery, FeedToken, Webhook

TOKEN_PREFIX = "sf_"


def hash_token(token: str) -> str:
    """The stored form of a feed token: its SHA-256 as 64 hex digits."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _token(row: FeedTokenRow) -> FeedToken:
    return FeedToken(
        row.id, row.store_id, row.employee_code, row.prefix, row.created_at, row.revoked
    )


def _hook(row: WebhookRow) -> Webhook:
    return Webhook(row.id, row.store_id, row.url, row.created_at, row.active)


def _delivery(row: OutboxRow) -> Delivery:
    return Delivery(
        id=row.id,
        webhook_id=row.webhook_id,
        store=row.store_id,
        idempotency_key=row.idempotency_key,
        payload=row.payload,
        status=row.status,  # type: ignore[arg-type]
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        last_error=row.last_error,
        delivered_at=row.delivered_at,
    )


class SqlPublishRepository:
    """Feed tokens, webhooks and outbox rows in one SQLAlchemy session."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # -- the store's time zone ------------------------------------------------
    def timezone(self, store: str) -> str | None:
        """The store's IANA time zone, ``None`` if there is no such store."""
        row = self.session.get(StoreRow, store)
        return None if row is None else row.timezone

    def set_timezone(self, store: str, tz: str) -> None:
        self.session.execute(update(StoreRow).where(StoreRow.id == store).values(timezone=tz))

    def employee_name(self, store: str, employee: str) -> str | None:
        """The employee's name (``""`` if none), ``None`` if the store has no such employee."""
        return self.session.scalars(
            select(EmployeeRow.name).where(
                EmployeeRow.store_id == store, EmployeeRow.code == employee
            )
        ).first()

    # -- feed tokens ----------------------------------------------------------
    def add_token(self, store: str, employee: str, now: dt.datetime) -> tuple[FeedToken, str]:
        """A new feed token for ``employee``; returns it and the token text (shown once)."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = FeedTokenRow(
            store_id=store,
            employee_code=employee,
            token_hash=hash_token(token),
            prefix=token[:8],
            created_at=now,
            revoked=False,
        )
        self.session.add(row)
        self.session.flush()
        return _token(row), token

    def find_token(self, token: str) -> FeedToken | None:
        row = self.session.scalars(
            select(FeedTokenRow).where(FeedTokenRow.token_hash == hash_token(token))
        ).first()
        return None if row is None else _token(row)

    def list_tokens(self, store: str | None = None) -> list[FeedToken]:
        stmt = select(FeedTokenRow).order_by(FeedTokenRow.id)
        if store is not None:
            stmt = stmt.where(FeedTokenRow.store_id == store)
        return [_token(r) for r in self.session.scalars(stmt)]

    def revoke_token(self, token_id: int) -> bool:
        row = self.session.get(FeedTokenRow, token_id)
        if row is None:
            return False
        row.revoked = True
        return True

    # -- webhooks -------------------------------------------------------------
    def add_hook(self, store: str, url: str, secret: str, now: dt.datetime) -> Webhook:
        row = WebhookRow(store_id=store, url=url, secret=secret, created_at=now, active=True)
        self.session.add(row)
        self.session.flush()
        return _hook(row)

    def list_hooks(self, store: str | None = None) -> list[Webhook]:
        stmt = select(WebhookRow).where(WebhookRow.active).order_by(WebhookRow.id)
        if store is not None:
            stmt = stmt.where(WebhookRow.store_id == store)
        return [_hook(r) for r in self.session.scalars(stmt)]

    def remove_hook(self, hook_id: int) -> bool:
        """Deactivate a webhook (its undelivered changes are no longer sent)."""
        row = self.session.get(WebhookRow, hook_id)
        if row is None or not row.active:
            return False
        row.active = False
        self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.webhook_id == hook_id, OutboxRow.status.in_(("pending", "sending")))
            .values(status="dead", last_error="webhook removed")
        )
        return True

    def hook_secret(self, hook_id: int) -> tuple[str, str] | None:
        """``(url, secret)`` of an active webhook, for the sender only."""
        row = self.session.get(WebhookRow, hook_id)
        return None if row is None or not row.active else (row.url, row.secret)

    # -- outbox ---------------------------------------------------------------
    def enqueue(self, store: str, payload: dict[str, Any], now: dt.datetime) -> list[Delivery]:
        """One delivery of ``payload`` per active webhook of ``store`` (same transaction)."""
        rows = [
            OutboxRow(
                webhook_id=hook.id,
                store_id=store,
                idempotency_key=str(uuid.uuid4()),
                payload=payload,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
            for hook in self.list_hooks(store)
        ]
        self.session.add_all(rows)
        self.session.flush()
        return [_delivery(r) for r in rows]

    def claim_due(self, now: dt.datetime, lease: dt.timedelta, limit: int = 20) -> list[Delivery]:
        """Mark up to ``limit`` due deliveries ``sending`` until ``now + lease``.

        Due: pending and its next attempt has come, or sending with a lapsed
        lease (its sender died). The claim is a compare-and-set per row, so two
        senders never take the same delivery at once.
        """
        due = or_(
            (OutboxRow.status == "pending") & (OutboxRow.next_attempt_at <= now),
            (OutboxRow.status == "sending") & (OutboxRow.claimed_until <= now),
        )
        ids = list(
            self.session.scalars(
                select(OutboxRow.id).where(due).order_by(OutboxRow.id).limit(limit)
            )
        )
        claimed = []
        for row_id in ids:
            taken = self.session.execute(
                update(OutboxRow)
                .where(OutboxRow.id == row_id, due)
                .values(status="sending", claimed_until=now + lease)
            )
            if taken.rowcount:  # type: ignore[attr-defined]
                claimed.append(row_id)
        self.session.flush()
        rows = self.session.scalars(select(OutboxRow).where(OutboxRow.id.in_(claimed)))
        return sorted((_delivery(r) for r in rows), key=lambda d: d.id)

    def mark_delivered(self, delivery_id: int, now: dt.datetime) -> None:
        self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == delivery_id)
            .values(
                status="delivered",
                attempts=OutboxRow.attempts + 1,
                delivered_at=now,
                claimed_until=None,
                last_error=None,
            )
        )

    def mark_failed(self, delivery_id: int, error: str, retry_at: dt.datetime | None) -> None:
        """A failed attempt: try again at ``retry_at``, or dead (``None``)."""
        self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == delivery_id)
            .values(
                status="pending" if retry_at is not None else "dead",
                attempts=OutboxRow.attempts + 1,
                next_attempt_at=retry_at if retry_at is not None else OutboxRow.next_attempt_at,
                claimed_until=None,
                last_error=error[:2000],
            )
        )

    def deliveries(self, store: str | None = None, limit: int = 200) -> list[Delivery]:
        stmt = select(OutboxRow).order_by(OutboxRow.id.desc()).limit(limit)
        if store is not None:
            stmt = stmt.where(OutboxRow.store_id == store)
        return [_delivery(r) for r in self.session.scalars(stmt)]
