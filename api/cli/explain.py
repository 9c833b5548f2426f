"""``schedsolve explain PROBLEM PROPOSAL EVENT [--employee E]`` (RULES.md §7).

Without ``--employee``: why the event is unscheduled (the blocks per employee
and day) and, for a ``capacity`` event, its repair. With it: why not that
employee (:func:`solver.why_not.why_not`). ``--json`` prints FORMAT.md's
``explanation`` object (or the why-not answer) instead of text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api.cli.common import (
    BadInput,
    bad_input_exits,
    load_problem_file,
    load_proposal_file,
)
from domain.models import Explanation, Repair, Slot
from domain.parse import dump


def _slot(s: Slot | None) -> str:
    if s is None:
        return "-"
    block = f" block {s.block}" if s.block is not None else ""
    return f"{s.employee} {s.start:%Y-%m-%d %H:%M}{block}"


def repair_lines(fix: Repair) -> list[str]:
    """The text of a repair: verdict, moves, left out, score change, objective change."""
    if not fix.feasible:
        proven = "proven" if fix.proven else "not proven"
        return [f"repair: none ({proven}). {fix.detail}".rstrip()]
    head = "repair: fits by moves alone" if fix.by_moves_alone else "repair: fits if others go"
    out = [f"{head}{'' if fix.proven else ' (best found, not proven optimal)'}"]
    out += [f"  move {m.event}: {_slot(m.from_)} -> {_slot(m.to)}" for m in fix.moves]
    if fix.left_out:
        out.append(f"  left out instead: {', '.join(fix.left_out)}")
    if fix.score_change:
        parts = sorted(fix.score_change.items(), key=lambda kv: (len(kv[0]), kv[0]))
        out.append("  score change: " + ", ".join(f"{k} {d:+d}" for k, d in parts))
    if fix.objective_change is not None:
        out.append(f"  objective change: {fix.objective_change:+d}")
    return out


def explanation_lines(event: str, reason: str, ex: Explanation) -> list[str]:
    out = [f"event {event}: unscheduled ({reason})"]
    if ex.blocked:
        out.append("blocked:")
        out += [f"  {b.employee} {b.date}: {', '.join(b.rules)}" for b in ex.blocked]
    else:
        out.append("blocked: no employee and day is blocked on its own")
    if ex.repair is not None:
        out += repair_lines(ex.repair)
    return out


def why_not_lines(answer) -> list[str]:
    out = [f"why not {answer.employee} for {answer.event}: {answer.detail}"]
    for d in answer.days:
        if d.free:
            out.append(f"  {d.date}: free")
            continue
        tag = len(d.rules) > 1  # name the rule each holder fills only when several
        by = "; ".join(f"{h.rule + ' ' if tag else ''}{h.event} ({_slot(h)})" for h in d.by)
        out.append(f"  {d.date}: {', '.join(d.rules)}" + (f" by {by}" if by else ""))
    if answer.repair is not None:
        out += repair_lines(answer.repair)
    return out


def explain_command(
    problem_file: Annotated[
        Path, typer.Argument(metavar="PROBLEM", help="schedule-problem/1 JSON file.")
    ],
    proposal_file: Annotated[
        Path, typer.Argument(metavar="PROPOSAL", help="schedule-proposal/1 JSON of that problem.")
    ],
    event: Annotated[str, typer.Argument(metavar="EVENT", help="The event id to explain.")],
    employee: Annotated[
        str | None,
        typer.Option("--employee", "-e", metavar="E", help="Why not this employee instead."),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Seconds for the repair solve.")
    ] = 2.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="CP-SAT workers.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print FORMAT.md's JSON.")] = False,
) -> None:
    """Why is EVENT unscheduled and what would it take; with --employee, why not E.

    Exit 0 with the answer, 2 on bad input (unknown event or employee, an event
    the proposal schedules when no --employee is given).
    """
    from domain.facts import Facts
    from solver.explain import explain
    from solver.why_not import why_not

    with bad_input_exits():
        problem = load_problem_file(problem_file)
        proposal = load_proposal_file(proposal_file, problem)
        facts = Facts(problem)
        if event not in facts.events:
            raise BadInput("EVENT", f"event '{event}' is not in the problem")
        if employee is not None:
            if employee not in facts.employees:
                raise BadInput("--employee", f"employee '{employee}' is not in the problem")
            answer = why_not(
                problem,
                proposal,
                event,
                employee,
                time_limit=time_limit,
                workers=workers,
                facts=facts,
            )
            typer.echo(
                dump(answer) if as_json else "\n".join(why_not_lines(answer)), nl=not as_json
            )
            return
        entry = next((u for u in proposal.unscheduled if u.event == event), None)
        if entry is None:
            raise BadInput(
                "EVENT", f"event '{event}' is not unscheduled in the proposal (use --employee)"
            )
        ex = explain(problem, proposal, event, time_limit=time_limit, workers=workers, facts=facts)
    if as_json:
        typer.echo(dump(ex), nl=False)
    else:
        typer.echo("\n".join(explanation_lines(event, entry.reason, ex)))


__all__ = ["explain_command", "explanation_lines", "repair_lines", "why_not_lines"]
