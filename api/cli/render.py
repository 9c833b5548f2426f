"""Rich rendering of validator reports for the command line.

Pure presentation: every function takes already computed objects (a validator
``Report``, findings) and returns rich renderables or plain data; nothing here
reads files or decides exit codes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, Protocol

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from domain.models import Finding

#: Width used when stdout is not a terminal (pipes, files, CI logs).
PIPE_WIDTH = 120

#: Wider than any terminal: the width a layout is measured at to learn its natural width.
_UNBOUNDED = 100_000

_SEVERITY_STYLE = {"critical": "bold red", "warning": "yellow"}
_LABEL_STYLE = {"excellent": "bold green", "good": "green", "fair": "yellow"}


class ReportLike(Protocol):
    """What the CLI needs of ``domain.validator.Report``."""

    findings: list[Finding]
    score: dict[str, int]

    @property
    def critical(self) -> int: ...

    @property
    def warnings(self) -> int: ...

    @property
    def health(self) -> int: ...

    @property
    def label(self) -> str: ...

    @property
    def health_days(self) -> Sequence[Any]: ...

    @property
    def worst_day(self) -> Any: ...

    def by_day(self) -> dict[date | None, list[Finding]]: ...


def console(stderr: bool = False) -> Console:
    """A console on the current stdout (or stderr), wide enough when piped."""
    stream = sys.stderr if stderr else sys.stdout
    width = None
    if not stream.isatty() and not os.environ.get("COLUMNS"):
        width = PIPE_WIDTH
    return Console(file=stream, width=width, soft_wrap=False, highlight=False)


class Fitting:
    """The first of some layouts that fits the console's width, the last one otherwise.

    Parameters
    ----------
    *layouts
        Renderables from the widest to the most compact. Each is measured when
        printed (on a terminal, in a pipe, in a ``Live``), so the same table
        reads on one line per row where there is room and stays whole at 80
        columns: rich would otherwise squeeze every column and cut words.
    """

    def __init__(self, *layouts: RenderableType) -> None:
        self.layouts = layouts

    def _pick(self, console: Console, options: ConsoleOptions) -> RenderableType:
        # Measured without limit: rich clamps a measure to the width it is given.
        unbounded = options.update_width(_UNBOUNDED)
        for layout in self.layouts[:-1]:
            if Measurement.get(console, unbounded, layout).maximum <= options.max_width:
                return layout
        return self.layouts[-1]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self._pick(console, options)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._pick(console, options))


def compact_table(title: str) -> Table:
    """A table with no vertical rules and two spaces between columns.

    Borders cost three columns per column; on an 80-column terminal that is
    the room a date or a status needs to stay whole.
    """
    return Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )


def span(start: date, end: date, stacked: bool = False) -> str:
    """A horizon ``start..end``, or its two dates on two lines when room is short."""
    return f"{start}\n{end}" if stacked else f"{start}..{end}"


def _day(value: date | None) -> str:
    return value.isoformat() if value is not None else "-"


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Critical findings first, otherwise in the validator's order (day, rule, ...)."""
    return sorted(findings, key=lambda f: f.severity != "critical")


def findings_table(findings: Sequence[Finding], title: str = "Findings") -> Table:
    """One row per finding: rule, severity, date, employee, events, message."""
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    table.add_column("rule", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("employee", no_wrap=True)
    table.add_column("events", overflow="fold")
    table.add_column("message", ratio=1, overflow="fold")
    for f in sorted_findings(findings):
        table.add_row(
            f.rule,
            Text(f.severity, style=_SEVERITY_STYLE.get(f.severity, "")),
            _day(f.date),
            f.employee or "-",
            ", ".join(f.events) or "-",
            f.message,
        )
    return table


def day_summary_table(by_day: dict[date | None, list[Finding]]) -> Table:
    """Per day: how many critical findings and warnings, and which rules."""
    table = Table(title="Per day", title_justify="left")
    table.add_column("date", no_wrap=True)
    table.add_column("critical", justify="right")
    table.add_column("warnings", justify="right")
    table.add_column("rules", overflow="fold")
    days = sorted(by_day, key=lambda d: (d is None, d or date.min))
    for day in days:
        items = by_day[day]
        if not items:
            continue
        crit = sum(1 for f in items if f.severity == "critical")
        warn = len(items) - crit
        rules = ", ".join(sorted({f.rule for f in items}))
        table.add_row(
            _day(day) if day is not None else "(no day)",
            Text(str(crit), style="bold red" if crit else ""),
            Text(str(warn), style="yellow" if warn else ""),
            rules,
        )
    return table


def health_line(report: ReportLike) -> Text:
    """``Health 99/100 (excellent), mean of 3 days; worst day 2026-03-02 97/100:
    1 critical, 1 warning`` (RULES.md §5: per day, averaged over the days)."""
    text = Text("Health ")
    style = _LABEL_STYLE.get(report.label, "red")
    text.append(f"{report.health}/100 ({report.label})", style=style)
    days, worst = report.health_days, report.worst_day
    if worst is not None:
        text.append(f", mean of {len(days)} day{'' if len(days) == 1 else 's'}; worst day ")
        text.append(
            f"{worst.date.isoformat()} {worst.health}/100",
            style=_LABEL_STYLE.get(worst.label, "red"),
        )
    crit, warn = report.critical, report.warnings
    text.append(f": {crit} critical, {warn} warning{'' if warn == 1 else 's'}")
    return text


def print_report(out: Console, report: ReportLike, heading: str) -> None:
    """The human-readable validation report."""
    out.print(Text(heading, style="bold"), soft_wrap=True)  # file names stay whole
    if report.findings:
        out.print(findings_table(report.findings))
        out.print(day_summary_table(report.by_day()))
    else:
        out.print("No findings: every hard rule holds and no soft rule is flagged.")
    out.print(health_line(report))


def report_json(report: ReportLike) -> dict[str, Any]:
    """The machine-readable report printed by ``validate --json``."""
    return {
        "findings": [f.model_dump(mode="json") for f in report.findings],
        "critical": report.critical,
        "warnings": report.warnings,
        "health": report.health,
        "label": report.label,
        "worst_day": report.worst_day.as_json() if report.worst_day is not None else None,
        "health_days": [d.as_json() for d in report.health_days],
        "score": dict(report.score),
    }
