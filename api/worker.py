"""The Celery worker's entry point: the nightly task's body over the use cases.

``schedsolve worker`` calls :func:`serve`; the app itself (broker, queues,
acknowledgement) comes from :mod:`adapters.celery_app`.
"""

from __future__ import annotations

from adapters.celery_app import make_celery, register, run_worker


def solve_store_run(database_url: str, run_id: int, hold_lock: bool = True) -> str:
    """Execute stored run ``run_id`` (a nightly's, holding the store's solve lock, or
    one the service sent); returns its final status."""
    from api.services.jobs import execute_stored_run

    return execute_stored_run(database_url, run_id, hold_lock)


def worker_app(url: str | None = None):
    """The Celery app with the nightly task registered."""
    return register(make_celery(url), solve_store_run)


def serve(concurrency: int = 2, url: str | None = None, loglevel: str = "INFO") -> None:
    """Serve the nightly's tasks in this process (``schedsolve worker``); returns at shutdown."""
    run_worker(worker_app(url), concurrency, loglevel)
