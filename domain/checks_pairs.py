"""Hard rules H14-H17 (RULES.md §3): pairs and companions, one function per rule id.

Split from :mod:`domain.checks_hard` (which lists every hard check in
``HARD_CHECKS``); readings follow docs/rules-notes.md.
"""

from __future__ import annotations

from domain.judging import Judging, day_label
from domain.rules import NEEDS_BASE_SHIFT, SHIFT_TYPES, EventType, Role

T = EventType


def _pair_rule(j: Judging, rule: str, child_type: EventType, same_employee: bool) -> None:
    parent_word = "Core" if child_type is T.SUPERVISOR else "Juicer Production"
    for child, parent in j.facts.pair_of.items():
        if j.facts.types[child] is not child_type or not j.facts.is_active(child):
            continue
        kids = j.view.by_event.get(child, [])
        if parent is None or not j.facts.is_active(parent):
            for it in kids:
                why = "has no" if parent is None else f"belongs to an inactive {parent_word},"
                j.add(
                    rule,
                    [child],
                    it.employee,
                    it.day,
                    f"{j.what(child)} {why} {parent_word} {parent or ''}".rstrip()
                    + f" and must not be scheduled, but {j.who(it.employee)} has it on"
                    f" {day_label(it.day)}.",
                )
            continue
        parents = j.view.by_event.get(parent, [])
        if kids and not parents:
            it = kids[0]
            j.add(
                rule,
                [child, parent],
                it.employee,
                it.day,
                f"{j.what(child)} is scheduled on {day_label(it.day)} for"
                f" {j.who(it.employee)} but its {j.what(parent)} is not scheduled.",
            )
        elif parents and not kids:
            it = parents[0]
            j.add(
                rule,
                [parent, child],
                it.employee,
                it.day,
                f"{j.what(parent)} is scheduled on {day_label(it.day)} for"
                f" {j.who(it.employee)} but its {j.what(child)} is not; they go together.",
            )
        elif kids and parents:
            p, k = parents[0], kids[0]
            if k.day != p.day:
                j.add(
                    rule,
                    [child, parent],
                    k.employee,
                    k.day,
                    f"{j.what(child)} is on {day_label(k.day)} but its {j.what(parent)}"
                    f" is on {day_label(p.day)}; they must be on the same day.",
                )
            if same_employee and k.employee != p.employee:
                j.add(
                    rule,
                    [child, parent],
                    k.employee,
                    k.day,
                    f"{j.what(child)} is done by {j.who(k.employee)} but its"
                    f" {j.what(parent)} by {j.who(p.employee)}; the same person does both.",
                )


def h14_supervisor_with_core(j: Judging) -> None:
    _pair_rule(j, "H14", T.SUPERVISOR, same_employee=False)


def h15_survey_with_production(j: Judging) -> None:
    _pair_rule(j, "H15", T.JUICER_SURVEY, same_employee=True)


def h16_deep_clean(j: Judging) -> None:
    for day, items in j.view.by_day.items():
        productions = [it for it in items if it.type is T.JUICER_PRODUCTION]
        if not productions:
            continue
        for it in items:
            if it.type is T.JUICER_DEEP_CLEAN:
                j.add(
                    "H16",
                    [it.event] + [p.event for p in productions],
                    it.employee,
                    day,
                    f"{j.what(it.event)} is scheduled on {day_label(day)}, a day with"
                    f" {j.whats(productions)}; no Deep Clean on a Production day.",
                )


def h17_base_shift(j: Judging) -> None:
    for (emp, day), items in j.view.by_employee_day.items():
        if j.facts.employees[emp].role is Role.SUPERVISOR:
            continue
        extras = [it for it in items if it.type in NEEDS_BASE_SHIFT]
        if extras and not any(it.type in SHIFT_TYPES for it in items):
            j.add(
                "H17",
                [it.event for it in extras],
                emp,
                day,
                f"{j.who(emp)} has {j.whats(extras)} on {day_label(day)} but no Core or"
                " Juicer Production that day; only supervisors may do these without a shift.",
            )
