"""Why an event is left unscheduled: the reason codes of RULES.md §6 with a sentence.

:func:`classify` picks the most specific reason, checked in the order
``inactive`` → ``window_closed`` → ``no_eligible_employee`` →
``no_available_employee`` → ``pair_unscheduled`` → ``capacity``; :func:`dropped`
explains an unlocked existing assignment that a solver removed. Both are pure
functions of the facts (and, optionally, the chosen schedule) so that the greedy
baseline and the CP-SAT solver explain their proposals the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from domain.facts import Facts
from domain.models import ExistingAssignment
from domain.rules import ELIGIBLE_ROLES, PAIRED_TYPES, EventType, Role
from solver.board import Board

T = EventType

_ROLE_ORDER = (Role.SPECIALIST, Role.LEAD, Role.JUICER, Role.SUPERVISOR)

#: What a rule means when it leaves no room for one more assignment.
ROOM_RULE_TEXT: dict[str, str] = {
    "H01": "a company holiday",
    "H02": "time off",
    "H03": "unavailability",
    "H05": "not employed that day",
    "H06": "already scheduled",
    "H07": "outside the window",
    "H08": "no allowed start time",
    "H09": "already on a shift that day",
    "H10": "the weekly Core limit",
    "H11": "the weekly Juicer Production limit",
    "H12": "an overlapping assignment",
    "H13": "every shift block taken",
    "H14": "its Core is on another day",
    "H15": "its Production is with another employee or day",
    "H16": "a Juicer Production or Deep Clean that day",
    "H17": "no Core or Juicer Production that day",
    "H18": "a locked day",
    "H19": "the weekly work-minute limit",
}


#: Rules that say the employee or day is closed, not that the schedule is full.
_NOT_ROOM = frozenset({"H01", "H02", "H03", "H04", "H05", "H07", "H18"})


def _days_text(days: Sequence[date]) -> str:
    if len(days) == 1:
        return f"{days[0].isoformat()}, the event's only day"
    if len(days) == 2:
        return f"{days[0].isoformat()} and {days[1].isoformat()}, the event's only days"
    return f"any of its {len(days)} days ({days[0].isoformat()} to {days[-1].isoformat()})"


def roles_text(event_type: EventType) -> str:
    """``lead or supervisor``: the roles eligible for a type, in a fixed order."""
    roles = [r.value for r in _ROLE_ORDER if r in ELIGIBLE_ROLES[event_type]]
    return roles[0] if len(roles) == 1 else ", ".join(roles[:-1]) + " or " + roles[-1]


def _what(facts: Facts, event_id: str) -> str:
    return f"{facts.types[event_id].value} {event_id}"


def _window_closed(facts: Facts, event_id: str) -> str:
    ev = facts.events[event_id]
    window = f"{ev.start.date().isoformat()} to {ev.due.date().isoformat()}"
    hz = facts.problem.horizon
    days = facts.window_days(event_id)
    if not days:
        return f"No allowed start time falls inside its window ({window})."
    if days[-1] < facts.first_new_day:
        return (
            f"Its window ({window}) ends before {facts.first_new_day.isoformat()}, the first"
            " day open to new assignments (today plus the buffer, inside the horizon)."
        )
    if days[0] > hz.end:
        return f"Its window ({window}) starts after the horizon ends ({hz.end.isoformat()})."
    return (
        f"Its window ({window}) has no day between {facts.first_new_day.isoformat()} (today"
        f" plus the buffer) and the horizon's end {hz.end.isoformat()}."
    )


def _eligible(facts: Facts, event_id: str, days: Sequence[date]) -> list[str]:
    return sorted(
        e
        for e in facts.employees
        if facts.role_eligible(e, event_id) and any(facts.employed(e, d) for d in days)
    )


def _day_fragment(facts: Facts, day: date, employees: Iterable[str]) -> tuple[str, bool]:
    """What keeps everyone off ``day`` and whether the day itself is closed."""
    if day in facts.locked_days:
        return "a locked day", True
    if day in facts.holidays:
        names = [h.name for h in facts.problem.holidays if h.date == day and h.name]
        return "a company holiday" + (f" ({names[0]})" if names else ""), True
    causes = Counter(facts.day_blocker(e, day) for e in employees)
    words = []
    if causes["H02"]:
        words.append("on time off")
    if causes["H03"]:
        words.append("unavailable")
    if causes["H05"]:
        words.append("no longer employed")
    return " or ".join(words) or "unavailable", False


def _no_available(facts: Facts, event_id: str, days: Sequence[date], eligible: list[str]) -> str:
    roles = roles_text(facts.types[event_id])
    parts = [_day_fragment(facts, d, eligible) for d in days]
    if len(days) == 1:
        text, closed = parts[0]
        if closed:
            return f"{days[0].isoformat()}, the event's only day, is {text}."
        return f"Every {roles} is {text} on {_days_text(days)}."
    closed = sum(1 for _, c in parts if c)
    if closed == len(days):
        first, last = days[0].isoformat(), days[-1].isoformat()
        return f"Every allowed day ({first} to {last}) is a locked day or a company holiday."
    tail = f"; {closed} of them locked or a holiday" if closed else ""
    return f"No {roles} is free on {_days_text(days)}: time off or unavailability{tail}."


def _pair_text(facts: Facts, event_id: str) -> str | None:
    """Why a paired event's partner keeps it off the schedule, else ``None``."""
    parent = facts.pair_of.get(event_id)
    kind = "Core" if facts.types[event_id] is T.SUPERVISOR else "Juicer Production"
    if parent is None:
        how = "shares its 6-digit number" if kind == "Core" else "starts on its start date"
        return f"No {kind} {how}, so it has nothing to pair with."
    if not facts.is_active(parent):
        cond = facts.events[parent].condition
        return f"Its {kind} {parent} is {cond.lower()}, so it is not scheduled either."
    return None


def _capacity(
    facts: Facts,
    event_id: str,
    days: Sequence[date],
    schedule: Sequence | Board,
) -> str:
    board = schedule if isinstance(schedule, Board) else Board.of(facts, schedule)
    tally: Counter[str] = Counter()
    blocks = facts.blocks if facts.types[event_id] is T.CORE else [None]
    for day in days:
        for emp in sorted(facts.employees):
            for t in facts.start_times(event_id):
                start = datetime.combine(day, t)
                for b in blocks:
                    if b is not None and b.start_time != t:
                        continue
                    rule = board.check(event_id, emp, start, b.number if b else None)
                    if rule is None:
                        return (
                            f"It could still fit (for example {emp} at"
                            f" {start.strftime('%Y-%m-%d %H:%M')}) but was left out of the"
                            " chosen schedule."
                        )
                    if rule not in _NOT_ROOM:
                        tally[rule] += 1
    if not tally:
        return "Feasible alone, but the chosen schedule leaves no room for it."
    top = [f"{ROOM_RULE_TEXT.get(r, r)} ({r})" for r, _ in tally.most_common(3)]
    return "No room beside the chosen schedule: " + ", ".join(top) + "."


def _child_blocker(facts: Facts, event_id: str) -> str | None:
    """A sentence when an active Supervisor or Survey of this event can never be staffed."""
    for child in sorted(facts.children.get(event_id, [])):
        if not facts.is_active(child):
            continue
        reason, _ = classify(facts, child, {event_id})
        if reason in ("window_closed", "no_eligible_employee", "no_available_employee"):
            rule = "H14" if facts.types[child] is T.SUPERVISOR else "H15"
            return (
                f"Its {_what(facts, child)} cannot be scheduled ({reason.replace('_', ' ')}),"
                f" and {rule} schedules the two together or not at all."
            )
    return None


def classify(
    facts: Facts,
    event_id: str,
    scheduled: set[str],
    schedule: Sequence | Board | None = None,
) -> tuple[str, str]:
    """The reason code and sentence for an event left unscheduled (RULES.md §6).

    Parameters
    ----------
    scheduled
        Ids of the events the proposal schedules (for ``pair_unscheduled``).
    schedule
        Optionally the chosen assignments (anything with event, employee, start
        and block, or a :class:`~solver.board.Board` holding them); with it a
        ``capacity`` sentence names the rules that leave no room.
    """
    etype = facts.types[event_id]
    if not facts.is_active(event_id):
        cond = facts.events[event_id].condition
        return "inactive", f"The event is {cond.lower()}, so it is never scheduled."
    days = facts.new_days(event_id)
    if not days:
        return "window_closed", _window_closed(facts, event_id)
    eligible = _eligible(facts, event_id, days)
    if not eligible:
        return "no_eligible_employee", (
            f"No active {roles_text(etype)} is employed on {_days_text(days)}."
        )
    if not any(
        d not in facts.locked_days and facts.day_blocker(e, d) is None
        for d in days
        for e in eligible
    ):
        return "no_available_employee", _no_available(facts, event_id, days, eligible)
    if etype in PAIRED_TYPES:
        text = _pair_text(facts, event_id)
        if text is None and facts.pair_of[event_id] not in scheduled:
            parent = facts.pair_of[event_id]
            text = f"Its {_what(facts, parent)} is not scheduled, so it cannot be either."
        if text is not None:
            return "pair_unscheduled", text
    blocked_child = _child_blocker(facts, event_id)
    if blocked_child is not None:
        return "capacity", blocked_child
    if schedule is None:
        return "capacity", (
            "Feasible alone, but left out of the chosen schedule: shifts, blocks and weekly"
            " limits leave no room for it."
        )
    return "capacity", _capacity(facts, event_id, days, schedule)


def dropped(
    facts: Facts,
    existing: ExistingAssignment,
    rule: str | None = None,
) -> tuple[str, str, str | None]:
    """Reason, sentence and rule for an unlocked existing assignment a solver removed."""
    where = f"{existing.employee} on {existing.start.strftime('%Y-%m-%d %H:%M')}"
    if rule is None:
        return (
            "dropped",
            (f"Its existing assignment ({where}) was removed to make room for a better schedule."),
            None,
        )
    why = ROOM_RULE_TEXT.get(rule, f"rule {rule}")
    return (
        "dropped",
        (f"Its existing assignment ({where}) was removed: it breaks {rule} ({why})."),
        rule,
    )
