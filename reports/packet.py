"""Daily packet: the daily schedule, then one sheet per Core, merged into one PDF with pypdf.

A Core sheet is what the demo employee carries through the day: the event,
the product, the employee, the block, the arrival time, the planned hours,
the Supervisor check, and lines to sign. Pages are numbered across the whole
packet.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from domain.facts import Facts
from domain.models import Assignment, Finding, Problem
from domain.rules import EventType
from reports import names as n
from reports.daily import daily_pdf
from reports.style import HEADING, INK, RULE, TITLE, Clock, Meta, build, grid, style, text


def _sheet(facts: Facts, a: Assignment, arrives: dt.datetime, checks: list[Assignment]) -> list:
    ev = facts.events.get(a.event)
    lunch = facts.settings.lunch(EventType.CORE)
    check = "; ".join(f"{n.hhmm(c.start)} by {n.employee(facts, c.employee)}" for c in checks)
    rows = [
        ["Event", n.event(facts, a.event)],
        ["Event id", a.event],
        ["Product", (ev.product if ev and ev.product else "-")],
        ["Employee", n.employee(facts, a.employee)],
        ["Date", f"{a.start:%A %Y-%m-%d}"],
        ["Block", str(a.block or "-")],
        ["Arrival time", n.hhmm(arrives)],
        ["Planned", f"{n.hhmm(a.start)} to {n.hhmm(a.end)} ({lunch} min unpaid lunch)"],
        ["Supervisor check", check or "-"],
    ]
    story: list = [
        Paragraph(text(f"Core sheet: {n.event(facts, a.event)}"), TITLE),
        grid(
            rows,
            [130, 410],
            size=11,
            header=False,
            extra=[("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold")],
        ),
        Spacer(1, 18),
        Paragraph("Actual times", HEADING),
    ]
    line = style(10)
    blanks = [["Arrived", "", "Lunch from", "", "to", "", "Left", ""]]
    t = Table(blanks, colWidths=[50, 70, 60, 60, 22, 60, 35, 70], rowHeights=[26], hAlign="LEFT")
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 10),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                *[("LINEBELOW", (i, 0), (i, 0), 0.8, RULE) for i in (1, 3, 5, 7)],
            ]
        )
    )
    story += [t, Spacer(1, 16), Paragraph("Notes", HEADING)]
    notes = Table([[""]] * 4, colWidths=[540], rowHeights=[24] * 4)
    notes.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.6, RULE)]))
    story += [notes, Spacer(1, 30)]
    sign = Table(
        [
            ["", "", ""],
            [Paragraph("Employee signature", line), "", Paragraph("Date", line)],
            ["", "", ""],
            [Paragraph("Supervisor signature", line), "", Paragraph("Date", line)],
        ],
        colWidths=[330, 40, 170],
        hAlign="LEFT",
        rowHeights=[34, 16, 34, 16],
    )
    sign.setStyle(
        TableStyle(
            [("LINEABOVE", (0, r), (0, r), 0.8, INK) for r in (1, 3)]
            + [("LINEABOVE", (2, r), (2, r), 0.8, INK) for r in (1, 3)]
        )
    )
    story.append(sign)
    return story


def core_sheets_pdf(
    problem: Problem,
    assignments: Sequence[Assignment],
    day: dt.date,
    *,
    run_id: int | None = None,
    store_name: str = "",
    clock: Clock | None = None,
    page_offset: int = 0,
) -> bytes:
    """One portrait sheet per Core of ``day``, in block order (empty bytes when there is none)."""
    facts = Facts(problem)
    items = [a for a in sorted(assignments, key=n.sort_key) if a.start.date() == day]
    arrives: dict[str, dt.datetime] = {}
    for a in items:
        arrives.setdefault(a.employee, a.start)
    cores = sorted(
        (a for a in items if facts.types.get(a.event) is EventType.CORE),
        key=lambda a: (a.block or 0, a.start),
    )
    if not cores:
        return b""
    story: list = []
    for a in cores:
        checks = [x for x in items if facts.pair_of.get(x.event) == a.event]
        if story:
            story.append(PageBreak())
        story += _sheet(facts, a, arrives[a.employee], checks)
    meta = Meta("Core sheet", problem.store, f"{day:%A %Y-%m-%d}", run_id, store_name)
    return build(story, meta, clock=clock, page_offset=page_offset)


def packet_pdf(
    problem: Problem,
    assignments: Sequence[Assignment],
    day: dt.date,
    *,
    findings: Sequence[Finding] = (),
    run_id: int | None = None,
    store_name: str = "",
    clock: Clock | None = None,
) -> bytes:
    """The daily packet of ``day``: :func:`~reports.daily.daily_pdf` then the Core sheets."""
    facts = Facts(problem)
    n_cores = sum(
        1
        for a in assignments
        if a.start.date() == day and facts.types.get(a.event) is EventType.CORE
    )
    kw = {"run_id": run_id, "store_name": store_name, "clock": clock}
    daily = daily_pdf(problem, assignments, day, findings=findings, pages_after=n_cores, **kw)
    daily_pages = len(PdfReader(io.BytesIO(daily)).pages)
    sheets = core_sheets_pdf(problem, assignments, day, page_offset=daily_pages, **kw)
    writer = PdfWriter()
    for part in (daily, sheets):
        if part:
            writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata(
        {"/Title": f"Daily packet - store {problem.store} - {day}", "/Producer": "schedsolve"}
    )
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
