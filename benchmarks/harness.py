"""Week replay: every problem file of a folder through the greedy baseline and CP-SAT.

``run_weeks(weeks_dir, out_dir, time_limit, workers)`` solves each file twice
(greedy, then CP-SAT with the greedy proposal as its hint), judges both
proposals with the independent validator and writes

- ``out_dir/weeks.csv``: one row per week (every figure) and a ``TOTAL`` row;
- ``out_dir/weeks.md``: the Markdown table, totals and gains;
- ``out_dir/weeks.png``: scheduled events per week, greedy beside CP-SAT;
- when ``results_md`` is given, the same Markdown into that file between
  ``<!-- weeks:start -->`` and ``<!-- weeks:end -->``, the rest of the file kept.

The project's own figures (``benchmarks/out/`` and ``benchmarks/RESULTS.md``)
are written by ``python -m benchmarks.harness [TIME_LIMIT]`` only; a user's
``schedsolve bench`` writes into its output folder and nowhere else.

"Scheduled" counts the events a proposal assigns; "S1+S2" is the validator's
score of the proposal for S1 (priority) plus S2 (urgency), the two terms that
reward placing events. Hard findings are the validator's critical findings.
"""

from __future__ import annotations

import csv
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from benchmarks.results import in_own_process, results_header, write_section  # noqa: F401

BENCH_DIR = Path(__file__).resolve().parent
WEEKS_DIR = BENCH_DIR / "weeks"
OUT_DIR = BENCH_DIR / "out"
RESULTS_MD = BENCH_DIR / "RESULTS.md"
#: The example problems the repository ships (issue 10, defect 11).
EXAMPLES_DIR = BENCH_DIR.parent / "tests" / "data" / "examples"

#: Default CP-SAT time limit per week (seconds).
WEEK_TIME_LIMIT = 20.0

#: CSV columns, in order.
COLUMNS = (
    "file",
    "store",
    "employees",
    "active_events",
    "scheduled_greedy",
    "scheduled_cpsat",
    "s1s2_greedy",
    "s1s2_cpsat",
    "objective_greedy",
    "objective_cpsat",
    "critical_greedy",
    "critical_cpsat",
    "health_greedy",
    "health_cpsat",
    "greedy_seconds",
    "cpsat_seconds",
    "status",
    "bound",
    "gap",
    "objective_solver",
)
_SUMMED = (
    "employees",
    "active_events",
    "scheduled_greedy",
    "scheduled_cpsat",
    "s1s2_greedy",
    "s1s2_cpsat",
    "objective_greedy",
    "objective_cpsat",
    "critical_greedy",
    "critical_cpsat",
    "greedy_seconds",
    "cpsat_seconds",
)


@dataclass
class WeeksResult:
    """What :func:`run_weeks` measured and where it wrote it."""

    rows: list[dict]
    totals: dict
    gain_scheduled: float | None
    gain_s1s2: float | None
    wall_seconds: float
    files: dict[str, Path] = field(default_factory=dict)

    def regressions(self) -> list[str]:
        """Weeks where CP-SAT did worse than greedy or broke a hard rule (solver bugs)."""
        out = []
        for r in self.rows:
            if r["scheduled_cpsat"] < r["scheduled_greedy"]:
                out.append(
                    f"{r['file']}: CP-SAT scheduled {r['scheduled_cpsat']}"
                    f" < greedy {r['scheduled_greedy']}"
                )
            if r["s1s2_cpsat"] < r["s1s2_greedy"]:
                out.append(
                    f"{r['file']}: CP-SAT S1+S2 {r['s1s2_cpsat']} < greedy {r['s1s2_greedy']}"
                )
            if r["critical_cpsat"]:
                out.append(f"{r['file']}: CP-SAT has {r['critical_cpsat']} hard findings")
            solver = r.get("objective_solver")
            if solver is not None and solver != r["objective_cpsat"]:
                out.append(
                    f"{r['file']}: the solver's objective {solver} differs from the"
                    f" validator's score {r['objective_cpsat']}"
                )
        return out


def week_files(weeks_dir: Path | str) -> list[Path]:
    """The problem files (``*.json``) of a folder, sorted by name.

    Raises
    ------
    ValueError
        When the folder does not exist, is not a folder or has no ``.json`` file.
    """
    folder = Path(weeks_dir)
    if not folder.exists():
        raise ValueError("no such folder")
    if not folder.is_dir():
        raise ValueError("is not a folder; give a folder of problem files")
    files = sorted(p for p in folder.glob("*.json") if p.is_file())
    if not files:
        raise ValueError("the folder has no problem files (*.json)")
    return files


def replay_week(
    path: Path, time_limit: float = WEEK_TIME_LIMIT, workers: int = 2, problem=None
) -> dict:
    """Greedy and CP-SAT on one problem file: one row of :data:`COLUMNS`."""
    from domain.facts import Facts
    from domain.parse import parse_problem
    from domain.validator import validate
    from solver.greedy import greedy
    from solver.solve import solve

    if problem is None:
        problem = parse_problem(Path(path).read_text(encoding="utf-8"))
    facts = Facts(problem)
    active = sum(1 for e in facts.events if facts.is_active(e))
    started = time.perf_counter()
    baseline = greedy(problem)
    greedy_seconds = time.perf_counter() - started
    result = solve(problem, time_limit=time_limit, workers=workers, seed=0, hint=baseline)
    judged_greedy = validate(problem, baseline)
    judged_cpsat = validate(problem, result.proposal)
    return {
        "file": Path(path).name,
        "store": problem.store,
        "employees": len(problem.employees),
        "active_events": active,
        "scheduled_greedy": _scheduled(baseline),
        "scheduled_cpsat": _scheduled(result.proposal),
        "s1s2_greedy": _s1s2(judged_greedy.score),
        "s1s2_cpsat": _s1s2(judged_cpsat.score),
        "objective_greedy": sum(judged_greedy.score.values()),
        "objective_cpsat": sum(judged_cpsat.score.values()),
        "critical_greedy": judged_greedy.critical,
        "critical_cpsat": judged_cpsat.critical,
        "health_greedy": judged_greedy.health,
        "health_cpsat": judged_cpsat.health,
        "greedy_seconds": round(greedy_seconds, 3),
        "cpsat_seconds": round(result.runtime, 3),
        "status": result.status,
        "bound": None if result.bound is None else round(result.bound),
        "gap": None if result.gap is None else round(result.gap, 5),
        "objective_solver": None if result.objective is None else round(result.objective),
    }


def _scheduled(proposal) -> int:
    return len({a.event for a in proposal.assignments})


def _s1s2(score: dict[str, int]) -> int:
    return score.get("S1", 0) + score.get("S2", 0)


def gain(new: float, old: float) -> float | None:
    """Percent gain of ``new`` over ``old`` (``None`` when ``old`` is 0)."""
    return None if old == 0 else 100.0 * (new - old) / abs(old)


def totals_of(rows: list[dict]) -> dict:
    total: dict = {c: "" for c in COLUMNS}
    total["file"] = "TOTAL"
    for c in _SUMMED:
        total[c] = round(sum(r[c] for r in rows), 3)
    return total


def run_weeks(
    weeks_dir: Path | str = WEEKS_DIR,
    out_dir: Path | str = OUT_DIR,
    time_limit: float = WEEK_TIME_LIMIT,
    workers: int = 2,
    *,
    results_md: Path | str | None = None,
    on_week: Callable[[int, int, Path, dict | None], None] | None = None,
) -> WeeksResult:
    """Replay every problem file of ``weeks_dir``; write CSV, Markdown and PNG to ``out_dir``.

    ``on_week(i, n, path, row)`` is called before each week (``row`` None) and
    after it (with its row). ``results_md`` (default ``None``: no such file) is the
    Markdown file whose ``weeks`` section is rewritten.
    """
    from benchmarks.plots import weeks_plot

    files = week_files(weeks_dir)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    rows = []
    for i, path in enumerate(files):
        if on_week is not None:
            on_week(i, len(files), path, None)
        row = replay_week(path, time_limit, workers)
        rows.append(row)
        if on_week is not None:
            on_week(i, len(files), path, row)
    wall = time.perf_counter() - began
    totals = totals_of(rows)
    result = WeeksResult(
        rows=rows,
        totals=totals,
        gain_scheduled=gain(totals["scheduled_cpsat"], totals["scheduled_greedy"]),
        gain_s1s2=gain(totals["s1s2_cpsat"], totals["s1s2_greedy"]),
        wall_seconds=wall,
    )
    csv_path, md_path, png_path = out / "weeks.csv", out / "weeks.md", out / "weeks.png"
    write_csv(csv_path, rows + [totals])
    weeks_plot(rows, png_path, title=f"Scheduled events per week ({Path(weeks_dir).name})")
    md_path.write_text(
        weeks_markdown(result, time_limit, workers, "weeks.png", "weeks.csv"), encoding="utf-8"
    )
    result.files = {"csv": csv_path, "md": md_path, "png": png_path}
    if results_md is not None:
        results_md = Path(results_md)
        rel = Path(os.path.relpath(out, results_md.parent))
        section = weeks_markdown(
            result,
            time_limit,
            workers,
            (rel / "weeks.png").as_posix(),
            (rel / "weeks.csv").as_posix(),
        )
        write_section(results_md, "weeks", section)
        result.files["results"] = results_md
    return result


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({c: "" if r.get(c) is None else r.get(c) for c in COLUMNS})


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f} %"


def weeks_markdown(
    result: WeeksResult, time_limit: float, workers: int, png: str, csv_name: str
) -> str:
    """The weeks table, totals, gains and the plot link, as Markdown."""
    lines = [
        "## Week replay: greedy vs CP-SAT",
        "",
        f"`schedsolve bench` over {len(result.rows)} weeks; CP-SAT {time_limit:g} s limit per"
        f" week, {workers} workers, seed 0, greedy proposal as hint; {platform.machine()},"
        f" {os.cpu_count()} cores, {date.today().isoformat()}. Total wall time"
        f" {result.wall_seconds:.0f} s. Hard = validator critical findings; health = validator"
        " health score (0-100); objective = validator score, all soft rules (the bound is"
        " CP-SAT's bound on it).",
        "",
        "| week | store | active events | scheduled greedy / CP-SAT | S1+S2 greedy / CP-SAT"
        " | objective greedy / CP-SAT | hard greedy / CP-SAT | health greedy / CP-SAT | CP-SAT s"
        " | status | bound | gap |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for r in result.rows:
        gap = "-" if r["gap"] is None else f"{100 * r['gap']:.2f} %"
        bound = "-" if r["bound"] is None else f"{r['bound']:,}"
        lines.append(
            f"| {r['file']} | {r['store']} | {r['active_events']} | {r['scheduled_greedy']} /"
            f" {r['scheduled_cpsat']} | {r['s1s2_greedy']:,} / {r['s1s2_cpsat']:,} |"
            f" {r['objective_greedy']:,} / {r['objective_cpsat']:,} |"
            f" {r['critical_greedy']} / {r['critical_cpsat']} | {r['health_greedy']} /"
            f" {r['health_cpsat']} | {r['cpsat_seconds']:.1f} | {r['status']} | {bound} | {gap} |"
        )
    t = result.totals
    lines.append(
        f"| **total** | | {t['active_events']} | {t['scheduled_greedy']} / {t['scheduled_cpsat']}"
        f" | {t['s1s2_greedy']:,} / {t['s1s2_cpsat']:,} | {t['objective_greedy']:,} /"
        f" {t['objective_cpsat']:,} | {t['critical_greedy']} /"
        f" {t['critical_cpsat']} | | {t['cpsat_seconds']:.1f} | | | |"
    )
    lines += [
        "",
        f"Gain of CP-SAT over greedy: scheduled events {_pct(result.gain_scheduled)},"
        f" S1+S2 {_pct(result.gain_s1s2)}, objective (all soft rules)"
        f" {_pct(gain(t['objective_cpsat'], t['objective_greedy']))}.",
    ]
    bad = result.regressions()
    lines.append("")
    if bad:
        lines.append(
            "**CP-SAT below greedy or with hard findings (solver bugs):** " + "; ".join(bad) + "."
        )
    else:
        lines.append(
            "CP-SAT ≥ greedy in scheduled events and S1+S2 on every week; 0 hard"
            " findings for CP-SAT."
        )
    lines += [
        "",
        f"![greedy vs CP-SAT scheduled per week]({png})",
        "",
        f"Every figure per week: [{Path(csv_name).name}]({csv_name}).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    """``python -m benchmarks.harness [TIME_LIMIT]``: the shipped weeks into the project's
    ``benchmarks/out/`` and the ``weeks`` section of ``benchmarks/RESULTS.md``."""
    limit = float(argv[0]) if argv else WEEK_TIME_LIMIT

    def show(i, n, path, row):
        if row is not None:
            print(f"[{i + 1}/{n}] {path.name}: {row}", flush=True)

    result = run_weeks(WEEKS_DIR, OUT_DIR, limit, results_md=RESULTS_MD, on_week=show)
    print(result.files)


if __name__ == "__main__":
    main(sys.argv[1:])
