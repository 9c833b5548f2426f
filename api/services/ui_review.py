"""Use cases of the browser UI's runs pages: the runs list and a run's review.

Plain functions over a unit of work (no SQL here) that answer view values the
templates of :mod:`api.http.ui` show as they are. Approving goes through
:func:`api.services.review.approve`, after :func:`with_partners` has added the
lines that must go with the selected ones (a Core and its Supervisor events, a
Juicer Production and its Survey), so a partial approval is never refused for
H14 or H15 alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from api.services.api_runs import proposal_from, proposal_of
from api.services.review import ApprovalResult, approve
from api.services.runs import UowFactory, run_problem
from domain.facts import Facts
from domain.models import Finding, Problem, Proposal
from domain.rules import HARD_RULES, SOFT_RULE_TEXT, EventType
from domain.runs import ACTIVE_STATUSES, PendingSchedule, Run
from reports import names as n
from reports.changes import live_changes


@dataclass(frozen=True)
class RunRow:
    """One run of the runs list."""

    run: Run
    assigned: int | None
    unscheduled: int | None
    critical: int | None
    gap: float | None

    @property
    def active(self) -> bool:
        return self.run.status in ACTIVE_STATUSES


def run_row(run: Run) -> RunRow:
    c = run.counts or {}
    gap = (run.progress or {}).get("gap")
    if gap is None and run.objective is not None and run.bound is not None and run.objective:
        gap = abs(run.objective - run.bound) / max(1.0, abs(run.objective))
    return RunRow(run, c.get("assigned"), c.get("unscheduled"), c.get("critical"), gap)


def store_runs(uow_factory: UowFactory, store: str, limit: int = 50) -> list[RunRow]:
    """The store's latest runs, newest first."""
    with uow_factory() as uow:
        runs = uow.runs.list(store=store)
    return [run_row(r) for r in reversed(runs[-limit:])]


def get_run(uow_factory: UowFactory, run_id: int) -> Run | None:
    with uow_factory() as uow:
        return uow.runs.get(run_id)


def default_horizon(uow_factory: UowFactory, store: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The start form's horizon: the latest run's, else next Sunday-Saturday week."""
    with uow_factory() as uow:
        runs = uow.runs.list(store=store)
    if runs:
        return runs[-1].horizon_start, runs[-1].horizon_end
    start = today + dt.timedelta(days=(6 - today.weekday()) % 7 or 7)
    return start, start + dt.timedelta(days=6)


# --- review --------------------------------------------------------------


@dataclass
class LineView:
    """A proposal line as a row of the review: an assignment or an unscheduled event."""

    id: int
    event: str
    name: str
    type: str
    status: str
    group: str
    employee: str = ""
    time: str = ""
    block: int | None = None
    change: str = ""
    reason: str = ""
    detail: str = ""
    capacity: bool = False
    refused: Finding | None = None


@dataclass
class DayView:
    day: dt.date
    cores: list[LineView] = field(default_factory=list)
    support: list[LineView] = field(default_factory=list)
    unscheduled: list[LineView] = field(default_factory=list)


@dataclass(frozen=True)
class ChangeView:
    kind: str
    event: str
    before: str
    after: str
    why: str


@dataclass(frozen=True)
class FindingView:
    rule: str
    severity: str
    date: dt.date | None
    employee: str
    events: str
    message: str


@dataclass(frozen=True)
class ScoreRow:
    rule: str
    text: str
    value: int


@dataclass
class Review:
    """Everything the review page shows of a run."""

    run: Run
    problem: Problem
    proposal: Proposal
    days: list[DayView]
    changes: list[ChangeView]
    findings: list[FindingView]
    score: list[ScoreRow]
    proposed: int

    @property
    def reviewable(self) -> bool:
        return self.run.kind != "whatif" and self.run.review == "pending" and self.proposed > 0


def group_of(facts: Facts, event: str) -> str:
    """The id lines that go together share: the Core's (Production's) event id."""
    return facts.pair_of.get(event) or event


def finding_view(facts: Facts, f: Finding) -> FindingView:
    return FindingView(
        f.rule,
        f.severity,
        f.date,
        n.employee(facts, f.employee),
        ", ".join(n.event(facts, e) for e in f.events),
        f.message,
    )


def _line(facts: Facts, x: PendingSchedule, refused: dict[int, Finding]) -> LineView:
    assert x.id is not None
    view = LineView(
        id=x.id,
        event=x.event,
        name=n.event(facts, x.event),
        type=n.type_of(facts, x.event),
        status=x.status,
        group=group_of(facts, x.event),
        refused=refused.get(x.id),
    )
    if x.is_assignment:
        view.employee = n.employee(facts, x.employee)
        view.time = f"{n.hhmm(x.start)}-{n.hhmm(x.end)}"
        view.block = x.block
        view.change = x.change or "new"
    else:
        view.reason = n.REASON_TEXT.get(x.unscheduled_reason or "", x.unscheduled_reason or "")
        view.detail = x.detail or ""
        view.capacity = x.unscheduled_reason == "capacity"
    return view


def _days(
    problem: Problem, facts: Facts, lines: list[PendingSchedule], refused: dict[int, Finding]
) -> list[DayView]:
    days = {d: DayView(d) for d in facts.horizon_days}
    for x in sorted(lines, key=lambda x: (x.start or dt.datetime.min, x.block or 0, x.event)):
        view = _line(facts, x, refused)
        if x.is_assignment:
            assert x.start is not None
            day = days.setdefault(x.start.date(), DayView(x.start.date()))
            if facts.types.get(x.event) is EventType.CORE:
                day.cores.append(view)
            else:
                day.support.append(view)
        elif x.unscheduled_reason and x.unscheduled_reason != "inactive":
            when = n.unscheduled_day(problem, facts, x.event)
            days.setdefault(when, DayView(when)).unscheduled.append(view)
    for day in days.values():
        day.cores.sort(key=lambda v: (v.block or 0, v.time))
    return [days[d] for d in sorted(days)]


def _changes(problem: Problem, facts: Facts, proposal: Proposal) -> list[ChangeView]:
    out = []
    for c in live_changes(problem, proposal, facts):
        b = c.before
        after = "unchanged" if c.kind == "kept" else "-"
        if c.kind == "moved" and c.after is not None:
            after = n.slot(facts, c.after.employee, c.after.start, c.after.block)
        why = ", ".join(n.event(facts, e) for e in c.displaced_by)
        if c.detail:
            why = f"{why}. {c.detail}" if why else c.detail
        out.append(
            ChangeView(
                c.kind,
                n.event(facts, b.event),
                n.slot(facts, b.employee, b.start, b.block),
                after,
                why,
            )
        )
    return out


def rule_order(rule: str) -> tuple:
    """S1, S2, ..., S10, S11 (numbers in order, not as text)."""
    digits = "".join(c for c in rule if c.isdigit())
    return (rule[:1], int(digits) if digits else 0, rule)


def rule_text(rule: str) -> str:
    return SOFT_RULE_TEXT.get(rule) or HARD_RULES.get(rule) or ""


def review_of(
    uow_factory: UowFactory, run: Run, refused: Iterable[tuple[int, Finding]] = ()
) -> Review:
    """The review of a finished run (``proposal_of`` raises ``NoProposal`` before)."""
    if run.status not in ("succeeded", "cancelled"):
        proposal_of(uow_factory, run)  # raises NoProposal, with its message
    with uow_factory() as uow:
        lines = uow.pending.list_by_run(run.id)
        problem = run_problem(uow, run)
    proposal = proposal_from(run, lines, problem)
    facts = Facts(problem)
    refusals = dict(refused)
    score = [
        ScoreRow(rule, rule_text(rule), int(value))
        for rule, value in sorted(run.score.items(), key=lambda kv: rule_order(kv[0]))
    ]
    return Review(
        run=run,
        problem=problem,
        proposal=proposal,
        days=_days(problem, facts, lines, refusals),
        changes=_changes(problem, facts, proposal),
        findings=[finding_view(facts, f) for f in proposal.findings],
        score=score,
        proposed=sum(x.status == "proposed" for x in lines),
    )


def with_partners(uow_factory: UowFactory, run: Run, ids: Iterable[int]) -> list[int]:
    """``ids`` and every proposed line of the run that must be approved with them."""
    with uow_factory() as uow:
        lines = uow.pending.list_by_run(run.id)
        problem = run_problem(uow, run)
    facts = Facts(problem)
    wanted = set(ids)
    groups = {group_of(facts, x.event) for x in lines if x.id in wanted}
    more = {x.id for x in lines if x.status == "proposed" and group_of(facts, x.event) in groups}
    return sorted(wanted | {i for i in more if i is not None})


def approve_lines(
    uow_factory: UowFactory, run: Run, ids: Iterable[int] | None
) -> tuple[ApprovalResult, list[int]]:
    """Approve the run (``ids`` None) or the listed lines with their partners.

    Returns the result and the ids asked for after adding partners.
    """
    if ids is None:
        return approve(uow_factory, run.id), []
    asked = with_partners(uow_factory, run, ids)
    return approve(uow_factory, run.id, asked), asked


__all__ = [
    "Review",
    "RunRow",
    "approve_lines",
    "default_horizon",
    "review_of",
    "store_runs",
    "with_partners",
]
