"""Hard rules H01-H20 (RULES.md §3), one small function per rule id (H14-H17 in
:mod:`domain.checks_pairs`).

Each check reads a :class:`~domain.judging.Judging` and adds critical findings
to it, worded for a store scheduler. Readings follow docs/rules-notes.md.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from domain.checks_pairs import (
    h14_supervisor_with_core,
    h15_survey_with_production,
    h16_deep_clean,
    h17_base_shift,
)
from domain.judging import Judging, clock, day_label, plural
from domain.rules import (
    ELIGIBLE_ROLES,
    INSIDE_BASE_SHIFT,
    OVERLAP_ANYTHING,
    SHIFT_TYPES,
    START_DATE_ONLY,
    EventType,
    may_overlap,
)
from domain.schedule import existing_key, freeze_line, frozen_existing

T = EventType


def _stamp(moment: datetime) -> str:
    return f"{day_label(moment.date())} {clock(moment)}"


def h01_holiday(j: Judging) -> None:
    names = {h.date: h.name for h in j.problem.holidays}
    for it in j.view.items:
        if it.day in names:
            why = f" ({names[it.day]})" if names[it.day] else ""
            j.add(
                "H01",
                [it.event],
                it.employee,
                it.day,
                f"{j.who(it.employee)} has {j.what(it.event)} on {day_label(it.day)},"
                f" a company holiday{why}; nothing may be scheduled that day.",
            )


def h02_time_off(j: Judging) -> None:
    for it in j.view.items:
        if j.facts.on_time_off(it.employee, it.day):
            j.add(
                "H02",
                [it.event],
                it.employee,
                it.day,
                f"{j.who(it.employee)} has {j.what(it.event)} on {day_label(it.day)}"
                " but is on time off that day.",
            )


def h03_availability(j: Judging) -> None:
    overridden = {(o.employee, o.date) for o in j.problem.availability_overrides}
    for it in j.view.items:
        if not j.facts.available(it.employee, it.day):
            why = (
                "a date override marks them unavailable"
                if (it.employee, it.day) in overridden
                else f"they do not work on {day_label(it.day)[:3]}s"
            )
            j.add(
                "H03",
                [it.event],
                it.employee,
                it.day,
                f"{j.who(it.employee)} has {j.what(it.event)} on {day_label(it.day)}"
                f" but is not available that day ({why}).",
            )


def h04_role(j: Judging) -> None:
    for it in j.view.items:
        role = j.facts.employees[it.employee].role
        allowed = ELIGIBLE_ROLES[it.type]
        if role not in allowed:
            roles = " or ".join(sorted(r.value for r in allowed))
            j.add(
                "H04",
                [it.event],
                it.employee,
                it.day,
                f"{j.who(it.employee)} is a {role.value} and cannot do {j.what(it.event)}"
                f" on {day_label(it.day)}; it needs a {roles}.",
            )


def h05_employed(j: Judging) -> None:
    for it in j.view.items:
        if j.facts.employed(it.employee, it.day):
            continue
        emp = j.facts.employees[it.employee]
        why = (
            "is not an active employee"
            if not emp.active
            else f"is terminated as of {day_label(emp.termination_date)}"
        )
        j.add(
            "H05",
            [it.event],
            it.employee,
            it.day,
            f"{j.who(it.employee)} has {j.what(it.event)} on {day_label(it.day)} but {why}.",
        )


def h06_event_active_once(j: Judging) -> None:
    for event_id, items in j.view.by_event.items():
        if not j.facts.is_active(event_id):
            cond = j.facts.events[event_id].condition
            for it in items:
                j.add(
                    "H06",
                    [event_id],
                    it.employee,
                    it.day,
                    f"{j.what(event_id)} is {cond} and must not be scheduled, but"
                    f" {j.who(it.employee)} has it on {day_label(it.day)}.",
                )
        if len(items) > 1:
            whom = "; ".join(f"{j.who(it.employee)} on {day_label(it.day)}" for it in items)
            j.add(
                "H06",
                [event_id],
                None,
                min(it.day for it in items),
                f"{j.what(event_id)} is assigned {len(items)} times ({whom});"
                " an event has at most one assignment.",
            )


def h07_window(j: Judging) -> None:
    first_new = freeze_line(j.problem)
    hz = j.problem.horizon
    for it in j.view.items:
        ev = j.facts.events[it.event]
        why: list[str] = []
        if it.start < ev.start:
            why.append(f"before the event's window opens ({_stamp(ev.start)})")
        if it.start >= ev.due:
            why.append(f"at or after the event's due time ({_stamp(ev.due)})")
        if it.type in START_DATE_ONLY and it.day != ev.start.date():
            why.append(
                f"not on the event's start date ({day_label(ev.start.date())}),"
                " the only day it may be done"
            )
        if j.is_new(it):
            if it.day < first_new:
                why.append(
                    f"a new assignment before {day_label(first_new)} (today plus"
                    f" {plural(j.problem.settings.buffer_days, 'day')} of buffer)"
                )
            if not hz.start <= it.day <= hz.end:
                why.append(
                    f"a new assignment outside the horizon ({hz.start.isoformat()}"
                    f" to {hz.end.isoformat()})"
                )
        if why:
            j.add(
                "H07",
                [it.event],
                it.employee,
                it.day,
                f"{j.what(it.event)} for {j.who(it.employee)} starts {_stamp(it.start)}, "
                + "; ".join(why)
                + ".",
            )


def h08_start_time(j: Judging) -> None:
    starts = j.facts.block_start
    for it in j.view.items:
        if it.type is T.CORE:
            if it.block is None:
                why = "has no shift block"
            elif it.block not in starts:
                why = f"is in block {it.block}, which this store does not have"
            elif starts[it.block] != it.time:
                why = (
                    f"is in block {it.block}, which starts at"
                    f" {starts[it.block].strftime('%H:%M')}, but starts at {clock(it.start)}"
                )
            else:
                continue
        else:
            allowed = j.facts.start_times(it.event)
            if it.time in allowed:
                continue
            why = f"starts at {clock(it.start)}; allowed start times are " + ", ".join(
                t.strftime("%H:%M") for t in allowed
            )
        j.add(
            "H08",
            [it.event],
            it.employee,
            it.day,
            f"{j.what(it.event)} for {j.who(it.employee)} on {day_label(it.day)} {why}.",
        )


def h09_shifts_per_day(j: Judging) -> None:
    limit = j.problem.settings.max_shifts_per_day
    for (emp, day), items in j.view.by_employee_day.items():
        shifts = sorted((it for it in items if it.type in SHIFT_TYPES), key=lambda it: it.start)
        if len(shifts) > limit:
            j.add(
                "H09",
                [it.event for it in shifts],
                emp,
                day,
                f"{j.who(emp)} has {plural(len(shifts), 'shift')} on {day_label(day)}"
                f" ({j.whats(shifts)}); at most {limit} is allowed.",
            )


def _weekly_count(j: Judging, rule: str, etype: EventType, limit: int, what: str) -> None:
    for (emp, week), items in j.view.by_employee_week.items():
        chosen = sorted((it for it in items if it.type is etype), key=lambda it: it.start)
        if len(chosen) > limit:
            j.add(
                rule,
                [it.event for it in chosen],
                emp,
                chosen[limit].day,
                f"{j.who(emp)} has {len(chosen)} {what} in the week of"
                f" {day_label(week)}; at most {limit} are allowed.",
            )


def h10_core_per_week(j: Judging) -> None:
    _weekly_count(j, "H10", T.CORE, j.problem.settings.max_core_per_week, "Core events")


def h11_production_per_week(j: Judging) -> None:
    _weekly_count(
        j,
        "H11",
        T.JUICER_PRODUCTION,
        j.problem.settings.max_juicer_production_per_week,
        "Juicer Productions",
    )


def h12_overlap(j: Judging) -> None:
    """Every pair of one employee's assignments that overlap and may not (``may_overlap``)."""
    for emp, items in j.view.by_employee.items():
        timed = sorted(
            (it for it in items if it.type not in OVERLAP_ANYTHING),
            key=lambda it: (it.start, it.index),
        )
        running: list = []  # earlier items that may still overlap the next one
        for it in timed:
            running = [x for x in running if x.end > it.start]
            for x in running:
                if may_overlap(x.type, it.type):
                    continue
                task = next((t for t in (x.type, it.type) if t in INSIDE_BASE_SHIFT), None)
                why = f"; a {task} may only overlap the same person's Core or Juicer Production"
                j.add(
                    "H12",
                    [x.event, it.event],
                    emp,
                    it.day,
                    f"{j.who(emp)} has {j.what(x.event)}"
                    f" ({clock(x.start)}-{clock(x.end)}) and {j.what(it.event)}"
                    f" ({clock(it.start)}-{clock(it.end)}) overlapping on {day_label(it.day)}"
                    + (why if task else "")
                    + ".",
                )
            running.append(it)


def h13_block_once(j: Judging) -> None:
    for day, items in j.view.by_day.items():
        blocks: dict[int, list] = {}
        for it in items:
            if it.type is T.CORE and it.block is not None:
                blocks.setdefault(it.block, []).append(it)
        for block, cores in sorted(blocks.items()):
            if len(cores) > 1:
                whom = ", ".join(f"{j.what(it.event)} ({j.who(it.employee)})" for it in cores)
                j.add(
                    "H13",
                    [it.event for it in cores],
                    None,
                    day,
                    f"Block {block} on {day_label(day)} holds {len(cores)} Cores ({whom});"
                    " a block holds one Core per day.",
                )


def h18_locked_days(j: Judging) -> None:
    locked = j.facts.locked_days
    for it in j.view.items:
        if it.day in locked and j.is_new(it):
            j.add(
                "H18",
                [it.event],
                it.employee,
                it.day,
                f"{j.what(it.event)} for {j.who(it.employee)} is a new assignment on"
                f" {day_label(it.day)}, a locked day.",
            )
    if not j.proposal:
        return
    present = {(it.event, it.employee, it.start, it.block) for it in j.view.items}
    for x in j.problem.existing:
        day = x.start.date()
        if day in locked and j.facts.is_active(x.event) and existing_key(x) not in present:
            j.add(
                "H18",
                [x.event],
                x.employee,
                day,
                f"{j.what(x.event)} of {j.who(x.employee)} at {clock(x.start)} on"
                f" {day_label(day)}, a locked day, was changed or removed; it must stay.",
            )


def h19_week_minutes(j: Judging) -> None:
    limit = j.problem.settings.max_week_minutes
    for (emp, week), items in j.view.by_employee_week.items():
        total = sum(j.facts.work_minutes(it.event) for it in items)
        if total > limit:
            counted = sorted(
                (it for it in items if j.facts.work_minutes(it.event)), key=lambda it: it.start
            )
            j.add(
                "H19",
                [it.event for it in counted],
                emp,
                counted[-1].day,
                f"{j.who(emp)} works {total} minutes ({total / 60:g} h) in the week of"
                f" {day_label(week)}; at most {limit} ({limit / 60:g} h) are allowed.",
            )


def h20_frozen(j: Judging) -> None:
    if not j.proposal:
        return
    present = {(it.event, it.employee, it.start, it.block) for it in j.view.items}
    hz = j.problem.horizon
    for x in frozen_existing(j.problem, j.facts):
        if not j.facts.is_active(x.event) or existing_key(x) in present:
            continue
        day = x.start.date()
        if x.locked:
            why = "is locked"
        elif not hz.start <= day <= hz.end:
            why = "lies outside the horizon"
        else:
            why = f"starts before {day_label(freeze_line(j.problem))} (inside the buffer)"
        block = f" (block {x.block})" if x.block is not None else ""
        j.add(
            "H20",
            [x.event],
            x.employee,
            day,
            f"{j.what(x.event)} of {j.who(x.employee)} on {day_label(day)} at"
            f" {clock(x.start)}{block} {why} and must stay exactly as it is,"
            " but it was changed or removed.",
        )


HARD_CHECKS: tuple[Callable[[Judging], None], ...] = (
    h01_holiday,
    h02_time_off,
    h03_availability,
    h04_role,
    h05_employed,
    h06_event_active_once,
    h07_window,
    h08_start_time,
    h09_shifts_per_day,
    h10_core_per_week,
    h11_production_per_week,
    h12_overlap,
    h13_block_once,
    h14_supervisor_with_core,
    h15_survey_with_production,
    h16_deep_clean,
    h17_base_shift,
    h18_locked_days,
    h19_week_minutes,
    h20_frozen,
)
