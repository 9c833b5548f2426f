"""Cross-field checks of a problem and the pairing of Supervisor/Survey events.

Each check raises ``ValueError("path: reason")`` so that a bad file is
reported with the field that is wrong and what to do about it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from domain.rules import EventType, detect_type, is_active_condition

if TYPE_CHECKING:
    from domain.models import Event, Problem

_SIX_DIGITS = re.compile(r"(?<!\d)(\d{6})(?!\d)")


def event_type(event: Event) -> EventType:
    """The event's type: explicit, else detected from its name."""
    return event.type if event.type is not None else detect_type(event.name)


def six_digit_number(name: str) -> str | None:
    """The first run of exactly six digits in a name, if any."""
    match = _SIX_DIGITS.search(name)
    return match.group(1) if match else None


def _dupes(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise ValueError(f"{what}[{i}].id: id '{value}' is used twice; ids must be unique")
        seen.add(value)


def resolve_pairing(problem: Problem) -> dict[str, str | None]:
    """Map every Supervisor and Juicer Survey event to the event it belongs to.

    Returns
    -------
    dict
        Supervisor id -> Core id, Survey id -> Production id, or ``None`` when
        the event has no partner (it can then never be scheduled, H14/H15).

    Raises
    ------
    ValueError
        When ``pairs_with`` names a missing event or one of the wrong type, or
        when pairing by number/date is ambiguous for an active event.
    """
    by_id = {e.id: e for e in problem.events}
    types = {e.id: event_type(e) for e in problem.events}
    cores_by_number: dict[str, list[Event]] = {}
    productions_by_date: dict = {}
    for e in problem.events:
        if types[e.id] is EventType.CORE:
            number = six_digit_number(e.name)
            if number:
                cores_by_number.setdefault(number, []).append(e)
        elif types[e.id] is EventType.JUICER_PRODUCTION:
            productions_by_date.setdefault(e.start.date(), []).append(e)

    pairing: dict[str, str | None] = {}
    for i, e in enumerate(problem.events):
        etype = types[e.id]
        if etype not in (EventType.SUPERVISOR, EventType.JUICER_SURVEY):
            continue
        want = EventType.CORE if etype is EventType.SUPERVISOR else EventType.JUICER_PRODUCTION
        if e.pairs_with is not None:
            partner = by_id.get(e.pairs_with)
            if partner is None:
                raise ValueError(
                    f"events[{i}].pairs_with: '{e.pairs_with}' is not an event of this problem"
                )
            if types[partner.id] is not want:
                raise ValueError(
                    f"events[{i}].pairs_with: '{e.pairs_with}' is a {types[partner.id].value}"
                    f" event; a {etype.value} pairs with a {want.value}"
                )
            pairing[e.id] = partner.id
            continue
        if etype is EventType.SUPERVISOR:
            number = six_digit_number(e.name)
            candidates = cores_by_number.get(number, []) if number else []
            where = f"the 6-digit number {number}"
        else:
            candidates = productions_by_date.get(e.start.date(), [])
            where = f"the start date {e.start.date().isoformat()}"
        active = [c for c in candidates if is_active_condition(c.condition)]
        if len(active) > 1 and is_active_condition(e.condition):
            names = ", ".join(f"'{c.id}'" for c in active)
            raise ValueError(
                f"events[{i}].pairs_with: {etype.value} '{e.id}' is ambiguous: active"
                f" {want.value} events {names} share {where}; set pairs_with"
            )
        if active:
            pairing[e.id] = active[0].id
        elif candidates:
            pairing[e.id] = candidates[0].id
        else:
            pairing[e.id] = None
    return pairing


def check_problem(problem: Problem) -> None:
    """Raise ``ValueError`` naming the first field that breaks a cross-field rule."""
    if problem.horizon.end < problem.horizon.start:
        raise ValueError("horizon.end: the horizon ends before it starts")
    _dupes([e.id for e in problem.employees], "employees")
    _dupes([e.id for e in problem.events], "events")
    employees = {e.id for e in problem.employees}
    events = {e.id for e in problem.events}

    def known(emp: str | None, path: str) -> None:
        if emp is not None and emp not in employees:
            raise ValueError(f"{path}: unknown employee '{emp}'")

    for i, ev in enumerate(problem.events):
        if ev.due <= ev.start:
            raise ValueError(
                f"events[{i}].due: due {ev.due.isoformat()} is not after start"
                f" {ev.start.isoformat()}"
            )
    for i, t in enumerate(problem.time_off):
        known(t.employee, f"time_off[{i}].employee")
        if t.end < t.start:
            raise ValueError(f"time_off[{i}].end: time off ends before it starts")
    for i, o in enumerate(problem.availability_overrides):
        known(o.employee, f"availability_overrides[{i}].employee")
    seen_rot: set[tuple[str, str]] = set()
    for i, r in enumerate(problem.rotations):
        known(r.employee, f"rotations[{i}].employee")
        known(r.backup, f"rotations[{i}].backup")
        if (r.weekday, r.kind) in seen_rot:
            raise ValueError(f"rotations[{i}]: a second {r.kind} rotation for {r.weekday}")
        seen_rot.add((r.weekday, r.kind))
    seen_exc: set[tuple] = set()
    for i, x in enumerate(problem.rotation_exceptions):
        known(x.employee, f"rotation_exceptions[{i}].employee")
        if (x.date, x.kind) in seen_exc:
            raise ValueError(
                f"rotation_exceptions[{i}]: a second {x.kind} exception for {x.date.isoformat()}"
            )
        seen_exc.add((x.date, x.kind))
    for i, a in enumerate(problem.existing):
        if a.event not in events:
            raise ValueError(f"existing[{i}].event: unknown event '{a.event}'")
        known(a.employee, f"existing[{i}].employee")
    resolve_pairing(problem)
