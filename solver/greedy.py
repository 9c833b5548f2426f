"""The old wave heuristic, kept as the baseline the CP-SAT solver is compared with.

Waves, each placing one kind of event first-fit on a :class:`~solver.board.Board`
that checks every hard rule before an assignment is made:

0. existing assignments: every H20-frozen one of an active event (and every one
   on a locked day, H18) as it is, and each other one that still passes the hard rules;
1. Juicer Production with its Surveys (juicer of the day, backup, other juicers,
   supervisors), then Juicer Deep Clean on days without Production;
2. Core, earliest allowed day first and most urgent first, into the lowest free
   regular block (overflow only when the regular blocks are full), with one
   level of bumping of a later-due Core placed by this wave;
3. Supervisor events on their Core's day (a free supervisor, else a lead with a
   shift that day); a Core whose Supervisor finds nobody is unscheduled (H14);
4. Freeosk; 5. Digital Setup, Refresh, Teardown and Digitals; 6. Other;
7. rescue: events due inside the horizon that are still unscheduled get one more try.
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Iterable
from datetime import date, datetime

from domain.facts import Facts
from domain.models import Problem, Proposal
from domain.rules import EventType, Role
from solver.board import Board, Chosen
from solver.greedy_repair import bump_for, give_shift, make_room, unschedule
from solver.greedy_strict import run_strict_waves
from solver.index import frozen
from solver.proposal import build_proposal

T = EventType
_DIGITAL_ORDER = (T.DIGITAL_SETUP, T.DIGITAL_REFRESH, T.DIGITAL_TEARDOWN, T.DIGITALS)


def greedy(
    problem: Problem, facts: Facts | None = None, *, priority_mode: str | None = None
) -> Proposal:
    """The wave heuristic's proposal (status ``FEASIBLE``); it keeps every hard rule.

    ``priority_mode`` (default: the problem's setting) ``"strict"`` runs the
    waves in priority order (:mod:`solver.greedy_strict`).
    """
    began = clock.perf_counter()
    facts = facts or Facts(problem)
    waves = Waves(problem, facts)
    waves.strict = (priority_mode or problem.settings.priority_mode) == "strict"
    waves.run()
    return build_proposal(
        problem,
        facts,
        list(waves.board.placed.values()),
        status="FEASIBLE",
        solve_seconds=round(clock.perf_counter() - began, 3),
        drop_rules=waves.drop_rules,
    )


class Waves:
    """The heuristic's state: the board, the Cores wave 2 placed, why existing ones went."""

    def __init__(self, problem: Problem, facts: Facts) -> None:
        self.problem = problem
        self.f = facts
        self.board = Board(facts)
        self.drop_rules: dict[str, str | None] = {}
        self.bumpable: set[str] = set()
        self.active = sorted(e for e in facts.events if facts.is_active(e))
        self.staff = sorted(facts.employees)
        self.strict = False

    # --- helpers ----------------------------------------------------------
    def of_type(self, *types: EventType) -> list[str]:
        """Active, not yet placed events of these types, by first day, due date and id."""
        out = [e for e in self.active if self.f.types[e] in types and e not in self.board.placed]
        return sorted(out, key=self._urgency)

    def _urgency(self, event_id: str) -> tuple:
        days = self.days(event_id)
        first = days[0] if days else date.max
        return (first, self.f.events[event_id].due, event_id)

    def days(self, event_id: str) -> list[date]:
        return sorted(self.board.new_days(event_id))

    def role(self, employee: str) -> Role:
        return self.f.employees[employee].role

    def people(self, day: date, prefer: Iterable[str | None], *roles: Role) -> list[str]:
        """``prefer`` first, then each role in turn (employees with a shift that day first)."""
        out = [e for e in dict.fromkeys(prefer) if e is not None and e in self.f.employees]
        for role in roles:
            group = [e for e in self.staff if self.role(e) is role and e not in out]
            out += sorted(group, key=lambda e: (not self.board.has_shift(e, day), e))
        return out

    def first_fit(
        self,
        event_id: str,
        days: Iterable[date],
        who: Callable[[date], list[str]],
    ) -> bool:
        """Place the event with the first (day, employee, start time) that passes every rule."""
        for day in days:
            for emp in who(day):
                for t in self.f.start_times(event_id):
                    start = datetime.combine(day, t)
                    if self.board.check(event_id, emp, start) is None:
                        self.board.place(Chosen(event_id, emp, start))
                        return True
        return False

    def active_children(self, parent: str) -> list[str]:
        return sorted(c for c in self.f.children.get(parent, []) if self.f.is_active(c))

    # --- the waves ----------------------------------------------------------
    def run(self) -> None:
        self.keep_existing()
        for prod in sorted(e for e in self.board.placed if self.f.types[e] is T.JUICER_PRODUCTION):
            if not self.place_surveys(prod):
                self.unschedule(prod, "H15")
        for prod in self.of_type(T.JUICER_PRODUCTION):
            self.place_production(prod)
        for clean in self.of_type(T.JUICER_DEEP_CLEAN):
            self.place_deep_clean(clean)
        for emp, day in self.without_shift():
            give_shift(self, emp, day)
        if self.strict:
            run_strict_waves(self)
            self.rescue()
            return
        for core in self.of_type(T.CORE):
            if not self.place_core(core):
                self.bump_for(core)
        self.pair_supervisors()
        for etype in (T.FREEOSK, *_DIGITAL_ORDER, T.OTHER):
            for ev in self.of_type(etype):
                self.place_lead_task(ev)
        self.rescue()

    def without_shift(self) -> list[tuple[str, date]]:
        """(employee, day) of kept tasks that need a Core or Production there is not (H17)."""
        out = {
            (c.employee, c.day)
            for c in self.board.placed.values()
            if self.board.dependents(c.employee, c.day)
            and not self.board.has_shift(c.employee, c.day)
        }
        return sorted(out)

    def keep_existing(self) -> None:
        """Wave 0: frozen existing assignments as they are, unlocked ones when still valid."""
        f = self.f
        rest = []
        for x in self.problem.existing:
            if x.event in self.board.placed or not f.is_active(x.event):
                continue
            if frozen(f, x):  # H20 and H18: these stay exactly as they are
                self.board.place(Chosen(x.event, x.employee, x.start, x.block), frozen=True)
            else:
                rest.append(x)

        def group(x) -> int:
            etype = f.types[x.event]
            if etype in (T.SUPERVISOR, T.JUICER_SURVEY):
                return 1
            return 2 if etype in (T.FREEOSK, *_DIGITAL_ORDER) else 0

        for x in sorted(rest, key=lambda x: (group(x), x.start, x.event)):
            if x.event in self.board.placed:
                continue
            rule = self.board.check(x.event, x.employee, x.start, x.block, new=False)
            if rule is None:
                self.board.place(Chosen(x.event, x.employee, x.start, x.block))
            else:
                self.drop_rules[x.event] = rule

    def place_production(self, prod: str) -> bool:
        """Wave 1: a Production and all its Surveys with one employee, or nothing."""
        for day in self.days(prod):
            rota = self.f.rota("juicer", day)
            who = self.people(day, (rota.employee, rota.backup), Role.JUICER, Role.SUPERVISOR)
            for emp in who:
                for t in self.f.start_times(prod):
                    start = datetime.combine(day, t)
                    if self.board.check(prod, emp, start) is not None:
                        continue
                    self.board.place(Chosen(prod, emp, start))
                    if self.place_surveys(prod):
                        return True
                    self.board.remove(prod)
        return False

    def place_surveys(self, prod: str) -> bool:
        """Every active Survey of a placed Production, same employee and day; all or none."""
        home = self.board.placed[prod]
        added = []
        for survey in self.active_children(prod):
            if survey in self.board.placed:
                continue
            if not self.first_fit(survey, [home.day], lambda _d: [home.employee]):
                for s in added:
                    self.board.remove(s)
                return False
            added.append(survey)
        return True

    def place_deep_clean(self, clean: str) -> bool:
        return self.first_fit(
            clean,
            self.days(clean),
            lambda d: self.people(d, (), Role.JUICER, Role.SUPERVISOR),
        )

    # --- Core ----------------------------------------------------------------
    def pair_possible(self, core: str, day: date) -> bool:
        """Could each active Supervisor of the Core be done on ``day`` (H14)?"""
        f = self.f
        for sup in self.active_children(core):
            placed = self.board.placed.get(sup)
            if placed is not None:
                if placed.day != day:
                    return False
                continue
            if day not in self.board.new_days(sup) or not any(
                f.in_window(sup, datetime.combine(day, t)) for t in f.start_times(sup)
            ):
                return False
            if not any(
                f.role_eligible(e, sup) and f.day_blocker(e, day) is None for e in self.staff
            ):
                return False
        return True

    def needs_lead(self, core: str, day: date) -> bool:
        """True when the Core's Supervisor events need it to go to a lead that day:
        no supervisor-role employee can work and no lead has a shift yet."""
        kids = [k for k in self.active_children(core) if k not in self.board.placed]
        if not kids:
            return False
        free = [e for e in self.staff if self.f.day_blocker(e, day) is None]
        if any(self.role(e) is Role.SUPERVISOR for e in free):
            return False
        return not any(self.role(e) is Role.LEAD and self.board.has_shift(e, day) for e in free)

    def core_people(self, day: date) -> list[str]:
        """Core candidates: fewest Cores this week first, supervisors last (S5)."""
        return sorted(
            self.staff,
            key=lambda e: (
                self.role(e) is Role.SUPERVISOR,
                self.board.core_count(e, day),
                e,
            ),
        )

    def place_core(self, core: str, only: tuple[date, str] | None = None) -> bool:
        """First free block on the earliest allowed day.

        ``only`` limits the search to one (day, employee).
        """
        for day in self.days(core):
            if only is not None and day != only[0]:
                continue
            if day in self.f.locked_days or not self.pair_possible(core, day):
                continue
            used = self.board.blocks_used(day)
            free = [b for b in self.f.blocks if b.number not in used]
            blocks = [b for b in free if not b.overflow] or free
            if not blocks:
                continue
            who = self.core_people(day) if only is None else [only[1]]
            if self.needs_lead(core, day):
                # Nobody else could do its Supervisor event that day (H14, H17).
                who = [e for e in who if self.role(e) is Role.LEAD]
            for emp in who:
                # Leads too take the lowest free block: their Freeosk and Digitals fit
                # inside their own Core (H12), and an early Core leaves the evening
                # free for a Digital Teardown.
                for b in blocks:
                    start = datetime.combine(day, b.start_time)
                    if self.board.check(core, emp, start, b.number) is None:
                        self.board.place(Chosen(core, emp, start, b.number))
                        self.bumpable.add(core)
                        return True
        return False

    def bump_for(self, core: str) -> bool:
        """Move one later-due Core of this wave to its next option (:func:`bump_for`)."""
        return bump_for(self, core)

    # --- Supervisor events ------------------------------------------------------
    def place_supervisor(self, sup: str) -> bool:
        """On its Core's day: a supervisor, else the Core's own lead, else a lead on shift."""
        core = self.f.pair_of.get(sup)
        home = self.board.placed.get(core) if core is not None else None
        if home is None:
            return False
        primary = self.f.rota("primary_lead", home.day).employee
        who = self.people(home.day, (), Role.SUPERVISOR)
        who += self.people(home.day, (home.employee, primary), Role.LEAD)
        return self.first_fit(sup, [home.day], lambda _d: list(dict.fromkeys(who)))

    def pair_supervisors(self) -> None:
        """Wave 3: every active Supervisor of a placed Core; else the Core goes (H14)."""
        cores = sorted(
            (c for c in self.board.placed if self.f.types[c] is T.CORE),
            key=lambda c: (self.board.placed[c].start, c),
        )
        for core in cores:
            self.pair_one(core)

    def pair_one(self, core: str) -> bool:
        for sup in self.active_children(core):
            if sup not in self.board.placed and not self.place_supervisor(sup):
                self.unschedule(core, "H14")
                return False
        return True

    # --- lead tasks ----------------------------------------------------------------
    def lead_people(self, event_id: str, day: date) -> list[str]:
        """Rotation first (S3), then leads with a shift that day, then supervisors."""
        etype = self.f.types[event_id]
        rota = self.f.rota("primary_lead", day)
        prefer: tuple = ()
        if etype is T.FREEOSK:
            prefer = (rota.employee, rota.backup)
        elif etype is T.DIGITAL_REFRESH:
            setups = any(
                self.f.types[e] is T.DIGITAL_SETUP and c.day == day
                for e, c in self.board.placed.items()
            )
            if setups:
                others = [e for e in self.staff if self.role(e) is Role.LEAD and e != rota.employee]
                prefer = tuple(sorted(others, key=lambda e: (not self.board.has_shift(e, day), e)))
            else:
                prefer = (rota.employee, rota.backup)
        return self.people(day, prefer, Role.LEAD, Role.SUPERVISOR)

    def place_lead_task(self, event_id: str) -> bool:
        """Waves 4-6: Freeosk, Digitals and Other, first fit, else a local repair."""
        if self.first_fit(event_id, self.days(event_id), lambda d: self.lead_people(event_id, d)):
            return True
        return make_room(self, event_id)

    # --- removal and rescue ------------------------------------------------------------
    def unschedule(self, event_id: str, rule: str) -> bool:
        """Take an event off with its paired children and what then breaks H17."""
        return unschedule(self, event_id, rule)

    def rescue(self) -> None:
        """Wave 7: one more try for unscheduled events due inside the horizon."""
        end = self.problem.horizon.end
        left = [
            e
            for e in self.active
            if e not in self.board.placed and self.f.events[e].due.date() <= end
        ]
        prio = self.f.settings.priority_of
        left.sort(key=lambda e: (prio(self.f.types[e]), self.f.events[e].due, e))
        for ev in left:
            if ev in self.board.placed:
                continue
            etype = self.f.types[ev]
            if etype is T.JUICER_PRODUCTION:
                self.place_production(ev)
            elif etype is T.JUICER_DEEP_CLEAN:
                self.place_deep_clean(ev)
            elif etype is T.SUPERVISOR:
                self.place_supervisor(ev)
            elif etype is T.CORE:
                if self.place_core(ev):
                    self.pair_one(ev)
            elif etype is not T.JUICER_SURVEY:
                self.place_lead_task(ev)
