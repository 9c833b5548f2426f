"""Daily schedule: one landscape page for a normal day, in two columns.

Cores per start time and block with who arrives when (the employee's first
start of the day), the Supervisor checks (who checks which Core), the other
support tasks, and the day's findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.platypus import Paragraph

from domain.facts import Facts
from domain.models import Assignment, Finding, Problem
from domain.rules import EventType
from reports import names as n
from reports.style import BODY, HEADING, TITLE, Clock, Meta, body_frame, build, grid, text

T = EventType


def _w(total: float, *parts: float) -> list[float]:
    return [total * p / sum(parts) for p in parts]


def daily_story(
    problem: Problem, assignments: Sequence[Assignment], day: dt.date, findings: Sequence[Finding]
) -> list:
    """The flowables of one day's schedule (shared with the daily packet)."""
    facts = Facts(problem)
    items = [a for a in sorted(assignments, key=n.sort_key) if a.start.date() == day]
    arrives: dict[str, dt.datetime] = {}
    for a in items:
        arrives.setdefault(a.employee, a.start)
    col = (body_frame(True)[2] - 0.25 * 72) / 2
    cores = [a for a in items if facts.types.get(a.event) is T.CORE]
    checks = [a for a in items if facts.types.get(a.event) is T.SUPERVISOR]
    support = [a for a in items if facts.types.get(a.event) not in (T.CORE, T.SUPERVISOR)]
    head = f"{n.day_heading(day)}: {len(cores)} Cores, {len(items) - len(cores)} support tasks"
    story: list = [Paragraph(text(head), TITLE)]
    if day in facts.holidays:
        story.append(Paragraph("Company holiday: no assignment may be made (H01).", BODY))
    story.append(Paragraph("Cores by start time and block", HEADING))
    if cores:
        rows = [["Start", "Block", "Employee", "Arrives", "Event", "Ends"]]
        for a in sorted(cores, key=lambda a: (a.start, a.block or 0)):
            rows.append(
                [
                    n.hhmm(a.start),
                    str(a.block or "-"),
                    n.employee(facts, a.employee),
                    n.hhmm(arrives[a.employee]),
                    n.event(facts, a.event),
                    n.hhmm(a.end),
                ]
            )
        story.append(grid(rows, _w(col, 0.55, 0.62, 1.8, 0.7, 2.8, 0.55), size=7.5))
    else:
        story.append(Paragraph("No Core on this day.", BODY))
    story.append(Paragraph("Supervisor checks", HEADING))
    if checks:
        rows = [["Time", "Supervisor", "Checks Core", "Block"]]
        for a in checks:
            core = facts.pair_of.get(a.event)
            block = next((c.block for c in cores if c.event == core), None)
            rows.append(
                [
                    n.hhmm(a.start),
                    n.employee(facts, a.employee),
                    n.event(facts, core) if core else n.event(facts, a.event),
                    str(block or "-"),
                ]
            )
        story.append(grid(rows, _w(col, 0.55, 1.9, 3.6, 0.5), size=7))
    else:
        story.append(Paragraph("No Supervisor check on this day.", BODY))
    story.append(Paragraph("Support tasks", HEADING))
    if support:
        rows = [["Time", "Type", "Event", "Employee", "Ends"]]
        rows += [
            [
                n.hhmm(a.start),
                n.type_of(facts, a.event),
                n.event(facts, a.event),
                n.employee(facts, a.employee),
                n.hhmm(a.end),
            ]
            for a in support
        ]
        story.append(grid(rows, _w(col, 0.55, 1.2, 2.9, 1.8, 0.55), size=7.5))
    else:
        story.append(Paragraph("No support task on this day.", BODY))
    story.append(Paragraph("Findings of the day", HEADING))
    today = [f for f in findings if f.date == day]
    if today:
        rows = n.finding_rows(facts, today, with_date=False)
        story.append(
            grid(rows, _w(col, 0.5, 0.8, 1.6, 1.8, 3.4), size=7, extra=n.severity_colors(today))
        )
    else:
        story.append(Paragraph("No conflicts: the day keeps every rule.", BODY))
    return story


def daily_pdf(
    problem: Problem,
    assignments: Sequence[Assignment],
    day: dt.date,
    *,
    findings: Sequence[Finding] = (),
    run_id: int | None = None,
    store_name: str = "",
    clock: Clock | None = None,
    pages_after: int = 0,
) -> bytes:
    """The daily schedule of ``day``: one landscape page for a normal day.

    ``findings`` may cover any span: only those dated ``day`` are printed.
    ``pages_after`` counts pages merged after it (the daily packet).
    """
    meta = Meta("Daily schedule", problem.store, f"{day:%A %Y-%m-%d}", run_id, store_name)
    story = daily_story(problem, assignments, day, findings)
    return build(story, meta, wide=True, columns=2, clock=clock, pages_after=pages_after)
