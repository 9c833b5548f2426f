"""Application settings from the environment (pydantic-settings).

Every setting reads an environment variable with the ``SCHEDSOLVE_`` prefix:

``SCHEDSOLVE_DATABASE_URL``
    SQLAlchemy URL of the database. Default ``sqlite:///schedsolve.db``, a
    SQLite file in the working directory; PostgreSQL is
    ``postgresql+psycopg://user:password@host:5432/dbname`` (psycopg 3).
"""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///schedsolve.db"


class AppSettings(BaseSettings):
    """Settings of the schedsolve service and CLI."""

    model_config = SettingsConfigDict(env_prefix="SCHEDSOLVE_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL


def get_settings() -> AppSettings:
    """The settings as the environment has them now (read afresh on each call)."""
    return AppSettings()
