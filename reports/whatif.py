"""What-if comparison: the base and its scenarios side by side, with per-rule score differences.

The input is :class:`Comparison`, a plain view of a what-if answer that the
service layer builds (``api.services.reports``); reports never import the
service's models. Assignment differences name employees and events through
the base problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.platypus import Paragraph

from domain.facts import Facts
from domain.models import Problem
from domain.rules import SOFT_RULE_TEXT, SOFT_RULES
from reports import names as n
from reports.style import (
    BODY,
    HEADING,
    SUBHEADING,
    TITLE,
    Clock,
    Meta,
    body_frame,
    build,
    dates_text,
    grid,
    text,
)


@dataclass(frozen=True)
class Solve:
    """One solve of a what-if: the base or a scenario."""

    name: str
    status: str
    objective: float | None
    scheduled: int
    scheduled_by_type: dict[str, int]
    unscheduled_by_reason: dict[str, int]
    score: dict[str, int]
    critical: int = 0


@dataclass(frozen=True)
class Placement:
    event: str
    employee: str
    start: dt.datetime
    block: int | None = None


@dataclass(frozen=True)
class ScenarioColumn:
    """A scenario's solve, what it changes, and how it differs from the base."""

    solve: Solve
    changes: list[str] = field(default_factory=list)
    same_as_base: bool = False
    score_diff: dict[str, int] = field(default_factory=dict)
    objective_diff: float | None = None
    added: list[Placement] = field(default_factory=list)
    removed: list[Placement] = field(default_factory=list)
    changed: list[tuple[Placement, Placement]] = field(default_factory=list)


@dataclass(frozen=True)
class Comparison:
    store: str
    horizon_start: dt.date
    horizon_end: dt.date
    base: Solve
    scenarios: list[ScenarioColumn]
    run_id: int | None = None


def _num(x: float | None, signed: bool = False) -> str:
    if x is None:
        return "-"
    return f"{x:+,.0f}" if signed else f"{x:,.0f}"


def _table(c: Comparison, width: float) -> list:
    cols = [c.base] + [s.solve for s in c.scenarios]
    head = ["", "Base"]
    for s in c.scenarios:
        head += [s.solve.name, "diff"]
    rows: list[list[str]] = [head]

    def add(label: str, base: str, values: Sequence[tuple[str, str]]) -> None:
        rows.append([label, base] + [v for pair in values for v in pair])

    add("Status", c.base.status, [(s.solve.status, "") for s in c.scenarios])
    add(
        "Objective",
        _num(c.base.objective),
        [(_num(s.solve.objective), _num(s.objective_diff, True)) for s in c.scenarios],
    )
    add(
        "Scheduled",
        str(c.base.scheduled),
        [
            (str(s.solve.scheduled), f"{s.solve.scheduled - c.base.scheduled:+d}")
            for s in c.scenarios
        ],
    )
    for etype in sorted({t for x in cols for t in x.scheduled_by_type}):
        b = c.base.scheduled_by_type.get(etype, 0)
        add(
            f"Scheduled: {etype}",
            str(b),
            [
                (str(v := s.solve.scheduled_by_type.get(etype, 0)), f"{v - b:+d}")
                for s in c.scenarios
            ],
        )
    for reason in sorted({r for x in cols for r in x.unscheduled_by_reason}):
        b = c.base.unscheduled_by_reason.get(reason, 0)
        add(
            f"Unscheduled: {n.REASON_TEXT.get(reason, reason)}",
            str(b),
            [
                (str(v := s.solve.unscheduled_by_reason.get(reason, 0)), f"{v - b:+d}")
                for s in c.scenarios
            ],
        )
    add(
        "Critical findings",
        str(c.base.critical),
        [(str(s.solve.critical), "") for s in c.scenarios],
    )
    first_rule = len(rows)
    for rule in SOFT_RULES:
        add(
            f"{rule} {SOFT_RULE_TEXT[rule]}",
            f"{c.base.score.get(rule, 0):,}",
            [
                (f"{s.solve.score.get(rule, 0):,}", f"{s.score_diff.get(rule, 0):+,}")
                for s in c.scenarios
            ],
        )
    label = width * 0.3
    rest = (width - label) / (1 + 2 * len(c.scenarios))
    widths = [label, rest] + [rest * 1.25, rest * 0.75] * len(c.scenarios)
    extra = [
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("LINEABOVE", (0, first_rule), (-1, first_rule), 1.2, "#52606d"),
    ]
    plain = range(1, len(widths))
    return [grid(rows, widths, size=7.5, extra=extra, plain=plain)]


def _line(facts: Facts, p: Placement) -> str:
    return n.slot(facts, p.employee, p.start, p.block)


def _scenario(facts: Facts, s: ScenarioColumn, width: float) -> list:
    out: list = [Paragraph(text(f"Scenario: {s.solve.name}"), HEADING)]
    if s.changes:
        out.append(Paragraph(text("Changes: " + "; ".join(s.changes) + "."), BODY))
    if s.same_as_base:
        out.append(Paragraph("The changed problem equals the base: same answer.", BODY))
        return out
    rows = [["Difference", "Event", "Base", "Scenario"]]
    rows += [["added", n.event(facts, p.event), "-", _line(facts, p)] for p in s.added]
    rows += [["removed", n.event(facts, p.event), _line(facts, p), "-"] for p in s.removed]
    rows += [
        ["changed", n.event(facts, b.event), _line(facts, b), _line(facts, a)] for b, a in s.changed
    ]
    if len(rows) == 1:
        out.append(Paragraph("No assignment differs from the base.", BODY))
    else:
        out.append(Paragraph(text(f"{len(rows) - 1} assignments differ from the base"), SUBHEADING))
        out.append(grid(rows, [width * f for f in (0.1, 0.3, 0.3, 0.3)]))
    return out


def whatif_pdf(problem: Problem, comparison: Comparison, *, clock: Clock | None = None) -> bytes:
    """The what-if comparison: side-by-side table, then each scenario's differences."""
    facts = Facts(problem)
    width = body_frame(True)[2]
    c = comparison
    meta = Meta("What-if comparison", c.store, dates_text(c.horizon_start, c.horizon_end), c.run_id)
    story: list = [
        Paragraph(text(f"What-if: {len(c.scenarios)} scenario(s) against the base"), TITLE),
        *_table(c, width),
    ]
    for s in c.scenarios:
        story += _scenario(facts, s, width)
    return build(story, meta, wide=True, clock=clock)
