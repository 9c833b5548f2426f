"""``schedsolve demo``: the main job end to end on the embedded default.

Creates (or upgrades) the SQLite database of the settings, generates a
realistic store (18 employees, 2 weeks), imports it, solves it into a pending
run, shows the review table, approves the run and reports the health of the
approved schedule as the validator judges it; then makes an API key of the
store and says how to see the run in the browser UI (``schedsolve serve``,
``/ui/``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from adapters.config import DEFAULT_DATABASE_URL
from adapters.db import make_engine, safe_url, session_factory, upgrade
from adapters.keys import create_key
from adapters.uow import SqlUnitOfWork
from api.cli.review import review_table
from api.services.review import ApprovalResult, approve
from api.services.runs import SolveParams, solve_and_store
from domain.generator import generate
from domain.rules import health_label
from domain.validator import Report, validate


@dataclass
class DemoOutcome:
    run_id: int
    assigned: int
    unscheduled: int
    approval: ApprovalResult
    report: Report


def run_demo(
    database_url: str,
    console: Console,
    *,
    seed: int = 7,
    time_limit: float = 20.0,
    employees: int = 18,
    weeks: int = 2,
) -> DemoOutcome:
    """Run the demo against ``database_url``; print as it goes."""
    steps = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(),
        console=console,
    )
    with steps:

        def step(text: str) -> Callable[[str], None]:
            task = steps.add_task(text, total=1, info="")
            return lambda info: steps.update(task, completed=1, info=info)

        done = step("database")
        engine = make_engine(database_url)
        upgrade(engine)
        factory = session_factory(engine)

        def uow_factory() -> SqlUnitOfWork:
            return SqlUnitOfWork(factory)

        done(safe_url(database_url))
        done = step("generate store")
        problem = generate(employees, weeks, seed=seed, tightness="normal")
        done(
            f"store {problem.store}: {len(problem.employees)} employees, "
            f"{len(problem.events)} events"
        )
        done = step("import")
        with uow_factory() as uow:
            uow.stores.save_problem(problem)
            uow.commit()
        done("one transaction")

        task = steps.add_task("solve (CP-SAT)", total=time_limit, info="building model")

        def progress(p) -> None:
            gap = "-" if p.gap is None else f"{100 * p.gap:.2f} %"
            steps.update(
                task,
                completed=min(time_limit, p.elapsed),
                info=f"objective {p.objective:,.0f} gap {gap}",
            )

        run, result = solve_and_store(
            uow_factory,
            problem.store,
            problem.horizon.start,
            problem.horizon.end,
            problem.today,
            params=SolveParams(time_limit=time_limit, workers=2, seed=0),
            on_progress=progress,
        )
        steps.update(
            task, completed=time_limit, info=f"{result.status}, objective {result.objective:,.0f}"
        )
    console.print(review_table(problem, result.proposal))
    approval = approve(uow_factory, run.id)
    console.print(
        f"Approved run {run.id}: {len(approval.approved)} lines approved, "
        f"{len(approval.refused)} refused."
    )
    with uow_factory() as uow:
        live = uow.stores.load_problem(
            problem.store, problem.horizon.start, problem.horizon.end, problem.today
        )
    report = validate(live)
    console.print(
        f"Approved schedule: {len(live.existing)} assignments, "
        f"{report.critical} critical, {report.warnings} warnings — "
        f"health {report.health}/100 ({health_label(report.health)})."
    )
    with uow_factory() as uow:
        _, key = create_key(uow.session, problem.store, "demo (browser UI)")
        uow.commit()
    serve = "schedsolve serve" + (
        "" if database_url == DEFAULT_DATABASE_URL else f" --db '{safe_url(database_url)}'"
    )
    console.print(
        f"See run {run.id} in the browser: run `{serve}`, open http://127.0.0.1:8000/ui/ "
        f"and log in with the demo store's key {key}",
        soft_wrap=True,
    )
    engine.dispose()
    return DemoOutcome(
        run.id, len(result.proposal.assignments), len(result.proposal.unscheduled), approval, report
    )
