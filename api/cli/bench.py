"""``schedsolve bench``: the week replay (greedy vs CP-SAT) and the scale curve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from api.cli import render
from api.cli.common import EXIT_CRITICAL, EXIT_OK, BadInput, bad_input_exits, load_problem_file
from benchmarks.harness import WEEK_TIME_LIMIT, week_files
from benchmarks.scale import SCALE_TIME_LIMIT


def bench_command(
    weeks_dir: Annotated[
        Path | None,
        typer.Argument(
            metavar="WEEKS_DIR",
            help="Folder of schedule-problem/1 files (*.json); not with --scale.",
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            metavar="OUT_DIR",
            help="Where the CSV, Markdown and PNG go (and nothing else is written).",
        ),
    ] = Path("bench-out"),
    time_limit: Annotated[
        float | None,
        typer.Option(
            min=0.1,
            help=f"CP-SAT seconds per week (default {WEEK_TIME_LIMIT:g}) or"
            f" per scale point (default {SCALE_TIME_LIMIT:g}).",
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="CP-SAT search workers.", min=1, max=64)] = 2,
    scale: Annotated[
        bool, typer.Option("--scale", help="Run the scale curve (10-200 employees, 1-4 weeks).")
    ] = False,
    results: Annotated[
        Path | None,
        typer.Option(
            "--results",
            metavar="FILE",
            help="Also rewrite the weeks/scale section of this Markdown file.",
        ),
    ] = None,
) -> None:
    """Benchmark CP-SAT against the greedy baseline on a folder of weeks, or (--scale)
    measure how the model grows with employees and weeks.

    Writes a CSV, a Markdown table and a PNG plot to OUT_DIR (default
    ./bench-out) and nowhere else, unless --results names a Markdown file whose
    section is rewritten. The project's own figures (benchmarks/RESULTS.md) are
    written by ``python -m benchmarks.harness`` and ``python -m benchmarks.scale``.
    Exit 0; 1 when CP-SAT breaks a hard rule or schedules less than greedy on
    some week; 2 on bad input.
    """
    with bad_input_exits():
        if scale and weeks_dir is not None:
            raise BadInput(None, "WEEKS_DIR and --scale: give one of them")
        if not scale and weeks_dir is None:
            raise BadInput(
                None,
                "WEEKS_DIR: missing; give a folder of problem files,"
                " or --scale for the scale curve",
            )
        if output.exists() and not output.is_dir():
            raise BadInput(str(output), "is not a folder; give a folder for the results")
        if results is not None and results.is_dir():
            raise BadInput(str(results), "is a folder; give a Markdown file")
        files: list[Path] = []
        if weeks_dir is not None:
            try:
                files = week_files(weeks_dir)
            except ValueError as exc:
                raise BadInput(str(weeks_dir), str(exc)) from None
            for path in files:
                load_problem_file(path)  # one line naming the file and field if it is bad
    out = render.console()
    if scale:
        _scale(out, output, time_limit or SCALE_TIME_LIMIT, workers, results)
        raise typer.Exit(EXIT_OK)
    bad = _weeks(
        out, weeks_dir, output, time_limit or WEEK_TIME_LIMIT, workers, results, len(files)
    )
    raise typer.Exit(EXIT_CRITICAL if bad else EXIT_OK)


def _progress(out) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=out,
        transient=True,
    )


def _weeks(out, weeks_dir, output, time_limit, workers, results, n) -> list[str]:
    from benchmarks.harness import run_weeks

    with _progress(out) as bar:
        task = bar.add_task("weeks", total=n)

        def on_week(i, total, path, row) -> None:
            if row is None:
                bar.update(task, description=f"{path.name}")
                return
            gap = "-" if row["gap"] is None else f"{100 * row['gap']:.2f} %"
            bar.console.print(
                f"{path.name}: scheduled {row['scheduled_greedy']} -> {row['scheduled_cpsat']}"
                f" of {row['active_events']}, hard {row['critical_cpsat']},"
                f" {row['status']} gap {gap}, {row['cpsat_seconds']:.1f} s"
            )
            bar.advance(task)

        result = run_weeks(
            weeks_dir, output, time_limit, workers, results_md=results, on_week=on_week
        )
    t = result.totals
    out.print(
        f"{len(result.rows)} weeks in {result.wall_seconds:.0f} s: scheduled"
        f" {t['scheduled_greedy']} -> {t['scheduled_cpsat']} ({_pct(result.gain_scheduled)}),"
        f" S1+S2 {t['s1s2_greedy']:,} -> {t['s1s2_cpsat']:,} ({_pct(result.gain_s1s2)}),"
        f" hard findings greedy {t['critical_greedy']} / CP-SAT {t['critical_cpsat']}"
    )
    bad = result.regressions()
    for line in bad:
        out.print(f"[bold red]solver regression:[/] {line}")
    out.print("wrote " + ", ".join(str(p) for p in result.files.values()))
    return bad


def _scale(out, output, time_limit, workers, results) -> None:
    from benchmarks.scale import POINTS, run_scale

    with _progress(out) as bar:
        task = bar.add_task("scale", total=len(POINTS))

        def on_point(i, total, point, row) -> None:
            if row is None:
                bar.update(task, description=f"{point[0]} employees × {point[1]} weeks")
                return
            g1 = "-" if row["gap1_seconds"] is None else f"{row['gap1_seconds']:.1f} s"
            bar.console.print(
                f"{point[0]:>3} × {point[1]}: {row['variables']:,} variables,"
                f" {row['constraints']:,} constraints, build {row['build_seconds']:.2f} s,"
                f" 1 % gap {g1}, {row['peak_mb']:.0f} MB"
            )
            bar.advance(task)

        result = run_scale(output, time_limit, workers, results_md=results, on_point=on_point)
    for key, label in (("build", "build time"), ("gap1", "time to 1 % gap")):
        fit = result.fits.get(key)
        if fit is not None:
            out.print(f"{label} ∝ variables^{fit[0]:.2f} (R² {fit[2]:.2f})")
    out.print(
        f"{len(result.points)} points in {result.wall_seconds:.0f} s; wrote "
        + ", ".join(str(p) for p in result.files.values())
    )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f} %"
