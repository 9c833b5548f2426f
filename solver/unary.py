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


def employee_day_rules(
    facts: Facts, employee: str, day: date, *, new: bool = True, first: bool = False
) -> list[str]:
    """Rules that keep ``employee`` off any work on ``day``: H01, H02, H03, H05, H18.

    ``new=False`` judges an existing assignment kept as it is (a locked day,
    H18, does not forbid it). ``first=True`` stops at the first rule found.
    """
    out: list[str] = []
    checks = (
        ("H01", lambda: day in facts.holidays),
        ("H02", lambda: facts.on_time_off(employee, day)),
        ("H03", lambda: not facts.available(employee, day)),
        ("H05", lambda: not facts.employed(employee, day)),
        ("H18", lambda: new and day in facts.locked_days),
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
    if not facts.is_active(event):
        out.append("H06")
    if day in facts.holidays:
        out.append("H01")
    if new and day in facts.locked_days:
        out.append("H18")
    ev = facts.events[event]
    dated = facts.types[event] in START_DATE_ONLY and day != ev.start.date()
    opened = facts.first_new_day <= day <= facts.problem.horizon.end
    # A day of the window where no allowed start time falls before the due time is
    # the window cutting it (H07), not a start-time rule: H08 judges one start.
    if dated or (new and not opened) or not starts_on(facts, event, day):
        out.append("H07")
    return out


def starts_on(facts: Facts, event: str, day: date) -> list[datetime]:
    """The allowed start times (H08) of ``event`` on ``day`` inside its window (H07)."""
    starts = (datetime.combine(day, t) for t in facts.start_times(event))
    return [s for s in starts if facts.in_window(event, s)]


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
    if not facts.role_eligible(employee, event):
        out.append("H04")
        if first:
            return out
    out += event_day_rules(facts, event, day, new=new)
    if first and out:
        return out[:1]
    out += employee_day_rules(facts, employee, day, new=new, first=first)
    return sorted(set(out), key=lambda r: int(r[1:]))


__all__ = ["employee_day_rules", "event_day_rules", "starts_on", "unary_rules"]
