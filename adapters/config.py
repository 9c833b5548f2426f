"""Application settings from the environment (pydantic-settings): the one settings class.

:class:`AppSettings` is what the CLI, the HTTP service and the nightly (and its
Celery workers) read; there is no other settings class (``SCHEDSOLVE_LOG_INHERIT``,
which :mod:`adapters.logs` leaves for the processes it starts, is plumbing, not
a setting). Every setting reads an environment variable with the ``SCHEDSOLVE_``
prefix:

``SCHEDSOLVE_DATABASE_URL``
    SQLAlchemy URL of the database. Default ``sqlite:///schedsolve.db``, a
    SQLite file in the working directory; PostgreSQL is
    ``postgresql+psycopg://user:password@host:5432/dbname`` (psycopg 3).

Limits of the HTTP service (``schedsolve serve``):

``SCHEDSOLVE_MAX_CONCURRENT_SOLVES`` (2)
    Solves running at once in worker processes; one more is answered 429.
``SCHEDSOLVE_MAX_TIME_LIMIT`` (120)
    Seconds: the cap of any run's ``time_limit``.
``SCHEDSOLVE_STATELESS_SOLVE_TIME_LIMIT`` (10)
    Seconds: the cap of ``POST /solve``'s ``time_limit``.
``SCHEDSOLVE_MAX_BODY_BYTES`` (5 MB)
    Larger request bodies are answered 413, streamed ones included.
``SCHEDSOLVE_MAX_PROBLEM_EVENTS`` / ``SCHEDSOLVE_MAX_PROBLEM_EMPLOYEES`` (5000 / 1000)
    Larger problems are answered 422 before any solve.
``SCHEDSOLVE_MAX_STATELESS_EVENTS`` / ``SCHEDSOLVE_MAX_STATELESS_EMPLOYEES`` (400 / 60)
    ``POST /solve`` is for small problems only: larger ones are answered 422.
``SCHEDSOLVE_RETRY_AFTER`` (5)
    Seconds suggested in the ``Retry-After`` header of a 429.
``SCHEDSOLVE_EXPLAIN_SECONDS`` (2)
    Seconds of the repair solve behind ``GET /runs/{id}/events/{event}/explain``
    and ``.../why-not/{employee}`` (RULES.md §7), when the answer is not stored yet.

The nightly's fan-out (:mod:`adapters.celery_app`):

``SCHEDSOLVE_BROKER_URL``
    A Celery broker, e.g. ``redis://127.0.0.1:6379/0``; unset or empty: the
    nightly solves in local processes.
``SCHEDSOLVE_RESULT_BACKEND``
    Where task states are kept; default: the broker URL.

Logs (:mod:`adapters.logs`):

``SCHEDSOLVE_LOG_LEVEL``
    The lowest level written (``DEBUG``, ``INFO``, ...); wins over the entry
    point's default.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///schedsolve.db"


class AppSettings(BaseSettings):
    """Settings of the schedsolve service and CLI."""

    model_config = SettingsConfigDict(env_prefix="SCHEDSOLVE_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    max_concurrent_solves: int = Field(default=2, ge=1)
    max_time_limit: float = Field(default=120.0, gt=0)
    stateless_solve_time_limit: float = Field(default=10.0, gt=0)
    max_body_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    max_problem_events: int = Field(default=5000, ge=1)
    max_problem_employees: int = Field(default=1000, ge=1)
    max_stateless_events: int = Field(default=400, ge=1)
    max_stateless_employees: int = Field(default=60, ge=1)
    retry_after: int = Field(default=5, ge=1)
    #: Run the webhook sender inside the service (``schedsolve serve`` turns it on).
    webhook_sender: bool = False
    #: Signs the browser UI's session cookies; unset: a random secret per process
    #: (sessions then end when the server restarts and are not shared by workers).
    session_secret: str | None = None
    explain_seconds: float = Field(default=2.0, gt=0, le=60)
    broker_url: str | None = None
    result_backend: str | None = None
    log_level: str | None = None


def get_settings() -> AppSettings:
    """The settings as the environment has them now (read afresh on each call)."""
    return AppSettings()
