"""Use case: what-if. Solve a store's horizon as it is and under 1-4 changed scenarios.

``whatif(uow_factory, store, base, scenarios)`` loads the store's problem for
the base horizon, applies each scenario's changes to a copy of it (every
changed copy must still be a valid problem, else ``ValueError`` naming
``scenarios[i].changes[j].field``), solves the base and every scenario with the
same seed and search limits, and answers them side by side
(:class:`WhatIfResult`): per solve its status, objective, scheduled counts by
type, score by rule and unscheduled events by reason; per scenario the
assignments that differ from the base and the per-rule score difference.

Bookkeeping: a what-if is a run of kind ``whatif``. Its row is written
(``running``) once the scenarios are known to be valid, and finished
``succeeded`` (or ``failed`` with the error); its review is ``none`` from the
start, so it is never pending and approve/reject refuse it. What the row holds:

``params``
    The solve parameters (``SolveParams``) plus ``"scenarios"``: the request's
    scenarios as JSON, so the run can be read back or repeated.
``solver_status`` / ``objective`` / ``bound`` / ``score``
    The base solve's figures.
``counts``
    The base solve's counts (as for any run, :func:`api.services.runs.counts_of`)
    plus ``"whatif"``: the whole side-by-side answer (``WhatIfResult`` as JSON,
    without its ``run_id``).

No pending schedule lines are written: a what-if is for reading, never for
approval (its base is not a proposal anyone reviewed).

A scenario whose changed problem equals the base problem is not solved again:
it takes the base's answer, so "no changes" is the base exactly.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict
from typing import Any

from adapters.repository import StoreNotFound
from api.services.runs import SolveParams, UowFactory, counts_of
from api.services.whatif_apply import apply_scenario
from api.services.whatif_models import (  # noqa: F401  (some re-exported for callers)
    FIRST_DATE,
    LAST_DATE,
    MAX_EVENT_WINDOW_DAYS,
    MAX_SCENARIOS,
    MAX_TIME_LIMIT,
    AssignmentDiff,
    Change,
    ChangedLine,
    ChangeError,
    EmployeeAdded,
    EmployeeOff,
    EmployeeRemoved,
    EventAdded,
    EventRemoved,
    EventWindow,
    Line,
    ProblemTooLarge,
    Scenario,
    ScenarioResult,
    SettingsChanged,
    SolveSummary,
    UnscheduledLine,
    WeightsChanged,
    WhatIfBase,
    WhatIfRequest,
    WhatIfResult,
)
from domain.facts import Facts
from domain.models import Problem, Proposal
from domain.rules import SOFT_RULES
from domain.runs import Run, utcnow
from domain.validator import validate
from solver.solve import Result, solve

# --- summarising -------------------------------------------------------------


def _line(facts: Facts, a: Any) -> Line:
    return Line(
        event=a.event,
        type=facts.types[a.event].value,
        employee=a.employee,
        start=a.start,
        end=a.end,
        block=a.block,
    )


def summarize(problem: Problem, result: Result) -> SolveSummary:
    """What one solve scheduled and left out."""
    facts = Facts(problem)
    proposal = result.proposal
    counts = counts_of(problem, result)
    return SolveSummary(
        status=result.status,
        objective=result.objective,
        bound=result.bound,
        solve_seconds=round(result.runtime, 3),
        scheduled=counts["assigned"],
        scheduled_by_type=dict(sorted(counts["by_type"].items())),
        unscheduled_by_reason=dict(sorted(counts["by_reason"].items())),
        unscheduled=[
            UnscheduledLine(
                event=u.event,
                type=facts.types[u.event].value,
                reason=u.reason,
                detail=u.detail,
                rule=u.rule,
            )
            for u in proposal.unscheduled
        ],
        score={k: int(proposal.score.get(k, 0)) for k in SOFT_RULES},
        critical=counts["critical"],
    )


def diff_assignments(
    base_problem: Problem, base: Proposal, problem: Problem, other: Proposal
) -> AssignmentDiff:
    """Assignments added, removed and changed (employee, start or block) from base to other."""
    base_facts, facts = Facts(base_problem), Facts(problem)
    before = {a.event: a for a in base.assignments}
    after = {a.event: a for a in other.assignments}
    out = AssignmentDiff()
    for event, a in after.items():
        b = before.get(event)
        if b is None:
            out.added.append(_line(facts, a))
        elif (a.employee, a.start, a.block) != (b.employee, b.start, b.block):
            out.changed.append(
                ChangedLine(
                    event=event,
                    type=facts.types[event].value,
                    before=_line(base_facts, b),
                    after=_line(facts, a),
                )
            )
    out.removed = [_line(base_facts, b) for e, b in before.items() if e not in after]
    for lines in (out.added, out.removed):
        lines.sort(key=lambda x: (x.start, x.event))
    out.changed.sort(key=lambda x: (x.after.start, x.event))
    return out


# --- solving -------------------------------------------------------------------


def _hint_from(problem: Problem, base: Proposal) -> Proposal:
    """The hint of a scenario's solve: the base's assignments if they still keep every hard
    rule in the changed problem and beat the greedy baseline there, else that baseline."""
    from solver.greedy import greedy
    from solver.proposal import Chosen, build_proposal

    facts = Facts(problem)
    baseline = greedy(problem, facts)
    chosen = [
        Chosen(a.event, a.employee, a.start, a.block)
        for a in base.assignments
        if a.event in facts.events and a.employee in facts.employees
    ]
    try:
        hint = build_proposal(problem, facts, chosen, status="FEASIBLE")
    except ValueError:
        return baseline
    if validate(problem, hint, facts).critical:
        return baseline
    return hint if (hint.objective or 0) > (baseline.objective or 0) else baseline


def _solve(problem: Problem, params: SolveParams, hint: Proposal | None = None) -> Result:
    return solve(
        problem,
        time_limit=params.time_limit,
        workers=params.workers,
        seed=params.seed,
        hint=hint,
        priority_mode=params.priority_mode,  # type: ignore[arg-type]
    )


def _problem_key(problem: Problem) -> str:
    return problem.model_dump_json()


def run_whatif(
    problem: Problem, base: WhatIfBase, scenarios: list[Scenario]
) -> tuple[WhatIfResult, Result]:
    """Solve the base problem and each scenario; no database. Returns the answer and the
    base's solver result."""
    check_scenarios(scenarios)
    changed = [apply_scenario(problem, s, i) for i, s in enumerate(scenarios)]
    params = base.params()
    base_result = _solve(problem, params)
    base_summary = summarize(problem, base_result)
    base_key = _problem_key(problem)
    answers: list[ScenarioResult] = []
    for scenario, sp in zip(scenarios, changed, strict=True):
        same = _problem_key(sp) == base_key
        hint = None if same else _hint_from(sp, base_result.proposal)
        result = base_result if same else _solve(sp, params, hint)
        summary = base_summary if same else summarize(sp, result)
        answers.append(
            ScenarioResult(
                name=scenario.name,
                changes=len(scenario.changes),
                same_as_base=same,
                result=summary,
                diff=diff_assignments(problem, base_result.proposal, sp, result.proposal),
                score_diff={k: summary.score[k] - base_summary.score[k] for k in SOFT_RULES},
                objective_diff=(
                    None
                    if summary.objective is None or base_summary.objective is None
                    else summary.objective - base_summary.objective
                ),
            )
        )
    answer = WhatIfResult(
        store=problem.store,
        today=problem.today,
        horizon=problem.horizon,
        params=asdict(params),
        base=base_summary,
        scenarios=answers,
    )
    return answer, base_result


def check_scenarios(scenarios: list[Scenario]) -> None:
    """1-4 scenarios, else ``ValueError`` naming ``scenarios``."""
    if not 1 <= len(scenarios) <= MAX_SCENARIOS:
        raise ChangeError(
            f"scenarios: a what-if has 1 to {MAX_SCENARIOS} scenarios, not {len(scenarios)}"
        )


def default_today(base: WhatIfBase) -> dt.date:
    """``base.today``, else the day before the horizon starts (as for any API run)."""
    return base.today or base.horizon.start - dt.timedelta(days=1)


def check_size(problem: Problem, max_events: int | None, max_employees: int | None) -> None:
    """:class:`ProblemTooLarge` when the loaded problem is over a limit (``None``: none)."""
    for name, items, limit in (
        ("events", problem.events, max_events),
        ("employees", problem.employees, max_employees),
    ):
        if limit is not None and len(items) > limit:
            raise ProblemTooLarge(
                f"the store's problem has {len(items)} {name} for this"
                f" horizon, over the limit of {limit}"
            )


def whatif(
    uow_factory: UowFactory,
    store: str,
    base: WhatIfBase,
    scenarios: list[Scenario],
    *,
    time_cap: float | None = None,
    max_events: int | None = None,
    max_employees: int | None = None,
) -> WhatIfResult:
    """Run a what-if on a store's stored data and record it as a ``whatif`` run.

    ``base.today`` defaults to the day before the horizon (as for any API run);
    ``time_cap`` caps each solve's time limit further (besides
    :data:`MAX_TIME_LIMIT`); ``max_events`` / ``max_employees`` refuse a store
    problem over that size before anything is solved.

    Raises
    ------
    ChangeError (a ``ValueError``)
        Wrong number of scenarios, or a change that gives no valid problem; no
        run is written.
    ProblemTooLarge (a ``ValueError``)
        The store's problem has more than ``max_events`` events or
        ``max_employees`` employees; no run is written.
    StoreNotFound
        No such store.
    """
    check_scenarios(scenarios)
    today = default_today(base)
    if time_cap is not None:
        base = base.model_copy(update={"time_limit": min(base.time_limit, time_cap)})
    start, end = base.horizon.start, base.horizon.end
    with uow_factory() as uow:
        if uow.stores.get(store) is None:
            raise StoreNotFound(store)
        problem = uow.stores.load_problem(store, start, end, today)
    check_size(problem, max_events, max_employees)
    for i, s in enumerate(scenarios):  # every change checked before any solve or run row
        apply_scenario(problem, s, i)
    params = base.params()
    stored_params = {**asdict(params), "scenarios": [s.model_dump(mode="json") for s in scenarios]}
    with uow_factory() as uow:
        run = uow.runs.add(
            Run(
                store=store,
                kind="whatif",
                today=today,
                horizon_start=start,
                horizon_end=end,
                status="running",
                review="none",
                params=stored_params,
                started_at=utcnow(),
            )
        )
        uow.commit()
    assert run.id is not None
    began = time.perf_counter()
    try:
        answer, base_result = run_whatif(
            problem, base.model_copy(update={"today": today}), scenarios
        )
        answer.run_id = run.id
        counts = counts_of(problem, base_result)
        counts["whatif"] = answer.model_dump(mode="json", exclude={"run_id"})
        with uow_factory() as uow:
            uow.runs.update(
                run.id,
                status="succeeded",
                finished_at=utcnow(),
                solver_status=base_result.status,
                objective=base_result.objective,
                bound=base_result.bound,
                score=dict(base_result.proposal.score),
                counts=counts,
                timings={
                    "total": round(time.perf_counter() - began, 3),
                    "solves": 1 + sum(not s.same_as_base for s in answer.scenarios),
                },
            )
            uow.commit()
        return answer
    except Exception as exc:  # recorded on the run, then raised to the caller
        with uow_factory() as uow:
            uow.runs.update(
                run.id, status="failed", finished_at=utcnow(), error=f"{type(exc).__name__}: {exc}"
            )
            uow.commit()
        raise


__all__ = [
    "Change",
    "ChangeError",
    "Scenario",
    "WhatIfBase",
    "WhatIfRequest",
    "WhatIfResult",
    "ScenarioResult",
    "SolveSummary",
    "AssignmentDiff",
    "apply_scenario",
    "run_whatif",
    "whatif",
]
