"""Engines, sessions and schema migrations.

- :func:`make_engine` ``(url) -> Engine``: SQLite gets foreign keys on, WAL
  journal (file databases), a 30 s busy timeout and real transactions (a
  ``BEGIN`` before the first statement, reads included); PostgreSQL goes
  through psycopg 3 (``postgresql://`` is rewritten to ``postgresql+psycopg://``).
- :func:`session_factory` ``(engine) -> sessionmaker[Session]``.
- :func:`upgrade` ``(url_or_engine, revision="head")``: run the Alembic
  migrations of :mod:`adapters.migrations` programmatically.
- :func:`current_revision` ``(engine) -> str | None``; :func:`head_revision`
  ``() -> str``; :func:`schema_at_head` ``(engine) -> bool`` (readiness).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def normalize_url(url: str | URL) -> URL:
    """The URL with PostgreSQL pinned to the psycopg 3 driver."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL as text with any password hidden (for messages)."""
    return make_url(url).render_as_string(hide_password=True)


def _sqlite_pragmas(engine: Engine, file_db: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if file_db:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the per-dialect setup described above."""
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        file_db = parsed.database not in (None, "", ":memory:")
        engine = create_engine(parsed, **kwargs)
        _sqlite_pragmas(engine, file_db)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(parsed, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine``; objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)


def alembic_config(engine: Engine | None = None) -> Any:
    """An Alembic ``Config`` for the package's migrations (no ``alembic.ini`` needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.attributes["engine"] = engine
    return config


def upgrade(url: str | URL | Engine, revision: str = "head") -> None:
    """Migrate the database at ``url`` (or behind an engine) to ``revision``."""
    from alembic import command

    engine = url if isinstance(url, Engine) else make_engine(url)
    try:
        command.upgrade(alembic_config(engine), revision)
    finally:
        if not isinstance(url, Engine):
            engine.dispose()


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision the database is at (``None``: not migrated)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    """The newest revision of the package's migrations (Alembic's head)."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:  # two heads is a packaging mistake, not a database state
        raise RuntimeError(f"migrations have {len(heads)} heads: {heads}")
    return heads[0]


def schema_at_head(engine: Engine) -> bool:
    """``True`` when the database is migrated to :func:`head_revision`."""
    return current_revision(engine) == head_revision()
