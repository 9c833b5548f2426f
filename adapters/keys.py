"""API keys of the HTTP service: create, look up by key, revoke, list.

A key is ``ss_`` followed by 43 URL-safe random characters. Only its SHA-256
(hex) is stored, with the first 8 characters (``prefix``) for display, a name,
and its scope: one store, or ``None`` for an admin key that sees every store.

Every function works on a SQLAlchemy ``Session`` (``uow.session`` of a
:class:`adapters.uow.SqlUnitOfWork`); the caller commits.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.orm import ApiKeyRow
from domain.runs import utcnow

KEY_PREFIX = "ss_"


def hash_key(key: str) -> str:
    """The stored form of ``key``: its SHA-256 as 64 hex digits."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ApiKey:
    """A key as the service sees it (never the key itself)."""

    id: int
    name: str
    prefix: str
    store: str | None
    revoked: bool = False

    @property
    def is_admin(self) -> bool:
        return self.store is None

    def may_see(self, store: str) -> bool:
        """Whether data of ``store`` is visible with this key."""
        return self.store is None or self.store == store


def _to_domain(row: ApiKeyRow) -> ApiKey:
    return ApiKey(
        id=row.id, name=row.name, prefix=row.prefix, store=row.store_id, revoked=row.revoked
    )


def create_key(session: Session, store: str | None, name: str = "") -> tuple[ApiKey, str]:
    """Add a new key scoped to ``store`` (``None``: admin); returns it and the key text."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    row = ApiKeyRow(
        name=name,
        prefix=key[:8],
        key_hash=hash_key(key),
        store_id=store,
        created_at=utcnow(),
        revoked=False,
    )
    session.add(row)
    session.flush()
    return _to_domain(row), key


def find_key(session: Session, key: str) -> ApiKey | None:
    """The key stored for ``key`` (revoked ones included), else ``None``."""
    row = session.scalars(select(ApiKeyRow).where(ApiKeyRow.key_hash == hash_key(key))).first()
    return _to_domain(row) if row is not None else None


def revoke_key(session: Session, key_id: int) -> bool:
    """Revoke key ``key_id``; false if there is no such key."""
    row = session.get(ApiKeyRow, key_id)
    if row is None:
        return False
    row.revoked = True
    return True


def list_keys(session: Session) -> list[ApiKey]:
    """Every key, by id."""
    return [_to_domain(r) for r in session.scalars(select(ApiKeyRow).order_by(ApiKeyRow.id))]


def get_key(session: Session, key_id: int) -> ApiKey | None:
    """Key ``key_id`` (revoked ones included), else ``None``."""
    row = session.get(ApiKeyRow, key_id)
    return _to_domain(row) if row is not None else None
