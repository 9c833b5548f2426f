"""Review workflow on the command line: run, runs, review, approve, reject, demo.

Thin wrappers over :mod:`api.services`; errors become exit 2 with one line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table

from api.cli import render
from api.cli.common import EXIT_OK, BadInput, bad_input_exits, parse_day
from api.cli.db import DbOption, database_errors, database_url, uow_factory
from api.cli.solve import (
    ExplainLimitOpt,
    ExplainOpt,
    ExplainSecondsOpt,
    PriorityModeOpt,
    explaining_line,
    mode_of,
)

RunId = Annotated[int, typer.Argument(metavar="RUN", help="Run id (see `schedsolve runs`).")]
Rows = Annotated[list[int] | None, typer.Option("--row", help="Only this pending line (repeat).")]


#: The name the other commands import.
_factory = uow_factory


@contextmanager
def _service_errors() -> Iterator[None]:
    """A missing store/run, a run in the wrong state or bad stored data is bad input (exit 2)."""
    from adapters.repository import NotFound
    from api.services.review import ReviewError
    from domain.parse import InputError

    try:
        yield
    except (NotFound, ReviewError, InputError) as exc:
        raise BadInput(None, str(exc)) from None


def run_command(
    store: Annotated[str, typer.Option(help="Store id.")],
    start: Annotated[datetime, typer.Option("--from", parser=parse_day, metavar="YYYY-MM-DD")],
    end: Annotated[datetime, typer.Option("--to", parser=parse_day, metavar="YYYY-MM-DD")],
    today: Annotated[
        datetime | None,
        typer.Option(parser=parse_day, metavar="YYYY-MM-DD", help="Default: 3 days before --from."),
    ] = None,
    time_limit: Annotated[float, typer.Option(min=0.1)] = 10.0,
    workers: Annotated[int, typer.Option(min=1, max=64)] = 2,
    priority_mode: Annotated[
        PriorityModeOpt | None,
        typer.Option(
            "--priority-mode",
            case_sensitive=False,
            help="weighted or strict (RULES.md §4); default: the store's setting.",
        ),
    ] = None,
    explain: Annotated[bool, ExplainOpt] = False,
    explain_limit: Annotated[int, ExplainLimitOpt] = 50,
    explain_seconds: Annotated[float, ExplainSecondsOpt] = 2.0,
    db: DbOption = None,
) -> None:
    """Solve a store's horizon from the database and store it as a pending run.

    ``--explain``: explain its capacity events too, stored with their lines."""
    from api.cli.solve import print_summary
    from api.services.runs import SolveParams, solve_and_store

    url = database_url(db)
    with bad_input_exits(), database_errors(url), _service_errors():
        day = (today or start - timedelta(days=3)).date()
        if end < start:
            raise BadInput(None, "--to: the horizon ends before it starts")
        factory = _factory(url)
        with render.console().status("solving…") as status:
            run, result = solve_and_store(
                factory,
                store,
                start.date(),
                end.date(),
                day,
                params=SolveParams(
                    time_limit,
                    workers,
                    priority_mode=mode_of(priority_mode),
                    explain=explain,
                    explain_limit=explain_limit,
                    explain_seconds=explain_seconds,
                ),
                on_explain=lambda done, n: status.update(explaining_line(done, n)),
            )
    out = render.console()
    out.print(
        f"run {run.id}: {run.solver_status}, objective {run.objective:,.0f}; "
        f"review with `schedsolve review {run.id}`"
    )
    with factory() as uow:
        problem = uow.stores.load_problem(store, start.date(), end.date(), day)
    print_summary(out, problem, result.proposal)


def runs_command(
    store: Annotated[str | None, typer.Option(help="Only this store.")] = None,
    repair: Annotated[
        bool,
        typer.Option("--repair", help="First mark runs of dead nightly processes interrupted."),
    ] = False,
    db: DbOption = None,
) -> None:
    """List scheduler runs: status, review state, objective, counts."""
    url = database_url(db)
    with bad_input_exits(), database_errors(url):
        factory = _factory(url)
        if repair:
            from api.services.nightly import mark_interrupted

            fixed = mark_interrupted(factory, database_url=url)
            render.console().print(f"{len(fixed)} run(s) marked interrupted: {fixed}")
        with factory() as uow:
            if store is not None and uow.stores.get(store) is None:
                raise BadInput("--store", f"store {store} not found")
            rows = uow.runs.list(store=store)
    render.console().print(runs_table(rows))


def runs_table(rows) -> render.Fitting:
    """One row per run; where that does not fit (80 columns) the horizon's dates stack.

    Every cell but the store id is kept whole (``no_wrap``): a date, a status
    or an objective cut short reads as another one.
    """
    return render.Fitting(_runs(rows, stacked=False), _runs(rows, stacked=True))


def _runs(rows, stacked: bool) -> Table:
    t = render.compact_table("Scheduler runs")
    for col in ("id", "store", "kind", "horizon", "status", "review", "objective", "assigned"):
        right = col in ("id", "objective", "assigned")
        if col == "store":  # an id too long for what is left folds rather than hides its end
            t.add_column(col, overflow="fold")
        else:
            t.add_column(col, justify="right" if right else "left", no_wrap=True)
    for r in rows:
        t.add_row(
            str(r.id),
            r.store,
            r.kind,
            render.span(r.horizon_start, r.horizon_end, stacked=stacked),
            r.status,
            r.review,
            "-" if r.objective is None else f"{r.objective:,.0f}",
            str(r.counts.get("assigned", "-")),
        )
    return t


def review_command(run_id: RunId, db: DbOption = None) -> None:
    """Show a run's pending proposal per day, with unscheduled events and reasons."""
    from api.cli.review import review_table
    from domain.models import Proposal
    from domain.runs import proposal_lines

    url = database_url(db)
    with bad_input_exits(), database_errors(url), _service_errors():
        factory = _factory(url)
        with factory() as uow:
            run = uow.runs.get(run_id)
            if run is None:
                raise BadInput(None, f"run {run_id} not found (see: schedsolve runs)")
            if run.kind == "whatif":
                _print_whatif(run)
                return
            problem = uow.stores.load_problem(
                run.store, run.horizon_start, run.horizon_end, run.today
            )
            lines = uow.pending.list_by_run(run_id)
    assignments, unscheduled = proposal_lines(lines)
    proposal = Proposal(
        store=run.store,
        status=run.solver_status or "UNKNOWN",
        assignments=assignments,
        unscheduled=unscheduled,
    )
    by_event = {line.event: line for line in lines}  # one line per event of the proposal
    render.console().print(review_table(problem, proposal, lines=by_event))
    hint = f"; approve lines with `schedsolve approve {run_id} --row ID`"
    render.console().print(
        f"run {run_id}: {run.status}, review {run.review}"
        + (hint if run.review == "pending" else "")
    )


def _print_whatif(run) -> None:
    """A what-if's side-by-side answer: it has no proposal lines to review."""
    out = render.console()
    out.print(
        f"run {run.id} is a what-if ({run.status}): a comparison of solves, not a proposal;"
        " nothing to approve or reject"
    )
    answer = (run.counts or {}).get("whatif")
    if not answer:
        out.print(run.error or "no comparison was stored")
        return
    t = Table(title=f"What-if, store {run.store}, {run.horizon_start}..{run.horizon_end}")
    for col in ("solve", "status", "scheduled", "unscheduled", "objective", "vs base"):
        t.add_column(col)

    def row(name: str, s: dict, diff: str) -> None:
        objective = "-" if s.get("objective") is None else f"{s['objective']:,.0f}"
        unscheduled = sum((s.get("unscheduled_by_reason") or {}).values())
        t.add_row(name, s["status"], str(s["scheduled"]), str(unscheduled), objective, diff)

    row("base", answer["base"], "")
    for sc in answer.get("scenarios", []):
        d = sc.get("objective_diff")
        row(sc["name"], sc["result"], "same" if sc.get("same_as_base") else f"{d or 0:+,.0f}")
    out.print(t)


def approve_command(run_id: RunId, rows: Rows = None, db: DbOption = None) -> None:
    """Approve a run (or some of its lines) into the live schedule, re-validated now."""
    from api.services.review import approve

    url = database_url(db)
    with bad_input_exits(), database_errors(url), _service_errors():
        result = approve(_factory(url), run_id, rows)
    out = render.console()
    if result.already_approved:
        out.print(f"run {run_id}: already approved; nothing to do")
        raise typer.Exit(EXIT_OK)
    out.print(
        f"run {run_id}: {len(result.approved)} lines approved, "
        f"{len(result.refused)} refused; review {result.review}"
    )
    if result.refused:
        out.print(
            render.findings_table(
                [f for _, f in result.refused], "Refused lines (invalid since the solve)"
            )
        )


def reject_command(run_id: RunId, rows: Rows = None, db: DbOption = None) -> None:
    """Reject a run (or some of its lines)."""
    from api.services.review import reject

    url = database_url(db)
    with bad_input_exits(), database_errors(url), _service_errors():
        ids = reject(_factory(url), run_id, rows)
    render.console().print(f"run {run_id}: {len(ids)} lines rejected")


def demo_command(
    seed: Annotated[int, typer.Option(help="Seed of the generated store.")] = 7,
    time_limit: Annotated[float, typer.Option(min=1.0, help="Seconds for the solve.")] = 20.0,
    db: DbOption = None,
) -> None:
    """Generate a store, solve it, review, approve, and report the schedule's health.

    Uses the embedded default (a SQLite file in the working directory) unless
    --db or SCHEDSOLVE_DATABASE_URL says otherwise.
    """
    url = database_url(db)
    with bad_input_exits(), database_errors(url):
        outcome = _show_demo(url, seed, time_limit)
    raise typer.Exit(1 if outcome.report.critical else EXIT_OK)


def _show_demo(url: str, seed: int, time_limit: float):
    """Run :func:`api.services.demo.run_demo` drawing its steps; print what it did."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from adapters.config import DEFAULT_DATABASE_URL
    from adapters.db import safe_url
    from adapters.keys import create_key
    from api.cli.review import review_table
    from api.services.demo import run_demo
    from domain.rules import health_label

    console = render.console()
    steps = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(),
        console=console,
    )
    with steps:
        solve = None

        def on_step(name: str, info: str) -> None:
            nonlocal solve
            steps.update(steps.add_task(name, total=1, info=""), completed=1, info=info)
            if name == "import":  # the solve comes next
                solve = steps.add_task("solve (CP-SAT)", total=time_limit, info="building model")

        uow_factory = _factory(url)
        on_step("database", safe_url(url))

        def on_progress(p) -> None:
            gap = "-" if p.gap is None else f"{100 * p.gap:.2f} %"
            steps.update(
                solve,
                completed=min(time_limit, p.elapsed),
                info=f"objective {p.objective:,.0f} gap {gap}",
            )

        outcome = run_demo(
            uow_factory,
            seed=seed,
            time_limit=time_limit,
            on_step=on_step,
            on_progress=on_progress,
        )
        result = outcome.result
        steps.update(
            solve,
            completed=time_limit,
            info=f"{result.status}, objective {result.objective:,.0f}",
        )
    console.print(review_table(outcome.problem, outcome.proposal))
    console.print(
        f"Approved run {outcome.run_id}: {len(outcome.approval.approved)} lines approved, "
        f"{len(outcome.approval.refused)} refused."
    )
    report = outcome.report
    console.print(
        f"Approved schedule: {len(outcome.live.existing)} assignments, "
        f"{report.critical} critical, {report.warnings} warnings — "
        f"health {report.health}/100 ({health_label(report.health)})."
    )
    with uow_factory() as uow:  # a key of the store, to see the run in the browser UI
        _, key = create_key(uow.session, outcome.problem.store, "demo (browser UI)")
        uow.commit()
    serve = "schedsolve serve" + ("" if url == DEFAULT_DATABASE_URL else f" --db '{safe_url(url)}'")
    console.print(
        f"See run {outcome.run_id} in the browser: run `{serve}`, open http://127.0.0.1:8000/ui/ "
        f"and log in with the demo store's key {key}",
        soft_wrap=True,
    )
    return outcome
