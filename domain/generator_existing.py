"""The existing schedule of a synthetic store (see ``domain.generator``).

On the first one or two horizon days, a small greedy scheduler staffs the
day as a scheduler would have: the juicer of the day on the Juicer
Production with its Survey, specialists (and a lead or two, on the later
blocks) on Cores with each Core's Supervisor events going to a working
supervisor or else to a lead on a Core that day, and Freeosk/Digital/Other
events to the primary lead, a supervisor or a lead on shift, at a start time
that overlaps none of their other work that it may not overlap (H12: a Freeosk
or Digital task may fall inside the lead's own Core). It obeys every hard rule by
construction (H01-H20); assigned events get the condition ``Scheduled`` and
each staffed group (a Core with its Supervisor events, a Production with its
Survey, a single event) is locked or not as one.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from domain.rules import (
    DEFAULT_START_TIMES,
    ELIGIBLE_ROLES,
    OVERLAP_ANYTHING,
    EventType,
    Role,
    may_overlap,
)

if TYPE_CHECKING:
    from domain.generator import Store
    from domain.generator_events import EventSpec

T = EventType

#: Share of the regular blocks filled on an existing day, per tightness.
FILL: dict[str, float] = {"loose": 0.6, "normal": 0.8, "tight": 1.0}

_LEAD_TYPES = (T.FREEOSK, T.DIGITAL_SETUP, T.DIGITAL_REFRESH, T.DIGITAL_TEARDOWN)


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


class _Day:
    """Staffing of one day; ``out`` collects (event, employee, minute, block) per group."""

    def __init__(self, st: Store, day: date, events: list[EventSpec], taken: set[int]) -> None:
        self.st, self.day, self.events, self.taken = st, day, events, taken
        self.rng = st.rng
        self.role = {p.id: p.role for p in st.people}
        self.busy: dict[str, list[tuple[int, int, EventType]]] = {}
        self.shift: set[str] = set()
        self.groups: list[list[tuple[EventSpec, str, int, int | None]]] = []
        self.children: dict[int, list[EventSpec]] = {}
        for e in events:
            if e.partner is not None and e.active:
                self.children.setdefault(e.partner.key, []).append(e)

    # --- helpers ---------------------------------------------------------
    def works(self, pid: str) -> bool:
        return self.st.works(pid, self.day)

    def ids(self, role: Role) -> list[str]:
        return [p.id for p in self.st.by_role(role) if self.works(p.id)]

    def duration(self, ev: EventSpec) -> int:
        return ev.duration_min or self.st.duration(ev.type)

    def free(self, pid: str, start: int, end: int, etype: EventType) -> bool:
        """H12 (``may_overlap``): nothing of ``pid`` overlaps that may not."""
        return all(
            end <= a or start >= b or may_overlap(etype, other)
            for a, b, other in self.busy.get(pid, ())
        )

    def open_events(self, etype: EventType) -> list[EventSpec]:
        return [
            e
            for e in self.events
            if e.type is etype and e.active and e.key not in self.taken and e.covers(self.day)
        ]

    def place(
        self, group: list, ev: EventSpec, pid: str, minute: int, block: int | None = None
    ) -> None:
        assert self.role[pid] in ELIGIBLE_ROLES[ev.type]
        self.taken.add(ev.key)
        if ev.type not in OVERLAP_ANYTHING:
            self.busy.setdefault(pid, []).append((minute, minute + self.duration(ev), ev.type))
        if ev.type in (T.CORE, T.JUICER_PRODUCTION):
            self.shift.add(pid)
        group.append((ev, pid, minute, block))

    # --- staffing ----------------------------------------------------------
    def production(self) -> None:
        prods = [e for e in self.open_events(T.JUICER_PRODUCTION) if e.start == self.day]
        if not prods or self.rng.random() >= 0.85:
            return
        juicer, backup = self.st.rota("juicer", self.day)
        pool = [juicer, backup] + self.ids(Role.JUICER) + self.ids(Role.SUPERVISOR)
        pool = [p for p in pool if p is not None and self.works(p) and p not in self.shift]
        if not pool:
            return
        group: list = []
        start = _minutes(DEFAULT_START_TIMES[T.JUICER_PRODUCTION][0])
        self.place(group, prods[0], pool[0], start)
        for survey in self.children.get(prods[0].key, []):
            self.place(group, survey, pool[0], _minutes(DEFAULT_START_TIMES[T.JUICER_SURVEY][0]))
        self.groups.append(group)

    def cores(self) -> None:
        cores = sorted(self.open_events(T.CORE), key=lambda e: (e.end, e.number))
        blocks = self.st.core_blocks()
        want = round(len(blocks) * FILL[self.st.tightness] * self.rng.uniform(0.85, 1.0))
        specialists = [p for p in self.ids(Role.SPECIALIST) if p not in self.shift]
        leads = [p for p in self.ids(Role.LEAD) if p not in self.shift]
        juicers = [p for p in self.ids(Role.JUICER) if p not in self.shift]
        for group in (specialists, leads, juicers):
            self.rng.shuffle(group)
        supervisors = self.ids(Role.SUPERVISOR)
        size = min(want, len(cores), len(blocks))
        k = min(len(leads), self.rng.randint(1, 2), size)
        # Leads go last, on the later blocks (a scheduler's habit: the morning
        # is theirs for Freeosk and Digital events).
        staff = (specialists + juicers)[: size - k] + leads[:k]
        sup_doers = supervisors or [p for p in staff if self.role[p] is Role.LEAD]
        turn = 0
        for core, pid, (block, hhmm) in zip(cores, staff, blocks, strict=False):
            sups = self.children.get(core.key, [])
            if sups and not sup_doers:
                continue
            group: list = []
            self.place(group, core, pid, _minutes(hhmm), block)
            for sup in sups:
                doer = sup_doers[turn % len(sup_doers)]
                turn += 1
                self.place(group, sup, doer, _minutes(DEFAULT_START_TIMES[T.SUPERVISOR][0]))
            self.groups.append(group)

    def lead_work(self) -> None:
        todo = [e for t in _LEAD_TYPES for e in self.open_events(t) if e.start == self.day]
        todo += [
            e for t in (T.DIGITALS, T.OTHER) for e in self.open_events(t) if self.rng.random() < 0.4
        ]
        primary, backup = self.st.rota("primary_lead", self.day)
        doers = [
            p
            for p in [primary, backup] + self.ids(Role.SUPERVISOR) + self.ids(Role.LEAD)
            if p is not None
            and self.works(p)
            and (self.role[p] is Role.SUPERVISOR or (self.role[p] is Role.LEAD and p in self.shift))
        ]
        doers = list(dict.fromkeys(doers))
        for ev in todo:
            if self.rng.random() >= 0.85:
                continue
            slot = self._slot(ev, doers)
            if slot is not None:
                group: list = []
                self.place(group, ev, *slot)
                self.groups.append(group)

    def _slot(self, ev: EventSpec, doers: list[str]) -> tuple[str, int] | None:
        length = self.duration(ev)
        for pid in doers:
            for hhmm in DEFAULT_START_TIMES[ev.type]:
                start = _minutes(hhmm)
                if self.free(pid, start, start + length, ev.type):
                    return pid, start
        return None


def make_existing(st: Store, events: list[EventSpec]) -> list[dict]:
    """Existing assignments on the first horizon day or two, as ``existing`` entries."""
    rng = st.rng
    n_days = 2 if len(st.days) > 7 and rng.random() < 0.8 else 1
    taken: set[int] = set()
    out: list[dict] = []
    for day in st.days[:n_days]:
        if day in st.holidays:
            continue
        staffing = _Day(st, day, events, taken)
        staffing.production()
        staffing.cores()
        staffing.lead_work()
        share = 0.6 if day in st.locked else 0.35
        for group in staffing.groups:
            locked = rng.random() < share
            for ev, pid, minute, block in group:
                ev.condition = "Scheduled"
                out.append(
                    {
                        "event": ev.id,
                        "employee": pid,
                        "start": datetime.combine(day, time(minute // 60, minute % 60)),
                        "block": block,
                        "locked": locked,
                    }
                )
    out.sort(key=lambda a: (a["start"], a["block"] or 0, a["event"]))
    return out
