"""``schedsolve solve``: problem file in, proposal file out, with a live progress line."""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.live import Live
from rich.table import Table
from rich.text import Text

from api.cli import render
from api.cli.common import (
    EXIT_CRITICAL,
    EXIT_OK,
    BadInput,
    bad_input_exits,
    load_problem_file,
    source_name,
    write_text_file,
)
from domain.models import Problem, Proposal
from domain.parse import dump
from domain.rules import SOFT_RULE_TEXT


class PriorityModeOpt(StrEnum):
    """``--priority-mode``: weighted (soft rules summed) or strict (levels by priority)."""

    WEIGHTED = "weighted"
    STRICT = "strict"


def mode_of(option: PriorityModeOpt | None) -> str | None:
    return None if option is None else option.value


ExplainOpt = typer.Option(
    "--explain",
    help="Explain every capacity event (RULES.md §7): blocks and repair, in parallel"
    " within --workers.",
)
ExplainLimitOpt = typer.Option(
    "--explain-limit", min=0, metavar="N", help="Explain at most N capacity events."
)
ExplainSecondsOpt = typer.Option(
    "--explain-seconds", min=0.1, max=60, help="Seconds per repair solve of --explain."
)


def explaining_line(done: int, total: int) -> str:
    """The live line while explaining."""
    return f"explaining capacity events: {done}/{total}"


def solve_command(
    problem: Annotated[
        Path, typer.Argument(metavar="PROBLEM", help="schedule-problem/1 JSON file ('-' stdin).")
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", metavar="PROPOSAL", help="Where to write the proposal."),
    ],
    time_limit: Annotated[float, typer.Option(help="Seconds for the search.", min=0.1)] = 10.0,
    workers: Annotated[int, typer.Option(help="CP-SAT search workers.", min=1, max=64)] = 2,
    seed: Annotated[int, typer.Option(help="Random seed (workers=1 + seed: reproducible).")] = 0,
    priority_mode: Annotated[
        PriorityModeOpt | None,
        typer.Option(
            "--priority-mode",
            case_sensitive=False,
            help="weighted or strict (RULES.md §4); default: the store's setting.",
        ),
    ] = None,
    use_greedy: Annotated[
        bool, typer.Option("--greedy", help="Run only the old greedy baseline.")
    ] = False,
    explain: Annotated[bool, ExplainOpt] = False,
    explain_limit: Annotated[int, ExplainLimitOpt] = 50,
    explain_seconds: Annotated[float, ExplainSecondsOpt] = 2.0,
) -> None:
    """Solve a problem file and write a schedule-proposal/1 file.

    Prints a live line (objective, bound, gap, elapsed) while searching, then
    a summary: scheduled by type, unscheduled by reason, score by rule, and
    any hard-rule finding (a locked assignment that breaks a rule is kept and
    reported). ``--explain`` writes each capacity event's explanation (blocks and
    repair) into ``unscheduled[].explanation``, up to ``--explain-limit``, the
    workers shared among them. Exit 0, 1 when the proposal has critical findings,
    2 on bad input.
    """
    with bad_input_exits():
        doc = load_problem_file(problem)
        if str(output) == str(problem):
            raise BadInput(None, "--output: would overwrite the problem file; choose another")
    out = render.console()
    if use_greedy:
        from domain.validator import validate
        from solver.greedy import greedy

        proposal = greedy(doc, priority_mode=mode_of(priority_mode))
        proposal = proposal.model_copy(update={"findings": validate(doc, proposal).findings})
        status_line = f"greedy baseline: objective {proposal.objective:,.0f}"
    else:
        proposal, status_line = _search(doc, time_limit, workers, seed, out, mode_of(priority_mode))
    if explain:
        proposal = _explain(doc, proposal, explain_limit, workers, explain_seconds, out)
        done = sum(1 for u in proposal.unscheduled if u.explanation is not None)
        status_line += f"; {done} capacity event(s) explained"
    with bad_input_exits():
        write_text_file(output, dump(proposal))
    out.print(f"{source_name(problem)} -> {output}: {status_line}")
    print_summary(out, doc, proposal)
    critical = sum(1 for f in proposal.findings if f.severity == "critical")
    raise typer.Exit(EXIT_CRITICAL if critical else EXIT_OK)


def _search(
    doc: Problem, time_limit: float, workers: int, seed: int, out, mode: str | None = None
) -> tuple[Proposal, str]:
    from solver.solve import solve

    line = Text("building model…")
    with Live(line, console=out, transient=True, refresh_per_second=8) as live:

        def progress(p) -> None:
            gap = "-" if p.gap is None else f"{100 * p.gap:.2f} %"
            live.update(
                Text(
                    f"objective {p.objective:,.0f}  bound {p.bound:,.0f}  gap {gap}"
                    f"  elapsed {p.elapsed:.1f} s  solutions {p.solutions}"
                )
            )

        result = solve(
            doc,
            time_limit=time_limit,
            workers=workers,
            seed=seed,
            on_progress=progress,
            priority_mode=mode,  # type: ignore[arg-type]
        )
    gap = "-" if result.gap is None else f"{100 * result.gap:.2f} %"
    bound = "-" if result.bound is None else f"{result.bound:,.0f}"
    objective = "-" if result.objective is None else f"{result.objective:,.0f}"
    return result.proposal, (
        f"{result.status}, objective {objective}, bound {bound}, gap {gap},"
        f" {result.runtime:.1f} s (model {result.build_seconds:.2f} s)"
    )


def _explain(doc: Problem, proposal: Proposal, limit: int, workers: int, seconds: float, out):
    from solver.explain import explain_all

    line = Text(explaining_line(0, 0))
    with Live(line, console=out, transient=True, refresh_per_second=8) as live:
        return explain_all(
            doc,
            proposal,
            limit=limit,
            workers=workers,
            time_limit=seconds,
            on_progress=lambda done, n: live.update(Text(explaining_line(done, n))),
        )


def print_summary(out, doc: Problem, proposal: Proposal) -> None:
    """Scheduled by type, unscheduled by reason, score by rule, then findings."""
    from domain.facts import Facts

    facts = Facts(doc)
    by_type = Counter(facts.types[a.event].value for a in proposal.assignments)
    changes = Counter(a.change for a in proposal.assignments)
    t = Table(title="Scheduled by type")
    t.add_column("type")
    t.add_column("events", justify="right")
    for name, n in sorted(by_type.items()):
        t.add_row(name, str(n))
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(changes.items()))
    t.add_row("total", f"{len(proposal.assignments)} ({kinds})")
    out.print(t)
    reasons = Counter(u.reason for u in proposal.unscheduled)
    if reasons:
        r = Table(title="Unscheduled by reason")
        r.add_column("reason")
        r.add_column("events", justify="right")
        r.add_column("example")
        for reason, n in reasons.most_common():
            first = next(u for u in proposal.unscheduled if u.reason == reason)
            r.add_row(reason, str(n), first.detail)
        out.print(r)
    s = Table(title="Score by rule")
    s.add_column("rule")
    s.add_column("points", justify="right")
    s.add_column("what")
    for rule, points in proposal.score.items():
        s.add_row(rule, f"{points:,}", SOFT_RULE_TEXT.get(rule, ""))
    out.print(s)
    critical = [f for f in proposal.findings if f.severity == "critical"]
    if critical:
        out.print(render.findings_table(critical, "Hard-rule findings (kept locked assignments)"))
