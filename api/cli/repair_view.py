"""How a repair run's changes are printed (``callout`` and ``import --repair``).

Its own module so that the commands that print repairs need not import each other.
"""

from __future__ import annotations

from rich.table import Table

from api.cli import render


def _slot(s) -> str:
    if s is None:
        return "-"
    block = f" b{s.block}" if s.block else ""
    return f"{s.employee} {s.start:%a %m-%d %H:%M}{block}"


def changes_table(title: str, lines, *, why: bool = False) -> Table:
    t = Table(title=title, title_justify="left")
    for col in ("event", "type", "was", "now"):
        t.add_column(col)
    if why:
        t.add_column("why")
    for x in lines:
        row = [f"{x.event} {x.name}"[:40], x.type, _slot(x.before), _slot(x.after)]
        if why:
            row.append(_why(x))
        t.add_row(*row)
    return t


def _why(x) -> str:
    text = x.detail or x.reason or ""
    e = x.explanation
    if e is not None and e.repair is not None and e.repair.feasible:
        text += f" To fill it: {e.repair.detail}"
    elif e is not None and e.blocked:
        rules = sorted({r for b in e.blocked for r in b.rules})
        text += f" Colleagues blocked by {', '.join(rules)}."
    return text.strip()


def footer(changes: int, bound: int, proven: bool, run_id: int) -> None:
    proof = "proven minimal" if proven else f"at least {bound}"
    render.console().print(
        f"{changes} change(s) to the live schedule ({proof});"
        f" approve with `schedsolve approve {run_id}`"
    )


def print_repair(rr, run_id: int) -> None:
    """A repair run's changes (late changes to events): one table, then the count."""
    from api.services.callouts import line_of
    from domain.facts import Facts

    facts = Facts(rr.problem)
    lines = [line_of(facts, c) for c in rr.lines]
    render.console().print(changes_table("Changes", lines, why=True))
    footer(rr.changes, rr.changes_bound, rr.changes_proven, run_id)
