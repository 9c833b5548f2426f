"""The Celery app that spreads nightly solves over machines.

Settings (:class:`adapters.config.AppSettings`, from the environment):

``SCHEDSOLVE_BROKER_URL``
    The broker, e.g. ``redis://127.0.0.1:6379/0``. When set,
    ``schedsolve nightly`` sends each store's solve as a task instead of
    solving in local processes, and ``schedsolve worker`` serves them.
``SCHEDSOLVE_RESULT_BACKEND``
    Where task states are kept; default: the broker URL.

One task, ``schedsolve.solve_store_run(database_url, run_id)``: it executes a
run the nightly already wrote (it never creates one). Its body and the worker
entry point live in :mod:`api.worker` (adapters never import the use cases);
this module only makes the app, so the nightly can send the task by name. The
body runs :func:`api.services.nightly.execute_nightly_run`, which holds the store's
solve lock and is a no-op on a run that has already ended. The task is
acknowledged only when it has finished (``acks_late``) and is put back on the
queue when its worker process dies (``reject_on_worker_lost``), so a lost
worker's solve is taken up by another worker and the same run is solved
again, not a second one. Workers take one task at a time (prefetch 1), and
the broker's visibility timeout is long enough that a long solve is not
handed to a second worker while the first still runs it.
"""

from __future__ import annotations

from functools import lru_cache

from celery import Celery

from adapters.config import get_settings

TASK_NAME = "schedsolve.solve_store_run"
#: Seconds before the Redis broker re-delivers an unacknowledged task.
VISIBILITY_TIMEOUT = 6 * 3600


def broker_url() -> str | None:
    """``SCHEDSOLVE_BROKER_URL`` as the environment has it now (``None``/empty: no broker)."""
    return get_settings().broker_url or None


@lru_cache(maxsize=8)
def make_celery(url: str | None = None, backend: str | None = None) -> Celery:
    """The app on broker ``url`` (default ``SCHEDSOLVE_BROKER_URL``); senders use
    :data:`TASK_NAME`, a worker registers the body with :func:`register`."""
    settings = get_settings()
    url = url or settings.broker_url
    if not url:
        raise ValueError("SCHEDSOLVE_BROKER_URL is not set: no Celery broker to use")
    app = Celery("schedsolve", broker=url, backend=backend or settings.result_backend or url)
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_track_started=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT},
        result_backend_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT},
        result_expires=7 * 24 * 3600,
    )
    return app


def register(app: Celery, body) -> Celery:
    """Register ``body`` as the app's one task (acknowledged late, re-queued if lost)."""
    app.task(name=TASK_NAME, acks_late=True, reject_on_worker_lost=True)(body)
    return app


class BrokerUnreachable(RuntimeError):
    """The broker does not answer."""


def check_broker(url: str | None = None, timeout: float = 3.0) -> None:
    """Raise :class:`BrokerUnreachable` unless the broker at ``url`` answers."""
    app = make_celery(url)
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0.2, timeout=timeout
            )
    except Exception as exc:
        first = str(exc).strip().splitlines()
        raise BrokerUnreachable(
            f"Celery broker {app.conf.broker_url} does not answer:"
            f" {first[0] if first else type(exc).__name__}"
        ) from None


def run_worker(app: Celery, concurrency: int = 2, loglevel: str = "INFO") -> None:
    """Serve ``app``'s tasks in this process; returns at shutdown."""
    app.worker_main(
        [
            "worker",
            f"--concurrency={concurrency}",
            f"--loglevel={loglevel}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
        ]
    )
