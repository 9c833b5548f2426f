"""What-if scenarios applied to a problem: each change checked, the result valid again.

:func:`apply_scenario` ``(problem, scenario, index) -> Problem`` is the part of
the what-if use case (:mod:`api.services.whatif`) that edits the problem; an
impossible change, or one that leaves an invalid problem, is a
:class:`~api.services.whatif_models.ChangeError` naming
``scenarios[i].changes[j].field``.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from api.services.whatif_models import (
    FIRST_DATE,
    LAST_DATE,
    MAX_EVENT_WINDOW_DAYS,
    ChangeError,
    EmployeeAdded,
    EmployeeOff,
    EmployeeRemoved,
    EventAdded,
    EventRemoved,
    EventWindow,
    Scenario,
    SettingsChanged,
    WeightsChanged,
)
from domain.models import Problem
from domain.parse import describe

__all__ = ["apply_scenario"]


def _index(items: list[dict], key: str, value: str) -> int | None:
    return next((i for i, x in enumerate(items) if x[key] == value), None)


def _merge_settings(base: dict, patch: dict) -> dict:
    out = dict(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = {**out[key], **value}
        else:
            out[key] = value
    return out


def _check_window(event: dict, field: str) -> None:
    for name in ("start", "due"):
        if not FIRST_DATE <= event[name].date() <= LAST_DATE:
            raise ValueError(
                f"{field.rsplit('.', 1)[0] + '.' if '.' in field else ''}{name}:"
                f" {event[name].date()} is outside {FIRST_DATE} to {LAST_DATE}"
            )
    days = (event["due"].date() - event["start"].date()).days + 1
    if days > MAX_EVENT_WINDOW_DAYS:
        raise ValueError(f"{field}: the window is {days} days; at most {MAX_EVENT_WINDOW_DAYS}")


def _apply(doc: dict, change: Any) -> None:
    """Apply one change to a problem dict in place; ``ValueError("field: why")`` if it can't."""
    employees: list[dict] = doc["employees"]
    events: list[dict] = doc["events"]
    if isinstance(change, EmployeeOff):
        if _index(employees, "id", change.employee) is None:
            raise ValueError(f"employee: unknown employee '{change.employee}'")
        doc["time_off"] += [
            {"employee": change.employee, "start": a, "end": b} for a, b in change.ranges()
        ]
    elif isinstance(change, EmployeeAdded):
        if _index(employees, "id", change.employee.id) is not None:
            raise ValueError(f"employee.id: employee '{change.employee.id}' already exists")
        employees.append(change.employee.model_dump())
    elif isinstance(change, EmployeeRemoved):
        who = change.employee
        i = _index(employees, "id", who)
        if i is None:
            raise ValueError(f"employee: unknown employee '{who}'")
        del employees[i]
        for key in ("time_off", "availability_overrides", "rotation_exceptions", "existing"):
            doc[key] = [x for x in doc[key] if x["employee"] != who]
        doc["rotations"] = [
            {**r, "backup": None if r.get("backup") == who else r.get("backup")}
            for r in doc["rotations"]
            if r["employee"] != who
        ]
    elif isinstance(change, EventAdded):
        if _index(events, "id", change.event.id) is not None:
            raise ValueError(f"event.id: event '{change.event.id}' already exists")
        added = change.event.model_dump()
        if added["due"] <= added["start"]:
            raise ValueError("event.due: due is not after start")
        _check_window(added, "event.due")
        events.append(added)
    elif isinstance(change, EventRemoved):
        i = _index(events, "id", change.event)
        if i is None:
            raise ValueError(f"event: unknown event '{change.event}'")
        del events[i]
        for ev in events:
            if ev.get("pairs_with") == change.event:
                ev["pairs_with"] = None
        doc["existing"] = [x for x in doc["existing"] if x["event"] != change.event]
    elif isinstance(change, EventWindow):
        i = _index(events, "id", change.event)
        if i is None:
            raise ValueError(f"event: unknown event '{change.event}'")
        ev = dict(events[i])
        if change.start is not None:
            ev["start"] = change.start
        if change.due is not None:
            ev["due"] = change.due
        if ev["due"] <= ev["start"]:
            raise ValueError(
                f"due: the window would close ({ev['due'].isoformat()}) before it"
                f" opens ({ev['start'].isoformat()})"
            )
        _check_window(ev, "due")
        events[i] = ev
    elif isinstance(change, WeightsChanged):
        settings = doc["settings"]
        settings["weights"] = {**settings.get("weights", {}), **change.weights}
    elif isinstance(change, SettingsChanged):
        doc["settings"] = _merge_settings(
            doc["settings"], change.settings.model_dump(exclude_unset=True)
        )
    else:  # pragma: no cover - the union is closed
        raise ValueError(f"kind: unknown change {change!r}")


def apply_scenario(problem: Problem, scenario: Scenario, index: int = 0) -> Problem:
    """The base problem with the scenario's changes applied, validated again.

    Raises
    ------
    ChangeError
        ``scenarios[index].changes[j].field: why`` for the first change that is
        impossible, or that leaves an invalid problem.
    """
    if not scenario.changes:
        return problem
    doc = problem.model_dump()
    doc["settings"] = problem.settings.model_dump(exclude_unset=True)
    for j, change in enumerate(scenario.changes):
        where = f"scenarios[{index}].changes[{j}]"
        loc = ("scenarios", index, "changes", j)
        try:
            _apply(doc, change)
        except ValueError as exc:
            raise ChangeError(f"{where}.{exc}", loc) from None
        try:
            Problem.model_validate(doc)
        except ValidationError as exc:
            raise ChangeError(
                f"{where} ({change.kind}) makes the problem invalid: {describe(exc)}", loc
            ) from None
    return Problem.model_validate(doc)
