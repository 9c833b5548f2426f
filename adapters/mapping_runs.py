"""Scheduler runs, pending schedules and schedule rows <-> domain values.

``*_to_domain(row)`` builds a :mod:`domain.runs` value from a row (codes come
through the row's ``event`` / ``employee`` relationships); ``*_from_domain``
builds or fills a row from a value and the surrogate ids it links to.
"""

from __future__ import annotations

from dataclasses import fields

from adapters.orm import PendingScheduleRow, ScheduleRow, SchedulerRunRow
from domain.models import Explanation
from domain.runs import PendingSchedule, Run, ScheduleEntry

_RUN_FIELDS = [f.name for f in fields(Run) if f.name not in ("id", "store")]


def run_to_domain(row: SchedulerRunRow) -> Run:
    values = {name: getattr(row, name) for name in _RUN_FIELDS}
    return Run(id=row.id, store=row.store_id, **values)


def run_from_domain(run: Run, row: SchedulerRunRow | None = None) -> SchedulerRunRow:
    row = row if row is not None else SchedulerRunRow()
    row.store_id = run.store
    for name in _RUN_FIELDS:
        setattr(row, name, getattr(run, name))
    return row


def pending_to_domain(row: PendingScheduleRow) -> PendingSchedule:
    return PendingSchedule(
        id=row.id,
        run_id=row.run_id,
        event=row.event.code,
        employee=row.employee.code if row.employee is not None else None,
        start=row.start,
        end=row.end,
        block=row.block,
        change=row.change,
        status=row.status,
        unscheduled_reason=row.unscheduled_reason,
        detail=row.detail,
        rule=row.rule,
        explanation=explanation_to_domain(row.explanation),
    )


def explanation_to_domain(data: dict | None) -> Explanation | None:
    return Explanation.model_validate(data) if data is not None else None


def explanation_from_domain(explanation: Explanation | None) -> dict | None:
    """JSON of FORMAT.md's ``explanation`` (``from``, not ``from_``; ISO dates)."""
    if explanation is None:
        return None
    return explanation.model_dump(mode="json", by_alias=True)


def pending_from_domain(
    line: PendingSchedule, run_id: int, event_id: int, employee_id: int | None
) -> PendingScheduleRow:
    return PendingScheduleRow(
        run_id=run_id,
        event_id=event_id,
        employee_id=employee_id,
        start=line.start,
        end=line.end,
        block=line.block,
        change=line.change,
        status=line.status,
        unscheduled_reason=line.unscheduled_reason,
        detail=line.detail,
        rule=line.rule,
        explanation=explanation_from_domain(line.explanation),
    )


def schedule_to_domain(row: ScheduleRow) -> ScheduleEntry:
    return ScheduleEntry(
        id=row.id,
        event=row.event.code,
        employee=row.employee.code,
        start=row.start,
        block=row.block,
        locked=row.locked,
        run_id=row.run_id,
        employee_name=row.employee.name,
        event_name=row.event.name,
    )


def schedule_from_domain(
    entry: ScheduleEntry, store: str, event_id: int, employee_id: int
) -> ScheduleRow:
    return ScheduleRow(
        store_id=store,
        event_id=event_id,
        employee_id=employee_id,
        start=entry.start,
        block=entry.block,
        locked=entry.locked,
        run_id=entry.run_id,
    )


def entry_from_pending(line: PendingSchedule, locked: bool = False) -> ScheduleEntry:
    """The schedule entry an approved assignment line becomes."""
    if line.employee is None or line.start is None or line.run_id is None:
        raise ValueError(f"pending line of event {line.event} is not an assignment of a run")
    return ScheduleEntry(
        event=line.event,
        employee=line.employee,
        start=line.start,
        block=line.block,
        locked=locked,
        run_id=line.run_id,
    )


# --- SQL ---------------------------------------------------------------------------
