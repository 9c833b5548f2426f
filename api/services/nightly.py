"""Use case: the nightly batch solve of every store's coming horizon.

:func:`run_nightly` is what ``schedsolve nightly`` calls. For each store it

1. takes the store's *claim* lock (:mod:`adapters.locks`); a store
   whose claim or *solve* lock another process holds is reported ``skipped``
   (another nightly is on it), not failed;
2. turns any earlier nightly run of the store that is still ``queued`` /
   ``running`` but has lost its processes into ``interrupted``;
3. writes a ``nightly`` run for the horizon ``today + buffer_days`` (the
   store's setting, default 3: the first day open to new assignments) and the
   ``horizon_days`` days after it, with ``active_lock = "nightly:<store>"``
   (unique: a second active nightly run of the store cannot be written, on
   SQLite and PostgreSQL alike);
4. has it solved in a separate process by the runner
   (:mod:`api.services.runner`): a local process, ``parallel`` at a time, or a
   Celery task (:mod:`adapters.celery_app`) when a broker URL is set. That process
   holds the store's *solve* lock for the whole solve and calls
   :func:`api.services.jobs.run_job`; the proposal is stored as a pending run
   and supersedes the older pending runs of the same horizon (so re-running the
   same night does not duplicate).

A store whose solve fails has its run ``failed`` with the error; one whose
solving process dies has it ``interrupted``; the other stores go on.
:func:`mark_interrupted` repairs nightly runs whose processes are gone (the
next nightly calls it first).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict

from adapters.locks import LockSession
from adapters.repository import LockTaken
from api.services.control import end_run
from api.services.jobs import uow_factory_for
from api.services.nightly_models import (  # noqa: F401  (re-exported)
    DEFAULT_BUFFER_DAYS,
    NightlyReport,
    StoreOutcome,
    UnknownStores,
    horizon_for,
    nightly_lock,
)
from api.services.nightly_runs import (  # noqa: F401  (re-exported)
    EXIT_SKIPPED,
    LOCK_PREFIX,
    UowFactory,
    database_url_of,
    execute_nightly_run,
    log_store_outcome,
    mark_interrupted,
    why_interrupted,
)
from api.services.runner import CeleryRunner, LocalRunner, RunHandle, Runner, wait_any
from api.services.runs import SolveParams
from domain.runs import ACTIVE_STATUSES, Run, StoreInfo

# --- the solving side (a local process or a Celery task) -----------------------------


class _Coordinator:
    def __init__(
        self,
        database_url: str,
        factory: UowFactory,
        locks: LockSession,
        outcomes: list[StoreOutcome],
        on_update: Callable[[list[StoreOutcome]], None],
    ) -> None:
        self.url = database_url
        self.factory = factory
        self.locks = locks
        self.outcomes = outcomes
        self.on_update = on_update

    def claim(
        self, o: StoreOutcome, info: StoreInfo, today: dt.date, days: int, params: SolveParams
    ) -> None:
        """Take the store and write its queued run, or mark it skipped."""
        if not self.locks.try_lock("claim", o.store):
            o.status, o.note = "skipped", "another nightly is running this store"
            return
        if self._solve_held(o.store):
            o.status = "skipped"
            o.note = "an earlier nightly's solve of this store is still running"
            self.locks.unlock("claim", o.store)
            return
        # We hold the claim and nobody solves: any active nightly run of the store is stale.
        with self.factory() as uow:
            stale = uow.runs.list(store=o.store, status=ACTIVE_STATUSES, kind="nightly")
        for run in stale:
            end_run(self.factory, run.id, "interrupted", why_interrupted(run))
        start, end = horizon_for(info, today, days)
        o.horizon = (start, end)
        try:
            with self.factory() as uow:
                uow.begin_write()
                run = uow.runs.add(
                    Run(
                        store=o.store,
                        kind="nightly",
                        today=today,
                        horizon_start=start,
                        horizon_end=end,
                        status="queued",
                        params=asdict(params),
                        active_lock=nightly_lock(o.store),
                    )
                )
                uow.commit()
        except LockTaken:
            o.status, o.note = "skipped", "another active nightly run of this store exists"
            self.locks.unlock("claim", o.store)
            return
        o.run_id, o.status = run.id, "queued"

    def _solve_held(self, store: str, grace: float = 1.0) -> bool:
        """Whether a process solves ``store``; a lock of a process that just died may
        take the server a moment to drop, so a held lock is looked at again for ``grace`` s."""
        deadline = time.monotonic() + grace
        while self.locks.is_held("solve", store):
            if time.monotonic() >= deadline:
                return True
            time.sleep(0.1)
        return False

    def refresh(self, o: StoreOutcome) -> Run:
        """Copy the run's state into the outcome."""
        with self.factory() as uow:
            run = uow.runs.get(o.run_id)
        o.status = run.status
        progress = run.progress or {}
        o.objective = run.objective if run.objective is not None else progress.get("objective")
        o.gap = progress.get("gap")
        o.solver_status = run.solver_status
        o.assigned = run.counts.get("assigned")
        o.unscheduled = run.counts.get("unscheduled")
        o.solve_seconds = (run.timings or {}).get("total")
        if run.status == "running" and progress.get("elapsed") is not None:
            o.solve_seconds = progress.get("elapsed")
        if run.error:
            o.note = run.error
        return run

    def finish(
        self,
        o: StoreOutcome,
        *,
        status: str | None = None,
        why: str | None = None,
        skipped: bool = False,
    ) -> None:
        """The run's process is done (the runner has settled its run): free the store.

        ``status`` and ``why``: end a run that never started (the coordinator
        stopped first); ``skipped``: another process was solving the store.
        """
        if status is not None:
            end_run(self.factory, o.run_id, status, why or "not started")
        self.refresh(o)
        if skipped:
            o.status = "skipped"
        if o.started is not None:
            o.wall_seconds = round(time.monotonic() - o.started, 3)
        self.locks.unlock("claim", o.store)
        log_store_outcome(o)

    def run(self, runner: Runner, poll: float) -> None:
        """Have every queued run solved by ``runner``, ``runner.limit`` at a time."""
        waiting = [o for o in self.outcomes if o.status == "queued"]
        running: dict[int, tuple[StoreOutcome, RunHandle]] = {}
        try:
            while waiting or running:
                while waiting and runner.active < runner.limit:
                    o = waiting.pop(0)
                    o.started = time.monotonic()
                    handle = runner.start(o.run_id, hold_lock=True, store=o.store)
                    running[o.run_id] = (o, handle)
                for handle in wait_any([h for _, h in running.values()], poll):
                    o, _ = running.pop(handle.run_id)
                    self.finish(
                        o, skipped=handle.ending is not None and handle.ending.kind == "skipped"
                    )
                for o, _ in running.values():
                    self.refresh(o)
                self.on_update(self.outcomes)
        except BaseException:  # Ctrl-C or a crash here: stop the local solves, record why
            if isinstance(runner, LocalRunner):
                runner.shutdown(
                    "interrupted: the nightly coordinator stopped while the run was solving"
                )
                for o, handle in running.values():
                    handle.wait(10)
                    self.finish(o)
            for o in waiting:
                self.finish(
                    o,
                    status="interrupted",
                    why="interrupted: the nightly coordinator stopped before this run started",
                )
            raise
        finally:
            runner.shutdown()


def _solve_lock_held(database_url: str, store: str) -> bool:
    with LockSession(database_url) as probe:  # its own session: called from the poller thread
        return probe.is_held("solve", store)


def run_nightly(
    database_url: str,
    *,
    stores: Sequence[str] | None = None,
    horizon_days: int = 14,
    today: dt.date | None = None,
    params: SolveParams | None = None,
    parallel: int = 2,
    broker_url: str | None = None,
    poll: float = 0.25,
    celery_timeout: float | None = None,
    on_update: Callable[[list[StoreOutcome]], None] | None = None,
) -> NightlyReport:
    """Solve each store's coming horizon into a pending ``nightly`` run (see the module doc).

    Parameters
    ----------
    stores
        Store ids; ``None`` means every store in the database.
    horizon_days
        Days in the horizon, from ``today + buffer_days``.
    params
        Per-solve limits (``time_limit``, ``workers``, ``seed``).
    parallel
        Stores solved at once by the local pool (ignored with a broker: the
        Celery workers' concurrency decides).
    broker_url
        A Celery broker URL: fan the solves out as Celery tasks.
    celery_timeout
        With a broker, give up on runs no worker finished after this many
        seconds (default ``300 + stores * (time_limit + 30)``): they are marked
        failed and their tasks revoked.
    on_update
        Called with the outcomes whenever they may have changed.
    """
    if horizon_days < 1:
        raise ValueError("--horizon-days: needs at least 1 day")
    if parallel < 1:
        raise ValueError("--parallel: needs at least 1 process")
    params = params or SolveParams()
    today = today or dt.date.today()
    notify = on_update or (lambda _outcomes: None)
    clock = time.monotonic()
    factory, dispose = uow_factory_for(database_url)
    locks = LockSession(database_url)
    try:
        with factory() as uow:
            known = {s.id: s for s in uow.stores.list()}
        names = list(dict.fromkeys(stores)) if stores else sorted(known)
        unknown = [s for s in names if s not in known]
        if unknown:
            raise UnknownStores(
                f"--stores: store {', '.join(unknown)} not found"
                f" (known: {', '.join(sorted(known)) or 'none'})"
            )
        if broker_url:
            from adapters.celery_app import check_broker

            check_broker(broker_url)
        interrupted = mark_interrupted(factory, database_url=database_url)
        outcomes = [StoreOutcome(s) for s in names]
        report = NightlyReport(
            today,
            horizon_days,
            "celery" if broker_url else "local",
            outcomes,
            interrupted=interrupted,
        )
        coordinator = _Coordinator(database_url, factory, locks, outcomes, notify)
        for o in outcomes:
            coordinator.claim(o, known[o.store], today, horizon_days, params)
        notify(outcomes)
        runner: Runner
        if broker_url:
            runner = CeleryRunner(
                broker_url,
                database_url,
                factory,
                timeout=celery_timeout or 300 + len(names) * (params.time_limit + 30),
                is_solving=lambda store: _solve_lock_held(database_url, store),
            )
        else:
            runner = LocalRunner(database_url, factory, limit=parallel)
        coordinator.run(runner, poll)
        notify(outcomes)
        report.wall_seconds = round(time.monotonic() - clock, 3)
        return report
    finally:
        locks.close()
        dispose()
