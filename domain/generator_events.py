"""The events of a synthetic store (see ``domain.generator``).

Cores come with one Supervisor event each and a window of 4-7 days, some
starting before the horizon and some ending after it; their number follows
the store's Core capacity and the requested tightness. Juicer Production and
Survey run on most days, a Juicer Deep Clean now and then; Freeosk and the
Digital events run on their days (Setup on Mondays, Refresh Tuesday to
Friday, Teardown on Saturdays); Digitals and Other events turn up now and
then. A few events are canceled or expired, and a Core now and then reissued; about one in five has
no explicit type and is typed from its name. Every event carries its own
6-digit number, so no two active Cores share one and Supervisor pairing by
number is never ambiguous; there is at most one Juicer Production per date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from domain.rules import EventType, Role, detect_type, is_active_condition

if TYPE_CHECKING:
    from domain.generator import Store

T = EventType

#: (product, full product name) pairs, as a club's demo calendar spells them.
PRODUCTS: tuple[tuple[str, str], ...] = (
    ("Orgain", "Orgain Protein"),
    ("Dave's", "Dave's Killer Bread"),
    ("Stonyfield", "Stonyfield Yogurt"),
    ("Siete", "Siete Tortilla Chips"),
    ("Perdue", "Perdue Chicken Bites"),
    ("Sabra", "Sabra Hummus"),
    ("Pirate's", "Pirate's Booty"),
    ("Bibigo", "Bibigo Dumplings"),
    ("Kettle", "Kettle Brand Chips"),
    ("Jimmy Dean", "Jimmy Dean Breakfast Bowls"),
    ("Kind", "Kind Bars"),
    ("Kodiak", "Kodiak Pancake Mix"),
    ("Bonne Maman", "Bonne Maman Jam"),
    ("Chomps", "Chomps Jerky"),
    ("Liquid IV", "Liquid IV Hydration"),
    ("Rao's", "Rao's Marinara"),
    ("Amy's", "Amy's Burritos"),
    ("Celsius", "Celsius Energy"),
    ("Tillamook", "Tillamook Cheese"),
    ("Olipop", "Olipop Soda"),
    ("Nurri", "Nurri Protein"),
    ("Chobani", "Chobani Oat Milk"),
    ("Tyson", "Tyson Chicken Nuggets"),
    ("Ghirardelli", "Ghirardelli Brownie Mix"),
)
OTHER_NAMES = (
    "New Hire Orientation",
    "Sample Station Audit",
    "Inventory Count",
    "Equipment Check",
    "Safety Walk",
    "Cart Cleaning",
)
#: Share of events written without an explicit type (typed from the name).
UNTYPED_SHARE = 0.2


@dataclass
class EventSpec:
    """One event while the store is being built; ``to_dict`` gives the file form."""

    key: int
    number: int
    name: str
    type: EventType
    start: date
    end: date
    product: str | None = None
    condition: str = "Unstaffed"
    partner: EventSpec | None = None
    explicit_pair: bool = False
    explicit_type: bool = True
    duration_min: int | None = None
    id: str = ""

    @property
    def active(self) -> bool:
        return is_active_condition(self.condition)

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type.value if self.explicit_type else None,
            "start": datetime.combine(self.start, time(0, 0)),
            "due": datetime.combine(self.end, time(23, 59)),
            "condition": self.condition,
            "product": self.product,
            "pairs_with": self.partner.id if self.explicit_pair and self.partner else None,
            "duration_min": self.duration_min,
        }


class _Builder:
    def __init__(self, st: Store) -> None:
        self.st = st
        self.rng = st.rng
        self.events: list[EventSpec] = []
        self.number = self.rng.randint(600000, 640000)

    def next_number(self) -> int:
        self.number += self.rng.randint(1, 12)
        return self.number

    def add(
        self,
        label: str,
        etype: EventType,
        start: date,
        end: date,
        *,
        product: tuple[str, str] | None = None,
        number: int | None = None,
        condition: str = "Unstaffed",
    ) -> EventSpec:
        num = number if number is not None else self.next_number()
        name = f"{num}-{label}"
        if product:  # "611367-CORE-Demo Orgain Protein", "611926-Freeosk-Dave's Killer Bread"
            name += (" " if etype is T.CORE else "-") + product[1]
        spec = EventSpec(
            key=len(self.events),
            number=num,
            name=name,
            type=etype,
            start=start,
            end=end,
            product=product[0] if product else None,
            condition=condition,
        )
        if detect_type(name) is etype and self.rng.random() < UNTYPED_SHARE:
            spec.explicit_type = False
        self.events.append(spec)
        return spec

    def product(self) -> tuple[str, str]:
        return self.rng.choice(PRODUCTS)

    # --- Cores and their Supervisor events ------------------------------
    def core(
        self,
        start: date,
        end: date,
        condition: str = "Unstaffed",
        number: int | None = None,
        product: tuple[str, str] | None = None,
    ) -> EventSpec:
        product = product or self.product()
        core = self.add(
            "CORE-Demo", T.CORE, start, end, product=product, number=number, condition=condition
        )
        roll = self.rng.random()
        sup_condition = "Canceled" if core.active and roll < 0.01 else condition
        own_number = roll > 0.97  # named with a number of its own: paired by pairs_with
        sup = self.add(
            "Supervisor",
            T.SUPERVISOR,
            start,
            end,
            product=product,
            number=None if own_number else core.number,
            condition=sup_condition,
        )
        sup.partner = core
        sup.explicit_pair = own_number or roll > 0.87
        return core

    def cores(self, target: int) -> None:
        rng, days = self.rng, self.st.days
        first, last = days[0], days[-1]
        windows = []
        for _ in range(target):
            start = first + timedelta(days=rng.randint(-4, len(days) - 3))
            end = start + timedelta(days=rng.choice((4, 5, 5, 6, 6, 7, 7)) - 1)
            if end <= first:
                end = first + timedelta(days=1 + rng.randrange(3))
            windows.append((start, end))
        extra = max(1, round(target * 0.04))
        for _ in range(extra):  # long gone: expired before the horizon
            start = first - timedelta(days=rng.randint(8, 14))
            windows.append((start, start + timedelta(days=rng.randint(3, 5))))
        for _ in range(extra):  # not yet: window wholly after the horizon
            start = last + timedelta(days=rng.randint(1, 5))
            windows.append((start, start + timedelta(days=rng.randint(3, 6))))
        canceled = set(rng.sample(range(target), min(target, max(1, round(target * 0.06)))))
        windows = sorted(enumerate(windows), key=lambda iw: (iw[1][0], iw[0]))
        made = []
        for i, (start, end) in windows:
            condition = "Expired" if end < first else "Canceled" if i in canceled else "Unstaffed"
            made.append(self.core(start, end, condition))
        # Now and then a reissued Core (RULES.md §2): the retailer rescheduled
        # it, so the old issue is canceled and the new one, with the same
        # number, is "Reissued" and still to be done (only one of them is
        # active, so pairing stays clear).
        active = [c for c in made if c.active]
        if active and rng.random() < 0.3:
            new = rng.choice(active)
            old_end = new.start + timedelta(days=rng.randint(1, 3))
            brand = next(p for p in PRODUCTS if p[0] == new.product)
            self.core(new.start - timedelta(days=2), old_end, "Canceled", new.number, brand)
            for ev in self.events:
                if ev is new or (ev.partner is new and ev.active):
                    ev.condition = "Reissued"

    # --- daily and weekly events ----------------------------------------
    def juicer(self) -> None:
        rng, st = self.rng, self.st
        for day in st.days:
            if day in st.holidays:
                continue
            juicer, _ = st.rota("juicer", day)
            if rng.random() < (0.85 if juicer and st.works(juicer, day) else 0.5):
                prod = self.add("Juicer Production-SPCLTY", T.JUICER_PRODUCTION, day, day)
                survey = self.add("Juicer Survey", T.JUICER_SURVEY, day, day)
                survey.partner = prod
                survey.explicit_pair = rng.random() < 0.2
        for week in range(len(st.days) // 7):
            if rng.random() < 0.6:
                start = st.days[7 * week + rng.randrange(5)]
                self.add(
                    "Juicer Deep Clean",
                    T.JUICER_DEEP_CLEAN,
                    start,
                    start + timedelta(days=rng.randint(2, 4)),
                )

    def dated(self) -> None:
        rng, st = self.rng, self.st
        many = 2 if len(st.by_role(Role.LEAD)) >= 6 else 1
        for day in st.days:
            if day in st.holidays:
                continue
            weekday = day.weekday()  # Monday = 0
            for _ in range(rng.choice((0, 1, 1, 1, 2)) * many):
                self.add("Freeosk", T.FREEOSK, day, day, product=self.product())
            if weekday == 0 and rng.random() < 0.8:
                for _ in range(rng.randint(1, 2)):
                    self.add("Digital Setup", T.DIGITAL_SETUP, day, day, product=self.product())
            if 1 <= weekday <= 4:
                for _ in range(many):
                    if rng.random() < 0.85:
                        self.add(
                            "Digital Refresh", T.DIGITAL_REFRESH, day, day, product=self.product()
                        )
            if weekday == 5:
                for _ in range(rng.randint(0, 2)):
                    self.add(
                        "Digital Teardown", T.DIGITAL_TEARDOWN, day, day, product=self.product()
                    )
        for week in range(len(st.days) // 7):
            for _ in range(rng.randint(0, 2)):
                start = st.days[7 * week + rng.randrange(6)]
                self.add(
                    "Digitals",
                    T.DIGITALS,
                    start,
                    start + timedelta(days=rng.randint(2, 3)),
                    product=self.product(),
                )
            for _ in range(rng.randint(0, 2)):
                start = st.days[7 * week + rng.randrange(6)]
                other = self.add(
                    rng.choice(OTHER_NAMES),
                    T.OTHER,
                    start,
                    start + timedelta(days=rng.randint(1, 4)),
                )
                if rng.random() < 0.3:
                    other.duration_min = rng.choice((45, 90))
            if rng.random() < 0.3:  # a canceled Freeosk or Refresh (on a Tuesday to Friday)
                day = st.days[7 * week + rng.randint(2, 5)]
                kind = rng.choice(((T.FREEOSK, "Freeosk"), (T.DIGITAL_REFRESH, "Digital Refresh")))
                self.add(kind[1], kind[0], day, day, product=self.product(), condition="Canceled")
        for _ in range(rng.randint(1, 2)):  # expired before the horizon
            day = st.days[0] - timedelta(days=rng.randint(1, 4))
            self.add("Freeosk", T.FREEOSK, day, day, product=self.product(), condition="Expired")

    def number_ids(self) -> None:
        """7-digit ids, increasing with the event number (as the source system issues them)."""
        next_id = self.rng.randint(3_000_000, 3_900_000)
        for spec in sorted(self.events, key=lambda e: (e.number, e.key)):
            next_id += self.rng.randint(1, 9)
            spec.id = str(next_id)


def make_events(st: Store, cores: int) -> list[EventSpec]:
    """All events of the store, with ids; ``cores`` active-to-be Cores in or near the horizon."""
    builder = _Builder(st)
    builder.cores(max(1, cores))
    builder.juicer()
    builder.dated()
    builder.number_ids()
    return builder.events
