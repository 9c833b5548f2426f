"""Use case: who could do this event? Every employee ranked for one event.

``candidates(source, store, event, date=None)`` answers, for every employee of
the store, whether they could take ``event`` on ``date`` (or, without a date,
on any of its window days from today on) *given the live schedule*, and what
it would be worth:

- **eligible** employees pass every hard rule with the assignment added to
  the live schedule; ``delta`` is the change of the objective
  (:func:`domain.score.objective`) from the live schedule without the event
  to the live schedule with it, at the employee's best day, start time and
  (for a Core) shift block;
- the **others** carry the hard rule that rules them out (``rule``, with the
  rule book's sentence and the validator's own message).

Rows: eligible ones by ``delta`` (highest first), then the others by employee
id.

How it is judged (not a second copy of the rules): the unary rules (H01-H08,
H18: what forbids the employee that day on its own) are asked of
:mod:`solver.unary`, the functions candidate generation and the explanations'
blocks use, so a ranking, the solver's candidates and an explanation cannot
disagree on them (the validator's finding words the rule). An option that
passes them is put into the live schedule and the hard checks of
:mod:`domain.checks_hard` judge it as a proposal, as the validator would; a
critical finding that the schedule without the option does not already have,
or that names the option's events, rules the option out. Only the part of the
schedule that the option can meet is judged (the employee's assignments, the
day's, and the event's partner), which gives the same new findings as judging
it all. ``delta`` is scored on the whole schedule.

- The event's own live assignment (if any) is taken out first, so its current
  assignee is one candidate among others (``current`` marks that option; it
  keeps S10's stability credit). A locked or frozen assignment cannot move:
  others get H20.
- A Juicer Production is placed with its Survey(s), same employee, same day
  (H15); a Core is judged without its Supervisor event, which goes to a
  supervisor or lead on its own (its "Supervisor event not scheduled" finding
  is not held against the Core).
- New assignments keep the buffer, so a day before ``today + buffer_days``
  rules out everyone but the current assignee (H07).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field

from adapters.mapping import NotFound, StoreNotFound
from api.services.runs import UowFactory
from domain.checks_hard import HARD_CHECKS
from domain.facts import Facts, week_start
from domain.judging import Judging
from domain.models import Assignment, Finding, Horizon, LocalDateTime, Problem
from domain.rules import HARD_RULES, EventType
from domain.schedule import ScheduleView, existing_as_assignments, existing_key
from domain.score import objective, score_view
from solver.unary import unary_rules

T = EventType

#: Most days a window-wide ranking looks at.
MAX_DAYS = 31
#: Days around today searched for the event when no date narrows the look-up.
LOOKUP_DAYS = 180


class UnknownEvent(NotFound):
    """The store has no event with that id (near the asked dates)."""

    def __init__(self, store: str, event: str) -> None:
        super().__init__(f"event {event} not found in store {store}")
        self.store = store
        self.event = event


class CandidateRow(BaseModel):
    """One employee for the event: eligible with the objective change, or ruled out."""

    employee: str
    name: str
    role: str
    eligible: bool
    delta: int | None = Field(
        None, description="Objective change of assigning them (eligible only)."
    )
    date: dt.date | None = Field(None, description="The best day (eligible only).")
    start: LocalDateTime | None = None
    end: LocalDateTime | None = None
    block: int | None = Field(None, description="Shift block, for a Core.")
    current: bool = Field(False, description="This is the event's live assignment.")
    rule: str | None = Field(None, description="The hard rule that rules them out.")
    rule_text: str | None = Field(None, description="That rule as the rule book says it.")
    message: str | None = Field(None, description="Why, as the validator words it.")


class _MemoFacts(Facts):
    """Facts with the per-event day lists cached (the scorer asks for them per item)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self._window: dict[str, list[date]] = {}
        self._new: dict[str, list[date]] = {}

    def window_days(self, event_id: str) -> list[date]:
        if event_id not in self._window:
            self._window[event_id] = super().window_days(event_id)
        return self._window[event_id]

    def new_days(self, event_id: str) -> list[date]:
        if event_id not in self._new:
            self._new[event_id] = super().new_days(event_id)
        return self._new[event_id]


def _rule_number(rule: str) -> int:
    return int(rule[1:]) if rule[1:].isdigit() else 99


def _finding_key(f: Finding) -> tuple:
    return (f.rule, tuple(f.events), f.employee, f.date)


@dataclass(frozen=True)
class _Option:
    employee: str
    start: datetime
    block: int | None
    items: tuple[Assignment, ...]  # the event, and its Survey(s) for a Production


@dataclass
class _Verdict:
    option: _Option
    rule: str | None = None
    message: str | None = None
    delta: int | None = None


class _Ranker:
    def __init__(self, problem: Problem, event_id: str) -> None:
        self.problem = problem
        self.facts = f = _MemoFacts(problem)
        self.event = event_id
        self.type = f.types[event_id]
        kids = [c for c in f.children.get(event_id, []) if f.is_active(c)]
        self.surveys = sorted(c for c in kids if f.types[c] is T.JUICER_SURVEY)
        self.supervisors = {c for c in kids if f.types[c] is T.SUPERVISOR}
        family = {event_id, *f.children.get(event_id, [])}
        live = existing_as_assignments(problem, f)
        self.current = {existing_key(a) for a in live if a.event == event_id}
        self.base = [a for a in live if a.event not in family]
        self.base_objective = objective(score_view(f, ScheduleView(f, self.base)))
        self.partner = f.pair_of.get(event_id)
        self._baselines: dict[tuple[str, date], tuple[Problem, list, set]] = {}

    # --- options ------------------------------------------------------------
    def options(self, employee: str, day: date) -> list[_Option]:
        f = self.facts
        starts = [datetime.combine(day, t) for t in f.start_times(self.event)]
        inside = [s for s in starts if f.in_window(self.event, s)]
        out = []
        for start in inside or starts[:1]:
            block = self._block(day, start) if self.type is T.CORE else None
            items = [self._assignment(self.event, employee, start, block)]
            for survey in self.surveys:
                items.append(self._assignment(survey, employee, self._survey_start(survey, day)))
            out.append(_Option(employee, start, block, tuple(items)))
        return out

    def _assignment(
        self, event: str, employee: str, start: datetime, block: int | None = None
    ) -> Assignment:
        return Assignment(
            event=event,
            employee=employee,
            start=start,
            end=self.facts.end_of(event, start),
            block=block,
        )

    def _survey_start(self, survey: str, day: date) -> datetime:
        starts = [datetime.combine(day, t) for t in self.facts.start_times(survey)]
        return next((s for s in starts if self.facts.in_window(survey, s)), starts[0])

    def _block(self, day: date, start: datetime) -> int | None:
        """The block a new Core at ``start`` would take: a free normal one, else a free
        overflow one, else the first of that start time (H13 will say it is taken)."""
        used = {
            a.block
            for a in self.base
            if a.start.date() == day and self.facts.types[a.event] is T.CORE
        }
        same = [b for b in self.facts.blocks if b.start_time == start.time()]
        free = [b for b in same if b.number not in used]
        pick = (
            next((b for b in free if not b.overflow), None)
            or next(iter(free), None)
            or next(iter(same), None)
        )
        return pick.number if pick is not None else None

    # --- judging --------------------------------------------------------------
    def _baseline(self, employee: str, day: date) -> tuple[Problem, list, set]:
        key = (employee, day)
        if key not in self._baselines:
            near = [
                a
                for a in self.base
                if a.employee == employee or a.start.date() == day or a.event == self.partner
            ]
            events = {a.event for a in near} | {self.event, *self.surveys}
            part = self.problem.model_copy(
                update={"existing": [x for x in self.problem.existing if x.event in events]}
            )
            found = {_finding_key(x) for x in self._hard(part, near)}
            self._baselines[key] = (part, near, found)
        return self._baselines[key]

    def _hard(self, problem: Problem, assignments: Sequence[Assignment]) -> list[Finding]:
        judging = Judging(problem, self.facts, ScheduleView(self.facts, assignments), proposal=True)
        for check in HARD_CHECKS:
            check(judging)
        return judging.findings

    def _excused(self, f: Finding) -> bool:
        """A Core's "its Supervisor event is not scheduled": not the Core's fault here."""
        return (
            f.rule == "H14"
            and len(f.events) == 2
            and f.events[0] == self.event
            and f.events[1] in self.supervisors
        )

    def _fresh(self, option: _Option) -> list[Finding]:
        """The validator's critical findings that the option adds to the live schedule."""
        part, near, before = self._baseline(option.employee, option.start.date())
        mine = {a.event for a in option.items}
        return [
            x
            for x in self._hard(part, [*near, *option.items])
            if (_finding_key(x) not in before or mine & set(x.events)) and not self._excused(x)
        ]

    def judge(self, option: _Option) -> _Verdict:
        day = option.start.date()
        # A kept current assignment is judged as existing (no buffer, horizon or locked day).
        new = not self.is_current(option)
        unary = unary_rules(self.facts, self.event, option.employee, day, new=new)
        if unary:
            rule = unary[0]
            worded = next((x for x in self._fresh(option) if x.rule == rule), None)
            text = worded.message if worded is not None else HARD_RULES.get(rule, rule)
            return _Verdict(option, rule=rule, message=text)
        fresh = self._fresh(option)
        if fresh:
            worst = min(fresh, key=lambda x: _rule_number(x.rule))
            return _Verdict(option, rule=worst.rule, message=worst.message)
        f = self.facts
        score = score_view(f, ScheduleView(f, [*self.base, *option.items]))
        return _Verdict(option, delta=objective(score) - self.base_objective)

    def is_current(self, option: _Option) -> bool:
        return existing_key(option.items[0]) in self.current

    # --- ranking ----------------------------------------------------------------
    def row(self, employee_id: str, days: Sequence[date]) -> CandidateRow:
        emp = self.facts.employees[employee_id]
        verdicts = [self.judge(o) for d in days for o in self.options(employee_id, d)]
        head = {"employee": emp.id, "name": emp.name, "role": emp.role.value}
        good = [v for v in verdicts if v.rule is None]
        if good:
            best = max(
                good,
                key=lambda v: (
                    v.delta,
                    self.is_current(v.option),
                    -v.option.start.timestamp(),
                    -(v.option.block or 0),
                ),
            )
            o = best.option
            return CandidateRow(
                **head,
                eligible=True,
                delta=best.delta,
                date=o.start.date(),
                start=o.start,
                end=o.items[0].end,
                block=o.block,
                current=self.is_current(o),
            )
        # Ruled out on every option: the rule that blocks most of them (lowest id on a tie),
        # worded by its first finding.
        counts: dict[str, int] = {}
        for v in verdicts:
            counts[v.rule] = counts.get(v.rule, 0) + 1  # type: ignore[index]
        rule = min(counts, key=lambda r: (-counts[r], _rule_number(r)))
        first = next(v for v in verdicts if v.rule == rule)
        return CandidateRow(
            **head, eligible=False, rule=rule, rule_text=HARD_RULES.get(rule), message=first.message
        )


def _sorted(rows: list[CandidateRow]) -> list[CandidateRow]:
    good = sorted((r for r in rows if r.eligible), key=lambda r: (-(r.delta or 0), r.employee))
    bad = sorted((r for r in rows if not r.eligible), key=lambda r: r.employee)
    return good + bad


def candidate_days(problem: Problem, event_id: str, today: date) -> list[date]:
    """The event's window days from ``today`` on (at most :data:`MAX_DAYS`); a window
    wholly past gives its own days, one with no allowed start its start date."""
    facts = Facts(problem)
    days = facts.window_days(event_id)
    ahead = [d for d in days if d >= today]
    chosen = ahead or days or [facts.events[event_id].start.date()]
    return chosen[:MAX_DAYS]


def horizon_for(days: Sequence[date]) -> Horizon:
    """Whole weeks (Sunday to Saturday) around ``days``."""
    return Horizon(start=week_start(min(days)), end=week_start(max(days)) + timedelta(days=6))


def rank(problem: Problem, event_id: str, days: Sequence[date]) -> list[CandidateRow]:
    """Every employee of ``problem`` for ``event_id`` over ``days`` (the problem's horizon
    should cover them: new assignments must fall inside it)."""
    ranker = _Ranker(problem, event_id)
    return _sorted([ranker.row(e.id, days) for e in problem.employees])


def candidates(
    source: UowFactory | Problem,
    store: str,
    event: str,
    date: date | None = None,
    *,
    today: date | None = None,
) -> list[CandidateRow]:
    """Every employee ranked for ``event`` on ``date`` (or over its window days).

    ``source`` is a unit-of-work factory (the store's data and live schedule,
    as seen on ``today``, default the date today) or a :class:`Problem`
    (its ``existing`` is the live schedule, its ``today`` the date today).

    Raises
    ------
    StoreNotFound
        No such store (or a problem of another store).
    UnknownEvent
        The store has no such event.
    """
    if isinstance(source, Problem):
        if source.store != store:
            raise StoreNotFound(store)
        if event not in {e.id for e in source.events}:
            raise UnknownEvent(store, event)
        days = [date] if date is not None else candidate_days(source, event, source.today)
        problem = source.model_copy(update={"horizon": horizon_for(days)})
        return rank(problem, event, days)
    today = today or dt.date.today()
    wide = None
    for anchor in dict.fromkeys([date or today, today]):  # near the date, else near today
        with source() as uow:
            if uow.stores.get(store) is None:
                raise StoreNotFound(store)
            wide = uow.stores.load_problem(
                store, anchor, anchor, today, lookaround_days=LOOKUP_DAYS
            )
        if event in {e.id for e in wide.events}:
            break
    else:
        raise UnknownEvent(store, event)
    assert wide is not None
    days = [date] if date is not None else candidate_days(wide, event, today)
    horizon = horizon_for(days)
    with source() as uow:
        problem = uow.stores.load_problem(store, horizon.start, horizon.end, today)
    if event not in {e.id for e in problem.events}:  # pragma: no cover - loaded above
        raise UnknownEvent(store, event)
    return rank(problem, event, days)


__all__ = ["CandidateRow", "UnknownEvent", "candidates", "rank", "candidate_days"]
