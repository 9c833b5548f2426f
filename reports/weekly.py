"""Weekly schedule: employees by days, one Sunday-Saturday week at a time, landscape.

Each cell lists the employee's assignments of the day (start time, block for
a Core, the event's full name). Names wrap inside their cell and never clip;
a busy week shrinks the type and runs onto more pages, with the day header
repeated. Days an employee cannot work (holiday, time off, unavailable, not
employed) are shaded and say why; days outside the printed range are greyed.
The last column totals the week's Cores and work minutes (H19's minutes:
duration less unpaid lunch).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Paragraph

from domain.facts import Facts, week_start
from domain.models import Assignment, Problem
from domain.rules import EventType
from reports import names as n
from reports.style import (
    BODY,
    BOLD,
    SHADE,
    STRIPE,
    TITLE,
    Clock,
    Meta,
    body_frame,
    build,
    dates_text,
    fit,
    grid,
    style,
    text,
)

BLOCKER_TEXT = {"H01": "holiday", "H02": "time off", "H03": "unavailable", "H05": "not employed"}


def _cell_style(busiest: int):
    """Smaller type for a week whose fullest cell holds many assignments."""
    if busiest <= 3:
        return style(7, leading=8.2)
    if busiest <= 6:
        return style(6.5, leading=7.5)
    return style(6, leading=6.8)


def _lines(facts: Facts, items: list[Assignment], st, width: float) -> list[str]:
    """One line per Core; support tasks of one type and time share a line ("12:00 A; B")."""
    out: list[str] = []
    groups: dict[tuple, list[str]] = {}
    order: list[tuple] = []
    for a in sorted(items, key=n.sort_key):
        etype = facts.types.get(a.event)
        when = n.hhmm(a.start)
        if etype is EventType.CORE and a.block is not None:
            when += f" B{a.block}"
        key = (when, a.event) if etype is EventType.CORE else (when, etype)
        if key not in groups:
            order.append(key)
            groups[key] = []
        groups[key].append(n.event(facts, a.event))
    for key in order:
        when = key[0]
        used = stringWidth(when + " ", BOLD, st.fontSize)
        names = "; ".join(
            fit(name, st, width, used if i == 0 else 0.0) for i, name in enumerate(groups[key])
        )
        out.append(f"<b>{when}</b> {names}")
    return out


def _week(
    problem: Problem,
    facts: Facts,
    week: dt.date,
    cells: dict[tuple[str, dt.date], list[Assignment]],
    first: dt.date,
    last: dt.date,
    width: float,
) -> list:
    days = [week + dt.timedelta(days=i) for i in range(7)]
    shown = [d for d in days if first <= d <= last]
    people = [
        e
        for e in problem.employees
        if any(cells.get((e.id, d)) for d in days) or any(facts.employed(e.id, d) for d in shown)
    ]
    busiest = max((len(cells.get((e.id, d), ())) for e in people for d in days), default=0)
    st = _cell_style(busiest)
    head = style(7.5, bold=True)
    rows: list[list] = [
        [Paragraph("Employee", head)]
        + [Paragraph(f"{d:%a}<br/>{d:%m-%d}", head) for d in days]
        + [Paragraph("Week", head)]
    ]
    extra: list[tuple] = []
    cores_total = 0
    day_w = (width - 92 - 50) / 7
    for r, e in enumerate(people, start=1):
        row: list = [
            Paragraph(f"<b>{text(e.name or e.id)}</b><br/>{text(e.id)} · {e.role.value}", st)
        ]
        cores = minutes = 0
        for c, d in enumerate(days, start=1):
            items = sorted(cells.get((e.id, d), ()), key=n.sort_key)
            cores += sum(facts.types.get(a.event) is EventType.CORE for a in items)
            minutes += sum(facts.work_minutes(a.event) for a in items if a.event in facts.events)
            lines = _lines(facts, items, st, day_w - 6)
            if not first <= d <= last:
                extra.append(("BACKGROUND", (c, r), (c, r), STRIPE))
            else:
                blocker = facts.day_blocker(e.id, d)
                if blocker is not None:
                    lines.append(f"<i>{BLOCKER_TEXT.get(blocker, blocker)}</i>")
                    extra.append(("BACKGROUND", (c, r), (c, r), SHADE))
            row.append(Paragraph("<br/>".join(lines), st) if lines else "")
        cores_total += cores
        row.append(Paragraph(f"{cores} Core{'s' if cores != 1 else ''}<br/>{minutes:,} min", st))
        rows.append(row)
    t = grid(rows, [92] + [day_w] * 7 + [50], extra=extra)
    if len(rows) > 1:
        t.setStyle([("ROWBACKGROUNDS", (0, 1), (-1, -1), [None])])
    count = sum(len(cells.get((e.id, d), ())) for e in people for d in shown)
    heading = Paragraph(text(f"Week of {dates_text(days[0], days[-1])}"), TITLE)
    summary = Paragraph(
        text(f"{count} assignments, {cores_total} Cores, {len(people)} employees."), BODY
    )
    return [heading, summary, t]


def weekly_pdf(
    problem: Problem,
    assignments: Sequence[Assignment],
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    run_id: int | None = None,
    title: str = "Weekly schedule",
    store_name: str = "",
    clock: Clock | None = None,
) -> bytes:
    """The weekly schedule of ``assignments`` from ``start`` to ``end`` (default: the horizon).

    One section per Sunday-Saturday week meeting the range, each starting on a
    new landscape page.
    """
    facts = Facts(problem)
    first = start or problem.horizon.start
    last = end or problem.horizon.end
    cells: dict[tuple[str, dt.date], list[Assignment]] = {}
    for a in assignments:
        if first <= a.start.date() <= last:
            cells.setdefault((a.employee, a.start.date()), []).append(a)
    width = body_frame(True)[2]
    story: list = []
    week = week_start(first)
    while week <= last:
        if story:
            story.append(PageBreak())
        story += _week(problem, facts, week, cells, first, last, width)
        week += dt.timedelta(days=7)
    meta = Meta(title, problem.store, dates_text(first, last), run_id, store_name)
    return build(story, meta, wide=True, clock=clock)
