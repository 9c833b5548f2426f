"""Soft-rule warnings (docs/rules-notes.md, "Validator warnings"), one function per rule.

S1 and S9 are preferences and never warn. The penalised instances of S5, S6,
S7, S8, S10 and S11 come from :mod:`domain.score`, so that a warning and a
score term always count the same thing.
"""

from __future__ import annotations

from collections.abc import Callable

from domain import score as sc
from domain.judging import Judging, clock, day_label
from domain.rules import PAIRED_TYPES, EventType, Role

T = EventType
S7_WARN_SPREAD = 2


def s2_expiring(j: Judging) -> None:
    # An existing schedule judged on its own has simply not been solved yet:
    # events missing from it are work to do, not a fault of the schedule.
    if not j.proposal:
        return
    hz = j.problem.horizon
    for ev in j.problem.events:
        if j.view.scheduled(ev.id) or not j.facts.is_active(ev.id):
            continue
        due = ev.due.date()
        if not hz.start <= due <= hz.end:
            continue
        if j.facts.types[ev.id] in PAIRED_TYPES:
            parent = j.facts.pair_of.get(ev.id)
            if parent is None or not j.facts.is_active(parent):
                continue
        if not j.facts.new_days(ev.id):
            continue
        j.add(
            "S2",
            [ev.id],
            None,
            due,
            f"{j.what(ev.id)} ({ev.name}) is not scheduled and is due"
            f" {day_label(due)}; it will expire unstaffed.",
        )


def s3_rotation(j: Judging) -> None:
    for it in j.view.items:
        kind = sc.ROTATION_KIND.get(it.type)
        if kind is None:
            continue
        rota = j.facts.rota(kind, it.day)
        if rota.employee is None:
            continue
        title = "juicer" if kind == "juicer" else "primary lead"
        if sc.refresh_beside_setup(j.facts, j.view, it):
            role = j.facts.employees[it.employee].role
            if role is Role.LEAD and it.employee != rota.employee:
                continue
            j.add(
                "S3",
                [it.event],
                it.employee,
                it.day,
                f"{j.what(it.event)} on {day_label(it.day)} is done by"
                f" {j.who(it.employee)}; on a day with a Digital Setup the Refresh should go"
                f" to a lead other than the primary lead ({j.who(rota.employee)}).",
            )
            continue
        if it.employee in (rota.employee, rota.backup):
            continue
        backup = f" or the backup {j.who(rota.backup)}" if rota.backup else ""
        j.add(
            "S3",
            [it.event],
            it.employee,
            it.day,
            f"{j.what(it.event)} on {day_label(it.day)} is done by {j.who(it.employee)},"
            f" not the {title} of the day {j.who(rota.employee)}{backup}.",
        )


def s4_primary_lead_block(j: Judging) -> None:
    for it in j.view.of_type(T.CORE):
        lead = j.facts.rota("primary_lead", it.day).employee
        if it.employee == lead and it.block != 1:
            j.add(
                "S4",
                [it.event],
                it.employee,
                it.day,
                f"{j.who(it.employee)} is the primary lead on {day_label(it.day)} and has"
                f" {j.what(it.event)} in block {it.block}; the primary lead should have"
                " block 1.",
            )


def s5_supervisor_use(j: Judging) -> None:
    for kind, it in sc.s5_instances(j.facts, j.view):
        if kind == "core":
            msg = (
                f"{j.who(it.employee)}, a club supervisor, does {j.what(it.event)} on"
                f" {day_label(it.day)}; Cores should go to the event team."
            )
        else:
            msg = (
                f"{j.what(it.event)} on {day_label(it.day)} goes to the lead"
                f" {j.who(it.employee)} although a club supervisor works that day."
            )
        j.add("S5", [it.event], it.employee, it.day, msg)


def s6_same_product(j: Judging) -> None:
    for day, _, items in sc.s6_instances(j.view):
        product = j.facts.events[items[0].event].product
        j.add(
            "S6",
            [it.event for it in items],
            None,
            day,
            f"{len(items)} events of product {product} are scheduled on {day_label(day)}"
            f" ({j.whats(items)}); one a day is enough.",
        )


def s7_fairness(j: Judging) -> None:
    for week, spread, counts in sc.s7_instances(j.facts, j.view):
        if spread <= S7_WARN_SPREAD:
            continue
        most = max(counts, key=lambda e: (counts[e], e))
        least = min(counts, key=lambda e: (counts[e], e))
        j.add(
            "S7",
            [],
            None,
            week,
            f"Cores are shared unevenly in the week of {day_label(week)}:"
            f" {j.who(most)} has {counts[most]} and {j.who(least)} has {counts[least]}"
            f" (a spread of {spread}).",
        )


def s8_variety(j: Judging) -> None:
    for emp, week, start, days in sc.s8_instances(j.view):
        j.add(
            "S8",
            [],
            emp,
            days[0],
            f"{j.who(emp)} starts a Core at {start.strftime('%H:%M')} on"
            f" {len(days)} days in the week of {day_label(week)}; vary the start times.",
        )


def s10_stability(j: Judging) -> None:
    if not j.proposal:
        return
    for x, moved in sc.s10_instances(j.facts, j.view):
        day = x.start.date()
        was = f"{j.what(x.event)} of {j.who(x.employee)} on {day_label(day)} at {clock(x.start)}"
        if moved is None:
            msg = f"{was} was dropped from the schedule."
        else:
            msg = (
                f"{was} was moved to {j.who(moved.employee)} on {day_label(moved.day)}"
                f" at {clock(moved.start)}."
            )
        j.add("S10", [x.event], x.employee, day, msg)


def s11_overflow(j: Judging) -> None:
    for it in sc.s11_instances(j.facts, j.view):
        j.add(
            "S11",
            [it.event],
            it.employee,
            it.day,
            f"{j.what(it.event)} for {j.who(it.employee)} on {day_label(it.day)} uses"
            f" overflow block {it.block}.",
        )


SOFT_CHECKS: tuple[Callable[[Judging], None], ...] = (
    s2_expiring,
    s3_rotation,
    s4_primary_lead_block,
    s5_supervisor_use,
    s6_same_product,
    s7_fairness,
    s8_variety,
    s10_stability,
    s11_overflow,
)
