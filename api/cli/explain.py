"""``schedsolve explain PROBLEM PROPOSAL EVENT [--employee E]`` and
``schedsolve explain --run N EVENT [--employee E] [--db URL]`` (RULES.md §7).

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
from api.cli.db import DbOption, database_errors, database_url
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


Args = Annotated[
    list[str],
    typer.Argument(
        metavar="[PROBLEM PROPOSAL] EVENT",
        help="A problem file, a proposal file of it and the event id; with --run, the event only.",
        show_default=False,
    ),
]


def _split(args: list[str], run: int | None, db: str | None) -> tuple[Path, Path, str] | str:
    """The file form's (PROBLEM, PROPOSAL, EVENT), or the run form's EVENT; else BadInput."""
    if run is not None:
        if len(args) != 1:
            raise BadInput(
                "--run", "give the event only: schedsolve explain --run N EVENT (no files)"
            )
        return args[0]
    if db is not None:
        raise BadInput("--db", "only goes with --run N (the file form reads no database)")
    if len(args) != 3:
        raise BadInput(
            None,
            "give PROBLEM PROPOSAL EVENT (two files and an event id), or --run N EVENT",
        )
    return Path(args[0]), Path(args[1]), args[2]


def explain_command(
    args: Args,
    employee: Annotated[
        str | None,
        typer.Option("--employee", "-e", metavar="E", help="Why not this employee instead."),
    ] = None,
    run: Annotated[
        int | None,
        typer.Option(
            "--run", metavar="N", min=1, help="Explain run N's line (stored, else computed)."
        ),
    ] = None,
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=0.1, help="Seconds for the repair solve.")
    ] = 2.0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="CP-SAT workers.")] = 1,
    as_json: Annotated[bool, typer.Option("--json", help="Print FORMAT.md's JSON.")] = False,
    db: DbOption = None,
) -> None:
    """Why is EVENT unscheduled and what would it take; with --employee, why not E.

    ``explain PROBLEM PROPOSAL EVENT`` explains a proposal file; ``explain --run
    N EVENT`` a run's proposal in the database (the answer is stored with the
    run's line, and served again without a solve). Exit 0 with the answer, 2 on
    bad input (unknown run, event or employee, an event the proposal schedules
    when no --employee is given, files with --run).
    """
    with bad_input_exits():
        target = _split(args, run, db)
    if isinstance(target, str):
        _explain_run(run, target, employee, time_limit, workers, as_json, db)  # type: ignore[arg-type]
        return
    _explain_files(*target, employee, time_limit, workers, as_json)


def _explain_files(problem_file, proposal_file, event, employee, time_limit, workers, as_json):
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
            _print(answer, why_not_lines(answer), as_json)
            return
        entry = next((u for u in proposal.unscheduled if u.event == event), None)
        if entry is None:
            raise BadInput(
                "EVENT", f"event '{event}' is not unscheduled in the proposal (use --employee)"
            )
        ex = explain(problem, proposal, event, time_limit=time_limit, workers=workers, facts=facts)
    _print(ex, explanation_lines(event, entry.reason, ex), as_json)


def _explain_run(run_id, event, employee, time_limit, workers, as_json, db) -> None:
    from adapters.repository import NotFound
    from api.cli.runs import _factory
    from api.services.api_runs import NoProposal
    from api.services.explain import explain_event, why_not_employee

    url = database_url(db)
    limits = {"time_limit": time_limit, "workers": workers}
    with bad_input_exits(), database_errors(url):
        factory = _factory(url)
        try:
            if employee is not None:
                got = why_not_employee(factory, run_id, event, employee, **limits)
                body, lines = got.answer, why_not_lines(got.answer)
            else:
                got = explain_event(factory, run_id, event, **limits)
                body = got.explanation
                lines = explanation_lines(event, got.reason, got.explanation)
        except (NotFound, NoProposal) as exc:
            raise BadInput("--run", str(exc)) from None
    how = "stored with its line" if got.stored else "computed now, stored with its line"
    _print(body, [*lines, f"(run {run_id}: {how})"], as_json)


def _print(body, lines: list[str], as_json: bool) -> None:
    if as_json:
        typer.echo(dump(body), nl=False)
    else:
        typer.echo("\n".join(lines))


__all__ = ["explain_command", "explanation_lines", "repair_lines", "why_not_lines"]
