"""Use case: someone calls out (RULES.md §8).

:func:`call_out` records the employee's time off and a ``repair`` run over the
weeks the days touch in one transaction, then solves the repair
(:func:`api.services.repairs.execute_repair`) and answers with what the
scheduler needs at 7 am: the events that lost their employee, who takes them,
what else moves, and what stays unfilled with its explanation (the rules that
block each colleague, and what it would take to fill it, from
:mod:`solver.explain`). Approving the run applies it like any run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel

from adapters.repository import StoreNotFound, UnknownCode
from api.services.repairs import add_repair_run, execute_repair
from api.services.runs import SolveParams, UowFactory
from domain.facts import Facts
from domain.models import Explanation, Slot
from solver.explain import blocked
from solver.explain import repair as repair_of
from solver.repair import ChangeLine, RepairResult

#: Unfilled events explained with a forced-in repair (each bounded in time).
EXPLAIN_LIMIT = 5
EXPLAIN_SECONDS = 1.0
#: The longest call-out (days): longer absences are time off, planned ahead.
MAX_DAYS = 28


class CallOutError(ValueError):
    """Bad call-out input; ``field`` names the field (``employee``, ``start``, ``end``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


@dataclass(frozen=True)
class CallOut:
    """An employee out for ``start``..``end`` (inclusive), with an optional note.

    ``dates``, when given, are the days out instead (not necessarily one run);
    ``start`` and ``end`` are then their first and last.
    """

    employee: str
    start: dt.date
    end: dt.date
    note: str = ""
    dates: tuple[dt.date, ...] = ()

    @classmethod
    def of_dates(cls, employee: str, dates: list[dt.date], note: str = "") -> CallOut:
        days = tuple(sorted(set(dates)))
        return cls(employee, days[0], days[-1], note, days)

    def days(self) -> list[dt.date]:
        if self.dates:
            return list(self.dates)
        n = (self.end - self.start).days
        return [self.start + dt.timedelta(days=i) for i in range(n + 1)]

    def ranges(self) -> list[tuple[dt.date, dt.date]]:
        """The days out as inclusive runs of consecutive days (one time-off row each)."""
        out: list[tuple[dt.date, dt.date]] = []
        for d in self.days():
            if out and (d - out[-1][1]).days == 1:
                out[-1] = (out[-1][0], d)
            else:
                out.append((d, d))
        return out


class Line(BaseModel):
    """One changed event: where it was (``before``), where it goes (``after``; null: unfilled)."""

    event: str
    name: str
    type: str
    kind: str
    before: Slot | None = None
    after: Slot | None = None
    reason: str | None = None
    rule: str | None = None
    detail: str = ""
    explanation: Explanation | None = None


class CallOutAnswer(BaseModel):
    """The answer to a call-out: the repair run and what it changes."""

    run_id: int
    status: str
    review: str
    solver_status: str | None
    horizon_start: dt.date
    horizon_end: dt.date
    employee: str
    start: dt.date
    end: dt.date
    days: list[dt.date]
    note: str
    #: Events the employee had on those days that a colleague takes.
    taken: list[Line]
    #: Events the employee had on those days that stay unfilled, with why.
    unfilled: list[Line]
    #: Her events that stay as they are because they are locked (or already
    #: started): each a critical finding until someone unlocks or changes it.
    stuck: list[Line]
    #: Every other change the repair makes (moves, drops, new assignments).
    also: list[Line]
    changes: int
    changes_bound: int
    changes_proven: bool
    critical: int


def line_of(facts: Facts, c: ChangeLine) -> Line:
    """A repair's change as an answer line (the event's name and type added)."""
    ev = facts.events.get(c.event)
    return Line(
        event=c.event,
        name=ev.name if ev is not None else c.event,
        type=facts.types[c.event].value if c.event in facts.types else "",
        kind=c.kind,
        before=c.before,
        after=c.after,
        reason=c.reason,
        rule=c.rule,
        detail=c.detail,
    )


def _explained(rr: RepairResult, facts: Facts, line: Line, budget: list[int]) -> Line:
    """The unfilled line with its blocks, and (first few) the repair that would fill it."""
    fix = None
    if budget[0] > 0:
        budget[0] -= 1
        fix = repair_of(
            rr.problem, rr.proposal, line.event, time_limit=EXPLAIN_SECONDS, facts=facts
        )
    explanation = Explanation(blocked=blocked(facts, line.event, rr.proposal), repair=fix)
    return line.model_copy(update={"explanation": explanation})


def _stuck(facts: Facts, rr: RepairResult, callout: CallOut) -> list[Line]:
    """Her assignments on the days out that the repair keeps: locked or frozen (H20)."""
    changed = {c.event for c in rr.lines}
    days = set(callout.days())
    out: list[Line] = []
    for x in rr.problem.existing:
        if x.employee != callout.employee or x.start.date() not in days:
            continue
        if x.event in changed or not facts.is_active(x.event):
            continue
        why = [f for f in rr.proposal.findings if x.event in f.events and f.severity == "critical"]
        slot = Slot(employee=x.employee, start=x.start, block=x.block)
        out.append(
            Line(
                event=x.event,
                name=facts.events[x.event].name,
                type=facts.types[x.event].value,
                kind="kept",
                before=slot,
                after=slot,
                reason="locked" if x.locked else "frozen",
                rule=why[0].rule if why else None,
                detail=" ".join(f"{f.rule}: {f.message}" for f in why),
            )
        )
    return out


def answer_of(run, rr: RepairResult, callout: CallOut) -> CallOutAnswer:
    """Split a repair's changes into taken / unfilled (the employee's days) and the rest."""
    facts = Facts(rr.problem)
    taken: list[Line] = []
    unfilled: list[Line] = []
    also: list[Line] = []
    budget = [EXPLAIN_LIMIT]
    days = set(callout.days())
    for c in rr.lines:
        line = line_of(facts, c)
        lost = (
            c.before is not None
            and c.before.employee == callout.employee
            and c.before.start.date() in days
        )
        if lost and c.after is not None:
            taken.append(line)
        elif lost:
            unfilled.append(_explained(rr, facts, line, budget))
        else:
            also.append(line)
    stuck = _stuck(facts, rr, callout)
    return CallOutAnswer(
        run_id=run.id,
        status=run.status,
        review=run.review,
        solver_status=run.solver_status,
        horizon_start=run.horizon_start,
        horizon_end=run.horizon_end,
        employee=callout.employee,
        start=callout.start,
        end=callout.end,
        days=callout.days(),
        note=callout.note,
        taken=taken,
        unfilled=unfilled,
        stuck=stuck,
        also=also,
        changes=rr.changes,
        changes_bound=rr.changes_bound,
        changes_proven=rr.changes_proven,
        critical=sum(1 for f in rr.proposal.findings if f.severity == "critical"),
    )


def call_out(
    uow_factory: UowFactory,
    store: str,
    callout: CallOut,
    *,
    today: dt.date,
    params: SolveParams | None = None,
) -> CallOutAnswer:
    """Record ``callout`` and answer it with a pending repair run.

    Raises
    ------
    StoreNotFound
        No such store.
    CallOutError
        ``end`` before ``start``, days all before ``today``, an unknown employee.
    """
    if callout.end < callout.start:
        raise CallOutError("end", f"{callout.end} is before start {callout.start}")
    if (callout.end - callout.start).days >= MAX_DAYS:
        raise CallOutError("end", f"a call-out spans at most {MAX_DAYS} days")
    if callout.end < today:
        raise CallOutError("end", f"{callout.end} is in the past (today is {today})")
    change = {
        "kind": "callout",
        "employee": callout.employee,
        "start": callout.start.isoformat(),
        "end": callout.end.isoformat(),
        "days": [d.isoformat() for d in callout.days()],
        "note": callout.note,
    }
    with uow_factory() as uow:
        if uow.stores.get(store) is None:
            raise StoreNotFound(store)
        try:
            for first, last in callout.ranges():
                uow.stores.add_time_off(store, callout.employee, first, last)
        except UnknownCode:
            raise CallOutError(
                "employee", f"store {store} has no employee '{callout.employee}'"
            ) from None
        first = max(callout.start, today)
        run = add_repair_run(uow, store, first, callout.end, today, change, params)
        uow.commit()
    run, rr = execute_repair(uow_factory, run.id)
    return answer_of(run, rr, callout)


__all__ = [
    "CallOut",
    "CallOutAnswer",
    "CallOutError",
    "Line",
    "answer_of",
    "call_out",
    "line_of",
]
