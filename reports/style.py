"""The one look every report shares: page, fonts, header, footer, tables.

Every report is built through :func:`build`: a header with the report's
title, the store, the dates it covers and the run id; a footer with
"page x of y" and the time it was printed. That time comes from an injectable
clock (``clock``), never from the body's content, and reportlab runs with
``invariant=1`` (no creation date, fixed document id), so the same input and
the same clock give the same bytes.

Only the base-14 PDF fonts are used (Helvetica): nothing is embedded, and
text extraction gives back exactly the strings drawn.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import landscape, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

Clock = Callable[[], dt.datetime]

MARGIN = 0.5 * inch
HEADER = 0.45 * inch
FOOTER = 0.35 * inch
FONT = "Helvetica"
BOLD = "Helvetica-Bold"
INK = colors.HexColor("#1f2933")
RULE = colors.HexColor("#9aa5b1")
HEAD_BG = colors.HexColor("#d9e2ec")
STRIPE = colors.HexColor("#f5f7fa")
SHADE = colors.HexColor("#e4e7eb")
WARN = colors.HexColor("#fff3c4")
CRIT = colors.HexColor("#ffd6d6")


def utc_clock() -> dt.datetime:
    """The default clock: the current UTC time, to the minute."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, second=0, microsecond=0)


@dataclass(frozen=True)
class Meta:
    """What the header and footer say about a report."""

    title: str
    store: str
    dates: str
    run_id: int | None = None
    store_name: str = ""


def dates_text(first: dt.date, last: dt.date | None = None) -> str:
    """``Sun 2026-05-24 to Sat 2026-05-30`` (one date when ``last`` is the same or None)."""
    if last is None or last == first:
        return f"{first:%a %Y-%m-%d}"
    return f"{first:%a %Y-%m-%d} to {last:%a %Y-%m-%d}"


def style(
    size: float = 8, *, bold: bool = False, leading: float | None = None, **kw
) -> ParagraphStyle:
    """A paragraph style of the report font at ``size`` points."""
    return ParagraphStyle(
        f"s{size}{'b' if bold else ''}",
        fontName=BOLD if bold else FONT,
        fontSize=size,
        leading=leading or size * 1.2,
        textColor=INK,
        **kw,
    )


TITLE = style(13, bold=True, spaceBefore=2, spaceAfter=4)
HEADING = style(10.5, bold=True, spaceBefore=8, spaceAfter=3)
SUBHEADING = style(9, bold=True, spaceBefore=5, spaceAfter=2)
BODY = style(8.5, spaceAfter=2)
SMALL = style(7.5)


def text(value: object) -> str:
    """Paragraph markup for a plain value (escaped: names may hold ``&`` or ``<``)."""
    return escape("" if value is None else str(value))


def para(value: object, st: ParagraphStyle = SMALL) -> Paragraph:
    """A wrapping cell or line of plain text."""
    return Paragraph(text(value), st)


def markup(value: str, st: ParagraphStyle = SMALL) -> Paragraph:
    """A paragraph of markup the caller has escaped already."""
    return Paragraph(value, st)


def fit(value: str, st: ParagraphStyle, width: float, used: float = 0.0) -> str:
    """Escaped markup of ``value`` that wraps at its hyphens when a word is wider than ``width``.

    reportlab breaks lines at spaces only, and cuts a word too long for the
    line anywhere ("Stony-field"). Event names such as
    ``635522-Supervisor-Stonyfield Yogurt`` have long hyphenated words: those
    are cut after a hyphen instead, as a person would. ``used`` is the width
    already taken on the first line (a time before the name).
    """
    out: list[str] = []
    for word in value.split(" "):
        wide = stringWidth(word, st.fontName, st.fontSize) > width
        if not wide or "-" not in word:
            out.append(text(word))
            continue
        chunks: list[str] = []
        budget = max(width - used, 0.0)
        for part in re.findall(r"[^-]+-*|-+", word):
            if chunks and stringWidth(chunks[-1] + part, st.fontName, st.fontSize) <= budget:
                chunks[-1] += part
            else:
                if chunks:
                    budget = width
                chunks.append(part)
        out.append("<br/>".join(text(c) for c in chunks))
        used = 0.0
    return " ".join(out)


def grid(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    size: float = 7.5,
    header: bool = True,
    extra: Iterable[tuple] = (),
    plain: Iterable[int] = (),
) -> Table:
    """A ruled table; string cells become wrapping paragraphs so nothing is clipped.

    The header row repeats on every page the table runs onto. Columns in
    ``plain`` (short figures) stay plain strings, so that ``ALIGN`` applies.
    """
    keep = set(plain)
    st = style(size)
    head = style(size, bold=True)
    cells = [
        [
            c
            if not isinstance(c, str) or (j in keep and not (header and i == 0))
            else Paragraph(text(c), head if header and i == 0 else st)
            for j, c in enumerate(row)
        ]
        for i, row in enumerate(rows)
    ]
    t = Table(cells, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONT", (0, 0), (-1, -1), FONT, size),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, STRIPE]))
    t.setStyle(TableStyle(commands + list(extra)))
    return t


def _decorate(c: Canvas, meta: Meta, printed: str, page: int, total: int) -> None:
    width, height = c._pagesize
    top = height - MARGIN
    c.saveState()
    c.setFillColor(INK)
    c.setFont(BOLD, 11)
    c.drawString(MARGIN, top - 11, meta.title)
    store = f"Store {meta.store}" + (f" ({meta.store_name})" if meta.store_name else "")
    c.setFont(FONT, 9)
    c.drawString(MARGIN, top - 23, f"{store}  |  {meta.dates}")
    if meta.run_id is not None:
        c.setFont(BOLD, 10)
        c.drawRightString(width - MARGIN, top - 11, f"run {meta.run_id}")
    c.setStrokeColor(RULE)
    c.setLineWidth(0.6)
    c.line(MARGIN, top - HEADER + 4, width - MARGIN, top - HEADER + 4)
    c.line(MARGIN, MARGIN + FOOTER - 8, width - MARGIN, MARGIN + FOOTER - 8)
    c.setFont(FONT, 7.5)
    c.drawString(MARGIN, MARGIN + 6, f"schedsolve  |  printed {printed}")
    c.drawRightString(width - MARGIN, MARGIN + 6, f"page {page} of {total}")
    c.restoreState()


def _canvas_class(meta: Meta, printed: str, offset: int, extra: int) -> type[Canvas]:
    """A canvas that holds its pages back until the end, to write "page x of y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = offset + len(self._held) + extra
            for i, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                _decorate(self, meta, printed, offset + i, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def page_size(wide: bool) -> tuple[float, float]:
    """US letter, landscape when ``wide``."""
    return landscape(letter) if wide else letter


def body_frame(wide: bool) -> tuple[float, float, float, float]:
    """x, y, width, height of the area between header and footer."""
    width, height = page_size(wide)
    return (
        MARGIN,
        MARGIN + FOOTER,
        width - 2 * MARGIN,
        height - 2 * MARGIN - HEADER - FOOTER,
    )


def build(
    story: list,
    meta: Meta,
    *,
    wide: bool = False,
    columns: int = 1,
    clock: Clock | None = None,
    page_offset: int = 0,
    pages_after: int = 0,
) -> bytes:
    """Lay out ``story`` on pages with the shared header and footer; the PDF's bytes.

    Parameters
    ----------
    wide
        Landscape US letter instead of portrait.
    columns
        Flow the story through this many side-by-side columns per page.
    clock
        Gives the "printed" time of the footer (default :func:`utc_clock`).
    page_offset, pages_after
        For a part of a merged document: pages before it and after it, so that
        "page x of y" counts the whole document.
    """
    x, y, w, h = body_frame(wide)
    gap = 0.25 * inch
    col = (w - gap * (columns - 1)) / columns
    frames = [
        Frame(
            x + i * (col + gap),
            y,
            col,
            h,
            id=f"c{i}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        for i in range(columns)
    ]
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=page_size(wide),
        invariant=1,
        title=f"{meta.title} - store {meta.store} - {meta.dates}",
        author="schedsolve",
        creator="schedsolve",
        pageTemplates=[PageTemplate(id="page", frames=frames)],
    )
    printed = f"{(clock or utc_clock)():%Y-%m-%d %H:%M} UTC"
    doc.build(story, canvasmaker=_canvas_class(meta, printed, page_offset, pages_after))
    return buf.getvalue()
