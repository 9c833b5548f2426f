"""The review table a scheduler reads before approving: one row per day.

Per day: the Core blocks (block, employee, demo), the support events (time,
type, employee) and the events left unscheduled that are due that day (or,
when due after the horizon, listed on its last day), each with its reason.
Given a run's pending lines, each entry starts with its line id (``#12``), the
id ``schedsolve approve RUN --row 12`` takes, and says when it was decided.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table

from domain.facts import Facts
from domain.models import Problem, Proposal
from domain.rules import EventType
from domain.runs import PendingSchedule


def _short(name: str, width: int = 22) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def review_table(
    problem: Problem,
    proposal: Proposal,
    facts: Facts | None = None,
    lines: Mapping[str, PendingSchedule] | None = None,
) -> DayTable:
    """A rich table of the proposal, one row per horizon day.

    Parameters
    ----------
    problem, proposal
        The store's horizon and what the solve proposes for it.
    facts
        ``Facts(problem)``, when the caller has it already.
    lines
        The run's pending lines by event code: each entry then shows its line
        id and, once approved or rejected, that status.
    """
    f = facts or Facts(problem)
    lines = lines or {}

    def tagged(event: str, text: str, change: str | None = None) -> tuple[str, str]:
        line = lines.get(event)
        status = line.status if line else None
        marks = [m for m in (change, status) if m not in (None, "new", "proposed")]
        tail = f" ({', '.join(marks)})" if marks else ""
        return ("" if line is None else f"#{line.id}", text + tail)

    cores: dict[date, list[tuple[str, str]]] = defaultdict(list)
    support: dict[date, list[tuple[str, str]]] = defaultdict(list)
    for a in sorted(proposal.assignments, key=lambda a: (a.start, a.block or 0, a.event)):
        day = a.start.date()
        emp = f.employees.get(a.employee)
        who = (emp.name or emp.id) if emp else a.employee
        event = f.events.get(a.event)
        label = _short(event.product or event.name) if event else a.event
        if f.types.get(a.event) is EventType.CORE:
            cores[day].append(tagged(a.event, f"{a.block}: {who} · {label}", a.change))
        else:
            kind = f.types[a.event].value if a.event in f.types else "?"
            support[day].append(tagged(a.event, f"{a.start:%H:%M} {kind}: {who}", a.change))
    left: dict[date, list[tuple[str, str]]] = defaultdict(list)
    last = problem.horizon.end
    for u in proposal.unscheduled:
        if u.reason == "inactive" or u.event not in f.events:
            continue
        due = min(f.events[u.event].due.date(), last)
        text = f"{f.types[u.event].value} {u.event}: {u.reason}"
        left[max(due, problem.horizon.start)].append(tagged(u.event, text))

    columns = {
        "Core blocks": {d: _entries(x) for d, x in cores.items()},
        # Supervisor checks come in bunches at 12:00: one entry per bunch.
        "support events": {d: _entries(x, bunch=True) for d, x in support.items()},
        "unscheduled (reason)": {d: _entries(x) for d, x in left.items()},
    }
    days = [
        (f"{day:%a %Y-%m-%d}", ["\n".join(c.get(day, [])) or "-" for c in columns.values()])
        for day in f.horizon_days
    ]
    return DayTable(f"Proposal for store {problem.store}", list(columns), days)


def _entries(items: list[tuple[str, str]], bunch: bool = False) -> list[str]:
    """``#id text`` per item; with ``bunch``, equal texts once with all their ids (or ``×n``)."""
    if not bunch:
        return [f"{tag} {text}" if tag else text for tag, text in items]
    groups: dict[str, list[str]] = {}
    for tag, text in items:
        groups.setdefault(text, []).append(tag)
    out = []
    for text, tags in groups.items():
        if ids := " ".join(t for t in tags if t):
            out.append(f"{ids} {text}")
        else:
            out.append(text if len(tags) == 1 else f"{text} ×{len(tags)}")
    return out


class DayTable:
    """The per-day table, its columns sized to the console when it is printed.

    Rich shares a short width evenly and cuts what does not fit, a long word
    (``no_available_employee``) or a date. Here the day stays whole, every
    column gets at least its longest word, and what is left goes evenly to the
    columns whose text still wraps (:func:`column_widths`).
    """

    def __init__(self, title: str, headers: list[str], days: list[tuple[str, list[str]]]):
        self.title, self.headers, self.days = title, headers, days

    def table(self, width: int) -> Table:
        """The table on ``width`` columns."""
        columns = [[texts[i] for _, texts in self.days] for i in range(len(self.headers))]
        # A header may wrap at its spaces: it asks for its longest word, never its length.
        least = [
            _longest([*h.split(), *(w for t in c for w in t.split())])
            for h, c in zip(self.headers, columns, strict=True)
        ]
        most = [
            max(low, _longest([x for t in c for x in t.splitlines()]))
            for low, c in zip(least, columns, strict=True)
        ]
        day = _longest(["day", *(d for d, _ in self.days)])
        # Heavy box: a rule left of each column and one at the end, a space either side.
        room = width - day - 3 * (len(self.headers) + 1) - 1
        table = Table(title=self.title, show_lines=True)
        table.add_column("day", width=day, no_wrap=True)
        widths = column_widths(room, least, most)
        for header, w in zip(self.headers, widths, strict=True):
            table.add_column(header, width=w)
        for day_label, texts in self.days:
            table.add_row(day_label, *texts)
        return table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)


def column_widths(room: int, least: list[int], most: list[int]) -> list[int]:
    """Widths summing to at most ``room`` (unless ``least`` alone is more).

    Each column gets its ``least`` (its longest word), then the spare width is
    shared evenly among the columns still below their ``most`` (longest line).
    """
    widths = list(least)
    spare = room - sum(widths)
    while spare > 0 and (wrapping := [i for i, w in enumerate(widths) if w < most[i]]):
        share = max(1, spare // len(wrapping))
        for i in wrapping:
            grow = min(share, most[i] - widths[i], spare)
            widths[i] += grow
            spare -= grow
    return widths


def _longest(texts: list[str]) -> int:
    return max(map(cell_len, texts), default=1)
