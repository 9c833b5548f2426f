"""The unary hard rules: what forbids one (event, employee, day) on its own.

H01-H08 and H18 depend on nothing else in the schedule. Candidate generation
(:mod:`solver.index`), the explanations (:mod:`solver.explain`) and the
candidate ranking of the service (``api.services.candidates``) all ask these
functions, so the variables the model has, the blocks an explanation lists and
the employees a ranking rules out cannot drift apart.
"""

from __future__ import annotations

from datetime import date, datetime

from domain.facts import Facts
from domain.rules import START_DATE_ONLY

# --- one function per unary rule: True when the rule forbids the choice ---------


def h01_holiday(facts: Facts, day: date) -> bool:
    """H01: ``day`` is a company holiday."""
    return day in facts.holidays


def h02_time_off(facts: Facts, employee: str, day: date) -> bool:
    """H02: ``day`` lies in one of the employee's time-off ranges."""
    return facts.on_time_off(employee, day)


def h03_unavailable(facts: Facts, employee: str, day: date) -> bool:
    """H03: the weekly pattern or a date override says the employee does not work."""
    return not facts.available(employee, day)


def h04_role_not_eligible(facts: Facts, employee: str, event: str) -> bool:
    """H04: the employee's role is not eligible for the event's type."""
    return not facts.role_eligible(employee, event)


def h05_not_employed(facts: Facts, employee: str, day: date) -> bool:
    """H05: inactive, or terminated on or before ``day``."""
    return not facts.employed(employee, day)


def h06_inactive(facts: Facts, event: str) -> bool:
    """H06 (its unary half): the event's condition is inactive."""
    return not facts.is_active(event)


def h07_outside_window(facts: Facts, event: str, day: date, *, new: bool = True) -> bool:
    """H07: ``day`` is not the start date of a dated type, or (``new``) before
    ``today + buffer_days`` or outside the horizon, or has no allowed start time
    inside the window."""
    ev = facts.events[event]
    dated = facts.types[event] in START_DATE_ONLY and day != ev.start.date()
    opened = facts.first_new_day <= day <= facts.problem.horizon.end
    # A day of the window where no allowed start time falls before the due time is
    # the window cutting it (H07), not a start-time rule: H08 judges one start.
    return dated or (new and not opened) or not h08_allowed_starts(facts, event, day)


def h08_allowed_starts(facts: Facts, event: str, day: date) -> list[datetime]:
    """H08: the allowed start times of ``event`` on ``day`` inside its window (H07)."""
    starts = (datetime.combine(day, t) for t in facts.start_times(event))
    return [s for s in starts if facts.in_window(event, s)]


def h18_locked_day(facts: Facts, day: date, *, new: bool = True) -> bool:
    """H18: a new assignment on a locked day."""
    return new and day in facts.locked_days


#: Kept for the callers that ask for a day's start times by their old name.
starts_on = h08_allowed_starts


# --- the rules that keep an employee or an event off a day ------------------------


def employee_day_rules(
    facts: Facts, employee: str, day: date, *, new: bool = True, first: bool = False
) -> list[str]:
    """Rules that keep ``employee`` off any work on ``day``: H01, H02, H03, H05, H18.

    ``new=False`` judges an existing assignment kept as it is (a locked day,
    H18, does not forbid it). ``first=True`` stops at the first rule found.
    """
    out: list[str] = []
    checks = (
        ("H01", lambda: h01_holiday(facts, day)),
        ("H02", lambda: h02_time_off(facts, employee, day)),
        ("H03", lambda: h03_unavailable(facts, employee, day)),
        ("H05", lambda: h05_not_employed(facts, employee, day)),
        ("H18", lambda: h18_locked_day(facts, day, new=new)),
    )
    for rule, broken in checks:
        if broken():
            out.append(rule)
            if first:
                break
    return out


def event_day_rules(facts: Facts, event: str, day: date, *, new: bool = True) -> list[str]:
    """Rules that keep ``event`` off ``day`` whoever does it: H06 (inactive), H01 and
    H18 (the day itself closed), H07 (no allowed start time inside the window that
    day, or, for a ``new`` one, before ``today + buffer_days`` or outside the horizon).
    """
    out: list[str] = []
    if h06_inactive(facts, event):
        out.append("H06")
    if h01_holiday(facts, day):
        out.append("H01")
    if h18_locked_day(facts, day, new=new):
        out.append("H18")
    if h07_outside_window(facts, event, day, new=new):
        out.append("H07")
    return out


def unary_rules(
    facts: Facts, event: str, employee: str, day: date, *, new: bool = True, first: bool = False
) -> list[str]:
    """Every unary rule (H01-H08, H18) that forbids ``employee`` doing ``event`` on ``day``,
    in rule order; empty when the pair passes them all.

    Parameters
    ----------
    new
        A new assignment (default): the buffer, the horizon and locked days apply.
        ``False`` judges an existing assignment kept as it is (H07, H18 exempt).
    first
        Stop at the first rule found (candidate generation only needs a yes/no).
    """
    out: list[str] = []
    if h04_role_not_eligible(facts, employee, event):
        out.append("H04")
        if first:
            return out
    out += event_day_rules(facts, event, day, new=new)
    if first and out:
        return out[:1]
    out += employee_day_rules(facts, employee, day, new=new, first=first)
    return sorted(set(out), key=lambda r: int(r[1:]))


__all__ = [
    "employee_day_rules",
    "event_day_rules",
    "h01_holiday",
    "h02_time_off",
    "h03_unavailable",
    "h04_role_not_eligible",
    "h05_not_employed",
    "h06_inactive",
    "h07_outside_window",
    "h08_allowed_starts",
    "h18_locked_day",
    "starts_on",
    "unary_rules",
]
