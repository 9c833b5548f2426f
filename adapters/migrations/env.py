"""Alembic environment: migrates the engine handed over by :func:`adapters.db.upgrade`.

Run through ``schedsolve db upgrade`` (or :func:`adapters.db.upgrade`); the
engine comes in ``config.attributes["engine"]``. Without one (e.g. the
``alembic`` command with ``-x url=...`` or ``sqlalchemy.url``), the URL is
``-x url``, else ``sqlalchemy.url``, else ``SCHEDSOLVE_DATABASE_URL``.
"""

from __future__ import annotations

from alembic import context

from adapters.orm import Base

config = context.config
target_metadata = Base.metadata


def _engine():
    engine = config.attributes.get("engine")
    if engine is not None:
        return engine, False
    from adapters.config import get_settings
    from adapters.db import make_engine

    url = (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or get_settings().database_url
    )
    return make_engine(url), True


def run_migrations_online() -> None:
    engine, owned = _engine()
    try:
        with engine.connect() as connection:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
    finally:
        if owned:
            engine.dispose()


if context.is_offline_mode():  # pragma: no cover - offline SQL scripts are not used
    raise SystemExit("offline migrations are not supported; give a database URL")
run_migrations_online()
