"""Deterministic synthetic stores: a realistic ``Problem`` from a seed.

``generate(employees, weeks, seed, tightness)`` builds a club's event team
(leads, specialists, juicers, supervisors with weekly availability, time off,
overrides, holidays, rotations), a horizon's worth of events (Cores with their
Supervisor events, daily juicer work, Freeosk and Digital events, the odd
canceled or expired event) and an existing schedule near the start of the
horizon that breaks no hard rule. It is pure: one ``random.Random(seed)``
drives every choice, there is no wall clock and no I/O, so one seed always
gives byte-identical JSON (``domain.parse.dump``).

``tightness`` scales Core demand against capacity, capacity being the sum
over horizon days of ``min(8 blocks, specialists able to work that day)``:
loose ~60 %, normal ~85 %, tight ~110 %. The team and calendar depend on
the seed only, so one seed at three tightness levels gives one store with
three levels of demand.

The event side lives in ``domain.generator_events``, the existing schedule
in ``domain.generator_existing``, the names in ``domain.generator_names``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from random import Random
from typing import Literal

from domain.generator_events import EventSpec, make_events
from domain.generator_existing import make_existing
from domain.generator_names import FIRST_NAMES, HOLIDAY_NAMES, LAST_NAMES
from domain.models import Problem
from domain.rules import DEFAULT_DURATION, DEFAULT_SHIFT_BLOCKS, WEEKDAYS, EventType, Role

Tightness = Literal["loose", "normal", "tight"]

#: Share of Core capacity that the generated active Cores demand.
DEMAND: dict[str, float] = {"loose": 0.60, "normal": 0.85, "tight": 1.10}

#: Weekday keys in file order (Sunday first, as the format's examples).
WEEK_KEYS: tuple[str, ...] = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


@dataclass
class Person:
    id: str
    name: str
    role: Role
    pattern: dict[str, bool] | None
    active: bool = True
    termination: date | None = None


@dataclass
class Store:
    """Everything the event and existing-schedule builders need to know."""

    rng: Random
    tightness: str
    days: list[date]
    today: date
    settings: dict
    people: list[Person] = field(default_factory=list)
    index: dict[str, Person] = field(default_factory=dict)
    time_off: list[tuple[str, date, date]] = field(default_factory=list)
    overrides: dict[tuple[str, date], bool] = field(default_factory=dict)
    holidays: dict[date, str] = field(default_factory=dict)
    locked: list[date] = field(default_factory=list)
    rotation: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)
    exceptions: dict[tuple[date, str], str] = field(default_factory=dict)

    def by_role(self, role: Role) -> list[Person]:
        return [p for p in self.people if p.role is role]

    def works(self, pid: str, day: date) -> bool:
        """Passes H01, H02, H03 and H05 on ``day``."""
        person = self.index[pid]
        if day in self.holidays or not person.active:
            return False
        if person.termination is not None and person.termination <= day:
            return False
        if any(e == pid and a <= day <= b for e, a, b in self.time_off):
            return False
        override = self.overrides.get((pid, day))
        if override is not None:
            return override
        return True if person.pattern is None else person.pattern[WEEKDAYS[day.weekday()]]

    def rota(self, kind: str, day: date) -> tuple[str | None, str | None]:
        """(employee, backup) of a day's rotation, exceptions applied."""
        emp, backup = self.rotation.get((WEEKDAYS[day.weekday()], kind), (None, None))
        emp = self.exceptions.get((day, kind), emp)
        return emp, (backup if backup != emp else None)

    def duration(self, etype: EventType) -> int:
        return self.settings.get("durations", {}).get(etype.value, DEFAULT_DURATION[etype])

    def core_blocks(self) -> list[tuple[int, str]]:
        """The eight regular (non-overflow) blocks, in order."""
        return [
            (b["block"], b["start"]) for b in self.settings["shift_blocks"] if not b.get("overflow")
        ]


def generate(
    employees: int = 18,
    weeks: int = 2,
    seed: int = 0,
    tightness: Tightness = "normal",
    start: date | None = None,
    store: str | None = None,
) -> Problem:
    """A realistic, valid synthetic store problem; the same arguments give the same problem.

    Parameters
    ----------
    employees
        Team size (at least 6): ~15 % leads (at least 2), 1-2 supervisors,
        2-4 juicers, the rest specialists.
    weeks
        Horizon length in Sunday-Saturday weeks (at least 1).
    seed
        Drives every random choice (``random.Random(seed)``).
    tightness
        Core demand against Core capacity: ``loose`` ~60 %, ``normal`` ~85 %,
        ``tight`` ~110 %.
    start
        First horizon day, a Sunday; default a Sunday of 2026 chosen by the seed.
    store
        Store number; default four digits chosen by the seed.
    """
    if employees < 6:
        raise ValueError("employees: a store needs at least 6 employees")
    if weeks < 1:
        raise ValueError("weeks: the horizon needs at least 1 week")
    if tightness not in DEMAND:
        raise ValueError(f"tightness: '{tightness}' is not one of loose, normal, tight")
    if start is not None and start.weekday() != 6:
        raise ValueError(
            f"start: {start.isoformat()} is not a Sunday; horizons run Sunday-Saturday"
        )
    rng = Random(seed)
    if start is None:
        start = date(2026, 1, 4) + timedelta(weeks=rng.randrange(48))
    store_id = store if store is not None else str(rng.randint(1000, 9999))
    days = [start + timedelta(days=i) for i in range(7 * weeks)]
    st = Store(
        rng=rng,
        tightness=tightness,
        days=days,
        today=start - timedelta(days=3),
        settings=_settings(rng),
    )
    st.people = _people(rng, employees)
    st.index = {p.id: p for p in st.people}
    _calendar(st)
    _rotations(st)
    events = make_events(st, cores=round(DEMAND[tightness] * _capacity(st)))
    existing = make_existing(st, events)
    return _assemble(st, store_id, events, existing)


# --- settings and people ---------------------------------------------------


def _settings(rng: Random) -> dict:
    blocks: list[dict] = [{"block": b, "start": s} for b, s in DEFAULT_SHIFT_BLOCKS]
    if rng.random() < 0.35:
        blocks += [
            {"block": 9 + i, "start": s, "overflow": True}
            for i, s in enumerate(("10:15", "10:45", "11:15", "11:45"))
        ]
    settings: dict = {
        "buffer_days": 3,
        "max_core_per_week": 5 if rng.random() < 0.2 else 6,
        "max_juicer_production_per_week": 5,
        "max_week_minutes": 2400,
        "max_shifts_per_day": 1,
        "shift_blocks": blocks,
    }
    if rng.random() < 0.4:
        settings["durations"] = {"Juicer Production": 480}
    if rng.random() < 0.15:
        settings["lunch_min"] = {"Core": 45, "Juicer Production": 45}
    if rng.random() < 0.15:
        settings["weights"] = {"S6": 100}
    return settings


def _role_counts(n: int) -> list[Role]:
    supervisors = 1 if n < 30 else 2
    leads = max(2, round(n * 0.15))
    juicers = max(2, min(4, round(n / 15)))
    specialists = n - supervisors - leads - juicers
    return (
        [Role.SUPERVISOR] * supervisors
        + [Role.LEAD] * leads
        + [Role.JUICER] * juicers
        + [Role.SPECIALIST] * specialists
    )


def _pattern(rng: Random, role: Role) -> dict[str, bool] | None:
    if role is Role.SUPERVISOR:
        off = {"sun", "sat"} if rng.random() < 0.7 else set(rng.sample(WEEK_KEYS, 2))
        return {k: k not in off for k in WEEK_KEYS}
    roll = rng.random()
    if role is Role.SPECIALIST and roll < 0.05:
        return None
    n_off = 2 if roll < 0.65 else 1 if roll < 0.8 else 3 if roll < 0.97 else 0
    # Weekends are more often off: weight Sunday and Saturday up.
    pool = list(WEEK_KEYS) + ["sun", "sat"]
    off: set[str] = set()
    while len(off) < n_off:
        off.add(rng.choice(pool))
    return {k: k not in off for k in WEEK_KEYS}


def _people(rng: Random, n: int) -> list[Person]:
    roles = _role_counts(n)
    combos = rng.sample(range(len(FIRST_NAMES) * len(LAST_NAMES)), n)
    width = max(2, len(str(n)))
    people = []
    for i, (role, combo) in enumerate(zip(roles, combos, strict=True)):
        first, last = divmod(combo, len(LAST_NAMES))
        name = f"{FIRST_NAMES[first]} {LAST_NAMES[last]}"
        people.append(
            Person(id=f"E{i + 1:0{width}d}", name=name, role=role, pattern=_pattern(rng, role))
        )
    # Every weekday has at least one lead and one juicer on the weekly pattern.
    for role in (Role.LEAD, Role.JUICER):
        group = [p for p in people if p.role is role]
        for key in WEEK_KEYS:
            if not any(p.pattern is None or p.pattern[key] for p in group):
                rng.choice(group).pattern[key] = True  # type: ignore[index]
    return people


# --- calendar: terminations, time off, overrides, holidays, locked day ------


def _calendar(st: Store) -> None:
    rng, days = st.rng, st.days
    specialists = st.by_role(Role.SPECIALIST)
    if len(specialists) > 3 and rng.random() < 0.25:
        last_day = days[len(days) // 2 + rng.randrange(len(days) // 2)]
        rng.choice(specialists[1:]).termination = last_day
    if len(specialists) > 3 and rng.random() < 0.15:
        rng.choice(specialists[1:]).active = False
    scale = len(st.people) * len(days) / 84  # 18 employees, 2 weeks -> ~3
    for _ in range(max(1, round(scale * rng.uniform(0.7, 1.3)))):
        person = rng.choice(st.people)
        first = days[0] + timedelta(days=rng.randrange(-2, len(days)))
        length = rng.choice((1, 2, 2, 3, 3, 4, 5))
        st.time_off.append((person.id, first, first + timedelta(days=length - 1)))
    for _ in range(max(1, round(scale * rng.uniform(0.7, 1.3)))):
        person = rng.choice(st.people)
        day = rng.choice(days)
        if (person.id, day) in st.overrides:
            continue
        normally = person.pattern is None or person.pattern[WEEKDAYS[day.weekday()]]
        st.overrides[(person.id, day)] = not normally if rng.random() < 0.25 else False
    # Holidays and the locked day keep clear of the first two days, where the
    # existing schedule lives (a locked day, when there is one, is the first).
    late = days[2:]
    for _ in range(len(days) // 7):
        if late and rng.random() < 0.35:
            st.holidays.setdefault(rng.choice(late), rng.choice(HOLIDAY_NAMES))
    if rng.random() < 0.3:
        st.locked.append(days[0])


def _rotations(st: Store) -> None:
    rng = st.rng
    for kind, role in (("juicer", Role.JUICER), ("primary_lead", Role.LEAD)):
        group = st.by_role(role)
        load = {p.id: 0 for p in group}
        for key in WEEK_KEYS:
            able = [p.id for p in group if p.pattern is None or p.pattern[key]] or [group[0].id]
            rng.shuffle(able)
            able.sort(key=lambda pid: load[pid])
            emp = able[0]
            load[emp] += 1
            others = able[1:] or [p.id for p in group if p.id != emp]
            backup = rng.choice(others) if others and rng.random() < 0.9 else None
            st.rotation[(key, kind)] = (emp, backup)
    for _ in range(rng.randint(0, len(st.days) // 7 + 1)):
        day = rng.choice(st.days)
        kind, role = rng.choice((("juicer", Role.JUICER), ("primary_lead", Role.LEAD)))
        current, _ = st.rota(kind, day)
        others = [p.id for p in st.by_role(role) if p.id != current and st.works(p.id, day)]
        if others and (day, kind) not in st.exceptions:
            st.exceptions[(day, kind)] = rng.choice(others)


def _capacity(st: Store) -> int:
    """Core capacity: per horizon day, min(8 blocks, specialists able to work)."""
    specialists = [p.id for p in st.by_role(Role.SPECIALIST)]
    blocks = len(st.core_blocks())
    return sum(min(blocks, sum(st.works(pid, d) for pid in specialists)) for d in st.days)


# --- assembly --------------------------------------------------------------


def _assemble(st: Store, store_id: str, events: list[EventSpec], existing: list[dict]) -> Problem:
    employees = []
    for p in st.people:
        employees.append(
            {
                "id": p.id,
                "name": p.name,
                "role": p.role.value,
                "active": p.active,
                "termination_date": p.termination,
                "weekly_availability": p.pattern,
            }
        )
    rotations = []
    for key in WEEK_KEYS:
        for kind in ("juicer", "primary_lead"):
            emp, backup = st.rotation[(key, kind)]
            rotations.append({"weekday": key, "kind": kind, "employee": emp, "backup": backup})
    data = {
        "format": "schedule-problem/1",
        "store": store_id,
        "today": st.today,
        "horizon": {"start": st.days[0], "end": st.days[-1]},
        "settings": st.settings,
        "employees": employees,
        "events": [e.to_dict() for e in sorted(events, key=lambda e: (e.start, e.id))],
        "time_off": [{"employee": e, "start": a, "end": b} for e, a, b in st.time_off],
        "availability_overrides": [
            {"employee": e, "date": d, "available": v} for (e, d), v in st.overrides.items()
        ],
        "holidays": [{"date": d, "name": n} for d, n in sorted(st.holidays.items())],
        "locked_days": list(st.locked),
        "rotations": rotations,
        "rotation_exceptions": [
            {"date": d, "kind": k, "employee": e} for (d, k), e in sorted(st.exceptions.items())
        ],
        "existing": existing,
    }
    return Problem.model_validate(data)
