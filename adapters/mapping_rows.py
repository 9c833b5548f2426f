"""Rows <-> domain values for the store tables (the runs' own are in :mod:`adapters.mapping_runs`).

``*_to_domain(row)`` reads a loaded row; ``*_from_domain(value, row)`` fills a
new or loaded row from a domain value. :mod:`adapters.mapping` saves and loads
whole problems with them.
"""

from __future__ import annotations

from adapters.orm import (
    EmployeeRow,
    EventRow,
    ScheduleRow,
    StoreRow,
    WeeklyAvailabilityRow,
)
from domain.models import Employee, Event, ExistingAssignment, Settings, WeeklyAvailability

WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")


def settings_to_domain(row: StoreRow) -> Settings:
    return Settings.model_validate(row.settings or {})


def settings_from_domain(settings: Settings) -> dict:
    """Only the explicitly set settings, as JSON-ready data."""
    return settings.model_dump(mode="json", exclude_unset=True)


def employee_to_domain(row: EmployeeRow) -> Employee:
    weekly = None
    if row.weekly:
        days = {w.weekday: w.available for w in row.weekly}
        weekly = WeeklyAvailability(**{d: days.get(d, True) for d in WEEKDAYS})
    return Employee(
        id=row.code,
        name=row.name,
        role=row.role,
        active=row.active,
        termination_date=row.termination_date,
        weekly_availability=weekly,
    )


def employee_from_domain(employee: Employee, row: EmployeeRow) -> EmployeeRow:
    """Fill ``row`` (new or loaded) from ``employee``, weekly availability included."""
    row.code = employee.id
    row.name = employee.name
    row.role = employee.role.value
    row.active = employee.active
    row.termination_date = employee.termination_date
    if employee.weekly_availability is None:
        row.weekly = []
        return row
    have = {w.weekday: w for w in row.weekly}
    for day in WEEKDAYS:
        available = getattr(employee.weekly_availability, day)
        if day in have:
            have[day].available = available
        else:
            row.weekly.append(WeeklyAvailabilityRow(weekday=day, available=available))
    return row


def event_to_domain(row: EventRow) -> Event:
    return Event(
        id=row.code,
        name=row.name,
        type=row.type,
        start=row.start,
        due=row.due,
        condition=row.condition,
        product=row.product,
        pairs_with=row.pairs_with,
        duration_min=row.duration_min,
    )


def event_from_domain(event: Event, row: EventRow) -> EventRow:
    row.code = event.id
    row.name = event.name
    row.type = event.type.value if event.type is not None else None
    row.start = event.start
    row.due = event.due
    row.condition = event.condition
    row.product = event.product
    row.pairs_with = event.pairs_with
    row.duration_min = event.duration_min
    return row


def existing_to_domain(row: ScheduleRow) -> ExistingAssignment:
    return ExistingAssignment(
        event=row.event.code,
        employee=row.employee.code,
        start=row.start,
        block=row.block,
        locked=row.locked,
    )


def existing_from_domain(
    assignment: ExistingAssignment, store: str, event_id: int, employee_id: int
) -> ScheduleRow:
    return ScheduleRow(
        store_id=store,
        event_id=event_id,
        employee_id=employee_id,
        start=assignment.start,
        block=assignment.block,
        locked=assignment.locked,
        run_id=None,
    )
