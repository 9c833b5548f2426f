"""Run review: everything a scheduler reads before approving a run, on paper.

A summary of the run; then per horizon day the Core blocks (block, time,
event, employee), the support tasks and the events left unscheduled that day
with their reason sentence; what the run changes in the live schedule (kept,
moved, dropped, and which event displaced which); the findings; the score by
rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.platypus import KeepTogether, Paragraph, Spacer

from domain.facts import Facts
from domain.models import Finding, Problem, Proposal
from domain.rules import SOFT_RULE_TEXT, SOFT_RULES
from domain.runs import Run
from reports import names as n
from reports.changes import live_changes
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


def _fractions(total: float, *parts: float) -> list[float]:
    return [total * p / sum(parts) for p in parts]


def _mark(change: str | None, status: str | None) -> str:
    bits = [change or "new"]
    if status and status != "proposed":
        bits.append(status)
    return ", ".join(bits)


def _summary(problem: Problem, proposal: Proposal, run: Run | None, width: float) -> list:
    counts: dict[str, int] = {}
    for u in proposal.unscheduled:
        counts[u.reason] = counts.get(u.reason, 0) + 1
    rows = [["", ""]]
    if run is not None:
        rows += [
            ["Run", f"{run.id} ({run.kind}), status {run.status}, review {run.review}"],
            ["Solved", f"{run.finished_at:%Y-%m-%d %H:%M} UTC" if run.finished_at else "-"],
        ]
    objective = "-" if proposal.objective is None else f"{proposal.objective:,.0f}"
    bound = "-" if proposal.bound is None else f"{proposal.bound:,.0f}"
    rows += [
        ["Horizon", dates_text(problem.horizon.start, problem.horizon.end)],
        ["Solver", f"{proposal.status}, objective {objective}, bound {bound}"],
        ["Scheduled", str(len(proposal.assignments))],
        [
            "Unscheduled",
            f"{len(proposal.unscheduled)}"
            + (
                " ("
                + ", ".join(f"{n.REASON_TEXT.get(k, k)} {v}" for k, v in sorted(counts.items()))
                + ")"
                if counts
                else ""
            ),
        ],
        [
            "Findings",
            f"{sum(f.severity == 'critical' for f in proposal.findings)} critical, "
            f"{sum(f.severity == 'warning' for f in proposal.findings)} warnings",
        ],
    ]
    for lv in proposal.levels or []:
        state = "proven" if lv.proven else "best found (time ran out)"
        rows.append(
            [
                f"Level {lv.priority}",
                f"{', '.join(lv.types)}: {lv.value:,} of bound {lv.bound:,}, {state}",
            ]
        )
    return [grid(rows[1:], _fractions(width, 1, 5), size=8.5, header=False)]


def _day(
    problem: Problem,
    facts: Facts,
    day,
    assignments,
    unscheduled,
    status: Mapping[str, str],
    width: float,
) -> list:
    out: list = [Paragraph(text(n.day_heading(day)), HEADING)]
    cores = [a for a in assignments if n.is_core(facts, a.event)]
    support = [a for a in assignments if not n.is_core(facts, a.event)]
    if cores:
        rows = [["Block", "Time", "Event", "Employee", "Change"]]
        rows += [
            [
                str(a.block or "-"),
                f"{n.hhmm(a.start)}-{n.hhmm(a.end)}",
                n.event(facts, a.event),
                n.employee(facts, a.employee),
                _mark(a.change, status.get(a.event)),
            ]
            for a in sorted(cores, key=lambda a: (a.block or 0, a.start))
        ]
        out += [
            Paragraph("Core blocks", SUBHEADING),
            grid(rows, _fractions(width, 0.6, 1.1, 4, 2.4, 1.1)),
        ]
    if support:
        rows = [["Time", "Type", "Event", "Employee", "Change"]]
        rows += [
            [
                n.hhmm(a.start),
                n.type_of(facts, a.event),
                n.event(facts, a.event),
                n.employee(facts, a.employee),
                _mark(a.change, status.get(a.event)),
            ]
            for a in support
        ]
        out += [
            Paragraph("Support tasks", SUBHEADING),
            grid(rows, _fractions(width, 0.6, 1.1, 4, 2.4, 1.1)),
        ]
    if unscheduled:
        rows = [["Event", "Type", "Reason", "Why"]]
        rows += [
            [
                n.event(facts, u.event),
                n.type_of(facts, u.event),
                n.REASON_TEXT.get(u.reason, u.reason),
                u.detail or "-",
            ]
            for u in unscheduled
        ]
        out += [
            Paragraph("Unscheduled", SUBHEADING),
            grid(rows, _fractions(width, 2.6, 1.1, 1.1, 4.4)),
        ]
    if len(out) == 1:
        out.append(Paragraph("Nothing scheduled or left out on this day.", BODY))
    return out


def _changes(problem: Problem, facts: Facts, proposal: Proposal, width: float) -> list:
    changes = live_changes(problem, proposal, facts)
    out: list = [Paragraph("Changes to the live schedule", HEADING)]
    if not changes:
        out.append(Paragraph("The live schedule has no assignment in this horizon.", BODY))
        return out
    tally = {k: sum(c.kind == k for c in changes) for k in ("kept", "moved", "dropped")}
    new = sum(a.change == "new" for a in proposal.assignments)
    out.append(
        Paragraph(
            text(
                f"{new} new, {tally['kept']} kept, {tally['moved']} moved,"
                f" {tally['dropped']} dropped."
            ),
            BODY,
        )
    )
    rows = [["Change", "Event", "Live schedule", "Proposal", "Displaced by / why"]]
    for c in changes:
        b = c.before
        after = (
            "-"
            if c.after is None
            else n.slot(facts, c.after.employee, c.after.start, c.after.block)
        )
        if c.kind == "kept":
            after = "unchanged"
        why = ", ".join(n.event(facts, e) for e in c.displaced_by)
        if c.detail:
            why = f"{why}. {c.detail}" if why else c.detail
        rows.append(
            [
                c.kind,
                n.event(facts, b.event),
                n.slot(facts, b.employee, b.start, b.block),
                after,
                why or "-",
            ]
        )
    out.append(grid(rows, _fractions(width, 0.8, 2.4, 2.4, 2.4, 3)))
    return out


def _findings(facts: Facts, findings: Sequence[Finding], width: float) -> list:
    out: list = [Paragraph("Findings", HEADING)]
    if not findings:
        out.append(Paragraph("No findings: every hard and soft rule is kept.", BODY))
        return out
    rows = n.finding_rows(facts, findings)
    out.append(
        grid(
            rows, _fractions(width, 0.5, 0.8, 1.1, 1.7, 2.6, 4.3), extra=n.severity_colors(findings)
        )
    )
    return out


def _score(score: Mapping[str, int], width: float) -> list:
    rows = [["Rule", "What it scores", "Points"]]
    rows += [[r, SOFT_RULE_TEXT[r], f"{int(score.get(r, 0)):,}"] for r in SOFT_RULES]
    rows.append(["", "Objective (sum)", f"{sum(int(score.get(r, 0)) for r in SOFT_RULES):,}"])
    t = grid(
        rows,
        _fractions(width * 0.7, 0.5, 5, 1.2),
        extra=[("ALIGN", (2, 0), (2, -1), "RIGHT")],
        plain=[2],
    )
    return [KeepTogether([Paragraph("Score by rule", HEADING), t])]


def review_pdf(
    problem: Problem,
    proposal: Proposal,
    *,
    run: Run | None = None,
    findings: Sequence[Finding] | None = None,
    line_status: Mapping[str, str] | None = None,
    store_name: str = "",
    clock: Clock | None = None,
) -> bytes:
    """The run review of ``proposal`` against ``problem`` (whose ``existing`` is the live schedule).

    Parameters
    ----------
    run
        The run the proposal belongs to (header, summary); optional.
    findings
        Validator findings of the proposal (default: ``proposal.findings``).
    line_status
        Event id -> status of its pending line (``approved``, ``rejected``...);
        lines still ``proposed`` are not marked.
    clock
        The footer's "printed" time (:mod:`reports.style`).

    Returns
    -------
    bytes
        The PDF, landscape US letter.
    """
    facts = Facts(problem)
    findings = list(proposal.findings if findings is None else findings)
    proposal = proposal.model_copy(update={"findings": findings})
    status = dict(line_status or {})
    width = body_frame(True)[2]
    meta = Meta(
        "Run review",
        problem.store,
        dates_text(problem.horizon.start, problem.horizon.end),
        run.id if run else None,
        store_name,
    )
    story: list = [Paragraph(text(f"Run review: store {problem.store}"), TITLE)]
    story += _summary(problem, proposal, run, width * 0.7)
    days = n.by_day(proposal.assignments)
    left: dict = {}
    inactive = [u for u in proposal.unscheduled if u.reason == "inactive"]
    for u in sorted(proposal.unscheduled, key=lambda u: (u.reason, u.event)):
        if u.reason == "inactive":
            continue  # listed once after the days: they are nobody's work
        left.setdefault(n.unscheduled_day(problem, facts, u.event), []).append(u)
    for day in sorted(set(facts.horizon_days) | set(days)):
        story += _day(problem, facts, day, days.get(day, []), left.get(day, []), status, width)
    if inactive:
        story.append(Paragraph("Inactive events (never scheduled)", HEADING))
        rows = [["Event", "Type", "Why"]]
        rows += [
            [n.event(facts, u.event), n.type_of(facts, u.event), u.detail or "-"] for u in inactive
        ]
        story.append(grid(rows, _fractions(width, 3, 1.2, 4)))
    story += _changes(problem, facts, proposal, width)
    story += _findings(facts, findings, width)
    story += [Spacer(1, 4)] + _score(proposal.score, width)
    return build(story, meta, wide=True, clock=clock)
