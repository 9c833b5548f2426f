"""Use cases: load what a printed report shows and render it (:mod:`reports`).

Plain functions over a unit of work (no SQL here). Each answers the PDF's
bytes. The defaults are those of ``schedsolve report``: the run is the latest
one (of the store, when one is named; a what-if report takes the latest
``whatif`` run, the others the latest run of another kind); the store is the
run's, else the only store of the database; the date is the first day of the
run's horizon.

The review shows a run's proposal; the weekly and daily schedules and the
daily packet show the store's *live* schedule (what people work from), with
the validator's findings of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from adapters.repository import RunNotFound, StoreNotFound
from api.services.runs import UowFactory, run_problem
from domain.facts import week_start
from domain.models import Level, Problem, Proposal
from domain.runs import Run, proposal_lines
from domain.schedule import existing_as_assignments
from domain.validator import validate
from reports.daily import daily_pdf
from reports.packet import packet_pdf
from reports.review import review_pdf
from reports.style import Clock
from reports.weekly import weekly_pdf
from reports.whatif import Comparison, Placement, ScenarioColumn, Solve, whatif_pdf

KINDS = ("review", "weekly", "daily", "whatif", "packet")


class ReportError(ValueError):
    """A report cannot be made as asked; the message names the option (``--run: ...``)."""


@dataclass(frozen=True)
class Target:
    """What a report is about: the store, the run (if any) and its store name."""

    store: str
    run: Run | None
    store_name: str = ""


def resolve(
    uow_factory: UowFactory,
    *,
    run_id: int | None = None,
    store: str | None = None,
    whatif: bool = False,
    need_run: bool = False,
) -> Target:
    """The store and run a report is about, by the defaults of the module docstring.

    Raises
    ------
    RunNotFound, StoreNotFound
        For a named run or store that does not exist (or a run of another store).
    ReportError
        When no default can be chosen (several stores, no run).
    """
    with uow_factory() as uow:
        if run_id is not None:
            run = uow.runs.get(run_id)
            if run is None or (store is not None and run.store != store):
                raise RunNotFound(run_id)
            info = uow.stores.get(run.store)
            return Target(run.store, run, info.name if info else "")
        if store is None:
            stores = uow.stores.list()
            if not stores:
                raise ReportError("--store: the database has no store; import one first")
            if len(stores) > 1:
                ids = ", ".join(s.id for s in stores[:5])
                raise ReportError(f"--store: {len(stores)} stores exist ({ids}...); name one")
            store = stores[0].id
        info = uow.stores.get(store)
        if info is None:
            raise StoreNotFound(store)
        runs = [
            r
            for r in uow.runs.list(store=store)
            if (r.kind == "whatif") == whatif and r.status in ("succeeded", "cancelled")
        ]
    run = runs[-1] if runs else None
    if run is None and need_run:
        what = "what-if run" if whatif else "finished run"
        raise ReportError(f"--run: store {store} has no {what}")
    return Target(store, run, info.name)


def _live(uow_factory: UowFactory, store: str, start: dt.date, end: dt.date) -> Problem:
    with uow_factory() as uow:
        return uow.stores.load_problem(store, start, end, start - dt.timedelta(days=1))


def review_report(
    uow_factory: UowFactory,
    run_id: int | None = None,
    store: str | None = None,
    *,
    clock: Clock | None = None,
) -> bytes:
    """The run review PDF of a run (default: the store's latest finished run)."""
    target = resolve(uow_factory, run_id=run_id, store=store, need_run=True)
    run = target.run
    assert run is not None
    if run.kind == "whatif":
        raise ReportError(f"--run: run {run.id} is a what-if; use `report whatif`")
    if run.status not in ("succeeded", "cancelled"):
        raise ReportError(f"--run: run {run.id} is {run.status}; it has no proposal yet")
    with uow_factory() as uow:
        problem = run_problem(uow, run)
        lines = uow.pending.list_by_run(run.id)
    assignments, unscheduled = proposal_lines(lines)
    proposal = Proposal(
        store=run.store,
        status=run.solver_status or "UNKNOWN",
        objective=run.objective,
        bound=run.bound,
        assignments=assignments,
        unscheduled=unscheduled,
        score={k: int(v) for k, v in run.score.items()},
        levels=[Level(**x) for x in run.counts["levels"]] if run.counts.get("levels") else None,
    )
    findings = validate(problem, proposal).findings
    status = {x.event: x.status for x in lines}
    return review_pdf(
        problem,
        proposal,
        run=run,
        findings=findings,
        line_status=status,
        store_name=target.store_name,
        clock=clock,
    )


def _span(target: Target, day: dt.date | None, name: str) -> tuple[dt.date, dt.date]:
    if day is not None:
        first = week_start(day) if name == "weekly" else day
        return first, first + dt.timedelta(days=6 if name == "weekly" else 0)
    if target.run is None:
        raise ReportError(f"--date: store {target.store} has no run to take the date from")
    if name == "weekly":
        return target.run.horizon_start, target.run.horizon_end
    return target.run.horizon_start, target.run.horizon_start


def weekly_report(
    uow_factory: UowFactory,
    store: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    run_id: int | None = None,
    clock: Clock | None = None,
) -> bytes:
    """The live schedule's weekly PDF from ``start`` to ``end``.

    Without dates: the run's horizon; with ``start`` only: its Sunday-Saturday week.
    """
    target = resolve(uow_factory, run_id=run_id, store=store)
    if start is not None and end is not None:
        if end < start:
            raise ReportError("to: the range ends before it starts")
        if (end - start).days > 62:
            raise ReportError("to: a weekly schedule prints at most 9 weeks")
        first, last = start, end
    else:
        first, last = _span(target, start, "weekly")
    problem = _live(uow_factory, target.store, first, last)
    return weekly_pdf(
        problem,
        existing_as_assignments(problem),
        start=first,
        end=last,
        run_id=target.run.id if target.run and run_id is not None else None,
        store_name=target.store_name,
        clock=clock,
    )


def _day_inputs(uow_factory, store, day, run_id):
    target = resolve(uow_factory, run_id=run_id, store=store)
    first, _ = _span(target, day, "daily")
    problem = _live(uow_factory, target.store, first, first)
    findings = validate(problem).findings
    return target, first, problem, findings


def daily_report(
    uow_factory: UowFactory,
    store: str | None = None,
    day: dt.date | None = None,
    *,
    run_id: int | None = None,
    clock: Clock | None = None,
) -> bytes:
    """The live schedule of one day (default: the first day of the run's horizon)."""
    target, first, problem, findings = _day_inputs(uow_factory, store, day, run_id)
    return daily_pdf(
        problem,
        existing_as_assignments(problem),
        first,
        findings=findings,
        store_name=target.store_name,
        clock=clock,
    )


def packet_report(
    uow_factory: UowFactory,
    store: str | None = None,
    day: dt.date | None = None,
    *,
    run_id: int | None = None,
    clock: Clock | None = None,
) -> bytes:
    """The daily packet of one day of the live schedule: daily page plus a sheet per Core."""
    target, first, problem, findings = _day_inputs(uow_factory, store, day, run_id)
    return packet_pdf(
        problem,
        existing_as_assignments(problem),
        first,
        findings=findings,
        store_name=target.store_name,
        clock=clock,
    )


def _describe(change: dict) -> str:
    kind = change.get("kind", "?")
    bits = [
        f"{v['id'] if isinstance(v, dict) and 'id' in v else v}"
        for k, v in change.items()
        if k != "kind" and v is not None and not isinstance(v, dict | list)
    ]
    if isinstance(change.get("dates"), list):
        bits.append(", ".join(str(d) for d in change["dates"]))
    for key in ("employee", "event"):
        if isinstance(change.get(key), dict):
            bits.append(str(change[key].get("id")))
    if isinstance(change.get("weights"), dict):
        bits.append(", ".join(f"{k}={v}" for k, v in change["weights"].items()))
    return f"{kind.replace('_', ' ')} {' '.join(bits)}".strip()


def _solve(name: str, s: dict) -> Solve:
    return Solve(
        name=name,
        status=s["status"],
        objective=s.get("objective"),
        scheduled=s["scheduled"],
        scheduled_by_type=dict(s.get("scheduled_by_type", {})),
        unscheduled_by_reason=dict(s.get("unscheduled_by_reason", {})),
        score={k: int(v) for k, v in s.get("score", {}).items()},
        critical=int(s.get("critical", 0)),
    )


def _place(line: dict) -> Placement:
    return Placement(
        line["event"],
        line["employee"],
        dt.datetime.fromisoformat(str(line["start"])),
        line.get("block"),
    )


def comparison_of(run: Run) -> Comparison:
    """A what-if run's stored answer (``counts.whatif``) as the report's view."""
    answer = run.counts.get("whatif")
    if not answer:
        raise ReportError(f"--run: run {run.id} holds no what-if answer")
    asked = {s.get("name"): s for s in run.params.get("scenarios", [])}
    columns = []
    for s in answer["scenarios"]:
        diff = s.get("diff", {})
        columns.append(
            ScenarioColumn(
                solve=_solve(s["name"], s["result"]),
                changes=[_describe(c) for c in asked.get(s["name"], {}).get("changes", [])],
                same_as_base=bool(s.get("same_as_base")),
                score_diff={k: int(v) for k, v in s.get("score_diff", {}).items()},
                objective_diff=s.get("objective_diff"),
                added=[_place(x) for x in diff.get("added", [])],
                removed=[_place(x) for x in diff.get("removed", [])],
                changed=[
                    (_place(x["before"]), _place(x["after"])) for x in diff.get("changed", [])
                ],
            )
        )
    return Comparison(
        store=run.store,
        horizon_start=run.horizon_start,
        horizon_end=run.horizon_end,
        base=_solve("base", answer["base"]),
        scenarios=columns,
        run_id=run.id,
    )


def whatif_report(
    uow_factory: UowFactory,
    run_id: int | None = None,
    store: str | None = None,
    *,
    clock: Clock | None = None,
) -> bytes:
    """The what-if comparison of a ``whatif`` run (default: the store's latest)."""
    target = resolve(uow_factory, run_id=run_id, store=store, whatif=True, need_run=True)
    run = target.run
    assert run is not None
    if run.kind != "whatif":
        raise ReportError(f"--run: run {run.id} is a {run.kind} run, not a what-if")
    comparison = comparison_of(run)
    with uow_factory() as uow:
        problem = uow.stores.load_problem(run.store, run.horizon_start, run.horizon_end, run.today)
    return whatif_pdf(problem, comparison, clock=clock)
