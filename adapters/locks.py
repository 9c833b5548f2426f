"""Per-store nightly locks that the operating system or the database releases when a process dies.

Two locks per store, both held by live processes only:

``claim``
    Held by the nightly *coordinator* (``schedsolve nightly``) from the moment
    it takes a store until that store's run has ended. A second coordinator
    that cannot take it skips the store ("already running").
``solve``
    Held by the process that *solves* the store's run (a local worker process
    or a Celery task) for the whole solve.

A ``queued``/``running`` nightly run whose store has neither lock held has
lost its processes: :func:`api.services.nightly.mark_interrupted` turns it
``interrupted``.

Backends (:class:`LockSession`):

- PostgreSQL: session-level advisory locks (``pg_try_advisory_lock(bigint)``)
  on one dedicated AUTOCOMMIT connection per session; the key is a stable
  64-bit hash of ``schedsolve:nightly:<role>:<store>`` (never Python's
  randomized ``hash``). The server drops them when the connection ends, so a
  killed process frees its locks at once. :meth:`LockSession.is_held` reads
  ``pg_locks`` and does not disturb the holder. Advisory locks are per
  database, so two databases on one server do not interfere.
- SQLite file: ``flock`` on ``<db file>.locks/<role>-<store>.lock`` beside the
  database (the kernel drops it when the process dies). SQLite is a local
  file, so every process that uses it is on this machine. ``is_held`` tries
  a non-blocking lock and gives it back at once, which is why
  :meth:`LockSession.try_lock` retries briefly before it answers "taken".
- SQLite in memory: a process-local registry (one process only).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import threading
import time
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from adapters.db import make_engine, normalize_url

Role = Literal["claim", "solve"]

#: How long :meth:`LockSession.try_lock` keeps trying before it answers "taken".
TRY_SECONDS = 0.3

_PROBE = text(
    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
    " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    " AND classid::text::bigint = :hi AND objid::text::bigint = :lo AND objsubid = 1"
)

_memory_locks: set[str] = set()
_memory_guard = threading.Lock()


def advisory_key(role: Role, store: str) -> int:
    """The signed 64-bit advisory-lock key of ``role`` for ``store`` (stable across processes)."""
    digest = hashlib.blake2b(f"schedsolve:nightly:{role}:{store}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def lock_name(role: Role, store: str) -> str:
    """A file-system-safe name for the lock (``claim-8135`` and a short hash when needed)."""
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", store)
    if safe != store:
        safe += "-" + hashlib.blake2b(store.encode(), digest_size=4).hexdigest()
    return f"{role}-{safe}"


def lock_dir(database_url: str) -> Path | None:
    """Where a SQLite file database keeps its lock files (``None``: not a SQLite file)."""
    url = normalize_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).resolve().parent / (Path(url.database).name + ".locks")


class LockSession:
    """Nightly locks held by this process; :meth:`close` (or the process's death) frees them."""

    def __init__(self, database_url: str) -> None:
        self.url = database_url
        self.backend = make_url(str(normalize_url(database_url))).get_backend_name()
        self._held: dict[tuple[Role, str], Any] = {}
        self._engine = None
        self._conn = None
        self._dir = lock_dir(database_url) if self.backend == "sqlite" else None
        if self.backend == "postgresql":
            self._engine = make_engine(database_url, poolclass=NullPool)
        elif self.backend != "sqlite":
            raise ValueError(f"nightly locks need PostgreSQL or SQLite, not {self.backend}")

    # --- PostgreSQL -----------------------------------------------------------------
    def _connection(self):
        if self._conn is None:
            self._conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        return self._conn

    # --- public ---------------------------------------------------------------------
    def try_lock(self, role: Role, store: str, *, wait: float = TRY_SECONDS) -> bool:
        """Take ``role``'s lock of ``store`` if nobody holds it; ``False`` if taken."""
        if (role, store) in self._held:
            return True
        deadline = time.monotonic() + wait
        while True:
            token = self._try_once(role, store)
            if token is not None:
                self._held[(role, store)] = token
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def _try_once(self, role: Role, store: str) -> Any:
        if self.backend == "postgresql":
            key = advisory_key(role, store)
            got = (
                self._connection()
                .execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key})
                .scalar()
            )
            return key if got else None
        if self._dir is None:
            name = lock_name(role, store)
            with _memory_guard:
                if name in _memory_locks:
                    return None
                _memory_locks.add(name)
            return name
        self._dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self._dir / f"{lock_name(role, store)}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return None
        return fd

    def unlock(self, role: Role, store: str) -> None:
        """Give back a lock this session holds (no-op otherwise)."""
        token = self._held.pop((role, store), None)
        if token is None:
            return
        if self.backend == "postgresql":
            with contextlib.suppress(Exception):  # a dead connection has freed it already
                self._connection().execute(text("SELECT pg_advisory_unlock(:k)"), {"k": token})
        elif isinstance(token, str):
            with _memory_guard:
                _memory_locks.discard(token)
        else:
            os.close(token)  # closing the descriptor drops the flock

    def holds(self, role: Role, store: str) -> bool:
        """Whether this session holds the lock."""
        return (role, store) in self._held

    def is_held(self, role: Role, store: str) -> bool:
        """Whether some process (this one included) holds ``role``'s lock of ``store``."""
        if (role, store) in self._held:
            return True
        if self.backend == "postgresql":
            key = advisory_key(role, store) & 0xFFFFFFFFFFFFFFFF
            count = (
                self._connection()
                .execute(_PROBE, {"hi": key >> 32, "lo": key & 0xFFFFFFFF})
                .scalar()
            )
            return bool(count)
        token = self._try_once(role, store)
        if token is None:
            return True
        self._held[(role, store)] = token
        self.unlock(role, store)
        return False

    def close(self) -> None:
        """Give back every lock and the connection."""
        for role, store in list(self._held):
            self.unlock(role, store)
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> LockSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
