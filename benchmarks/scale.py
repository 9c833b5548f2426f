"""Scale curve of the CP-SAT model: ``schedsolve bench --scale`` or ``python -m benchmarks.scale``.

Over generated stores of 10 to 200 employees and 1 to 4 weeks (tightness
``normal``, seed 1) it measures the model size (variables, constraints), the
model build time, the time to the first feasible solution and to a 1 % gap,
and the peak resident memory. Each point runs in its own freshly spawned
process so that ``ru_maxrss`` belongs to that point alone. The search of a
point stops as soon as a solution within 1 % of the bound is seen (or at the
per-point time limit).

Times are measured from the call of ``solve`` with the greedy proposal given
as hint (the greedy time is its own column): "build" is facts + candidates +
variables + constraints + objective + hint; "first feasible" and "1 % gap" add
the search time to the first solution reported and to the first reported
solution with ``gap <= 0.01`` (or the end of a search that closed the gap
without a new solution).

The growth exponents are least-squares slopes on log-log axes,
``t ≈ c · n^k`` with ``n`` the number of model variables.
"""

from __future__ import annotations

import csv
import math
import multiprocessing as mp
import os
import platform
import queue as queue_mod
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from benchmarks.harness import OUT_DIR, RESULTS_MD, write_section

EMPLOYEES = (10, 20, 40, 80, 120, 200)
WEEKS = (1, 2, 4)
#: (employees, weeks) of the curve, smallest models first.
POINTS: tuple[tuple[int, int], ...] = tuple((e, w) for w in WEEKS for e in EMPLOYEES)
#: Default CP-SAT time limit per point (seconds).
SCALE_TIME_LIMIT = 60.0
TIGHTNESS = "normal"
SEED = 1
TARGET_GAP = 0.01

COLUMNS = (
    "employees",
    "weeks",
    "events",
    "variables",
    "constraints",
    "candidates",
    "greedy_seconds",
    "build_seconds",
    "first_seconds",
    "gap1_seconds",
    "runtime",
    "status",
    "gap",
    "peak_mb",
)


def fit_exponent(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float, float]:
    """Least squares of ``log y = log c + k log x``: returns ``(k, c, r2)``.

    Raises
    ------
    ValueError
        Fewer than two points with positive values, or all ``x`` equal.
    """
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys, strict=True) if x > 0 and y > 0]
    if len(pts) < 2:
        raise ValueError("need at least two positive points to fit an exponent")
    mx = sum(a for a, _ in pts) / len(pts)
    my = sum(b for _, b in pts) / len(pts)
    sxx = sum((a - mx) ** 2 for a, _ in pts)
    if sxx == 0:
        raise ValueError("all x values are equal")
    sxy = sum((a - mx) * (b - my) for a, b in pts)
    k = sxy / sxx
    c = math.exp(my - k * mx)
    ss_tot = sum((b - my) ** 2 for _, b in pts)
    ss_res = sum((b - (my + k * (a - mx))) ** 2 for a, b in pts)
    r2 = 1.0 if ss_tot == 0 else 1.0 - ss_res / ss_tot
    return k, c, r2


def _model_size(problem) -> dict[str, int]:
    """Variables and constraints of the model, built on its own (when the solve has none)."""
    from ortools.sat.python import cp_model

    from domain.facts import Facts
    from solver.constraints import add_hard_rules
    from solver.index import build_index
    from solver.objective import soft_terms
    from solver.variables import Vars

    model = cp_model.CpModel()
    v = Vars(model, build_index(Facts(problem)))
    add_hard_rules(v, relax_frozen_pairs=False)
    model.maximize(sum(soft_terms(v).values()))
    return {
        "variables": len(model.proto.variables),
        "constraints": len(model.proto.constraints),
        "candidates": len(v.cand),
    }


def measure_point(employees: int, weeks: int, time_limit: float, workers: int = 2) -> dict:
    """One point of the curve, in the calling process (see :func:`run_point`)."""
    import resource
    import threading

    from domain.generator import generate
    from solver.greedy import greedy
    from solver.solve import solve

    problem = generate(employees=employees, weeks=weeks, seed=SEED, tightness=TIGHTNESS)
    began = time.perf_counter()
    baseline = greedy(problem)
    greedy_seconds = time.perf_counter() - began
    first: list[float] = []
    gap1: list[float] = []
    cancel = threading.Event()

    def progress(p) -> None:
        if not first:
            first.append(p.elapsed)
        if not gap1 and p.gap is not None and p.gap <= TARGET_GAP:
            gap1.append(p.elapsed)
            cancel.set()

    result = solve(
        problem,
        time_limit=time_limit,
        workers=workers,
        seed=0,
        hint=baseline,
        on_progress=progress,
        cancel=cancel,
    )
    build = result.build_seconds
    stats = dict(result.stats)
    if "variables" not in stats:
        stats.update(_model_size(problem))
    if gap1:
        gap1_seconds: float | None = build + gap1[0]
    elif result.gap is not None and result.gap <= TARGET_GAP:
        gap1_seconds = result.runtime
    else:
        gap1_seconds = None
    return {
        "employees": employees,
        "weeks": weeks,
        "events": len(problem.events),
        "variables": stats["variables"],
        "constraints": stats["constraints"],
        "candidates": stats.get("candidates"),
        "greedy_seconds": round(greedy_seconds, 3),
        "build_seconds": round(build, 3),
        "first_seconds": round(build + first[0], 3) if first else None,
        "gap1_seconds": None if gap1_seconds is None else round(gap1_seconds, 3),
        "runtime": round(result.runtime, 3),
        "status": result.status,
        "gap": None if result.gap is None else round(result.gap, 5),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def _child(employees: int, weeks: int, time_limit: float, workers: int, out) -> None:
    try:
        out.put(("ok", measure_point(employees, weeks, time_limit, workers)))
    except BaseException as exc:  # report, never hang the parent
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def run_point(employees: int, weeks: int, time_limit: float, workers: int = 2) -> dict:
    """:func:`measure_point` in a fresh (spawned) process, for its own peak memory."""
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_child, args=(employees, weeks, time_limit, workers, out))
    proc.start()
    try:
        while True:
            try:
                kind, payload = out.get(timeout=2.0)
                break
            except queue_mod.Empty:
                if not proc.is_alive():
                    raise RuntimeError(
                        f"point {employees}x{weeks}: the process died (exit code {proc.exitcode})"
                    ) from None
    finally:
        proc.join(timeout=30)
        if proc.is_alive():
            proc.kill()
    if kind != "ok":
        raise RuntimeError(f"point {employees}x{weeks}: {payload}")
    return payload


@dataclass
class ScaleResult:
    points: list[dict]
    fits: dict[str, tuple[float, float, float] | None]
    wall_seconds: float
    files: dict[str, Path] = field(default_factory=dict)


def fits_of(points: Sequence[dict]) -> dict[str, tuple[float, float, float] | None]:
    """Exponents of build / first-feasible / 1 %-gap time vs variables, and build vs e×w."""

    def fit(xs, ys):
        try:
            return fit_exponent(xs, ys)
        except ValueError:
            return None

    out: dict[str, tuple[float, float, float] | None] = {}
    for key, column in (
        ("build", "build_seconds"),
        ("first", "first_seconds"),
        ("gap1", "gap1_seconds"),
    ):
        pts = [p for p in points if p.get(column) is not None]
        out[key] = fit([p["variables"] for p in pts], [p[column] for p in pts])
    out["variables"] = fit(
        [p["employees"] * p["weeks"] for p in points], [p["variables"] for p in points]
    )
    out["build_ew"] = fit(
        [p["employees"] * p["weeks"] for p in points], [p["build_seconds"] for p in points]
    )
    return out


def run_scale(
    out_dir: Path | str = OUT_DIR,
    time_limit: float = SCALE_TIME_LIMIT,
    workers: int = 2,
    *,
    points: Sequence[tuple[int, int]] = POINTS,
    results_md: Path | str | None = None,
    on_point: Callable[[int, int, tuple[int, int], dict | None], None] | None = None,
    runner: Callable[[int, int, float, int], dict] = run_point,
) -> ScaleResult:
    """Measure every point; write ``scale.csv``, ``scale.png``, ``scale.md`` and the
    ``scale`` section of ``results_md`` when given (default ``None``: no such file)."""
    from benchmarks.plots import scale_plot

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    rows = []
    for i, (employees, weeks) in enumerate(points):
        if on_point is not None:
            on_point(i, len(points), (employees, weeks), None)
        row = runner(employees, weeks, time_limit, workers)
        rows.append(row)
        if on_point is not None:
            on_point(i, len(points), (employees, weeks), row)
    result = ScaleResult(rows, fits_of(rows), time.perf_counter() - began)
    csv_path, png_path, md_path = out / "scale.csv", out / "scale.png", out / "scale.md"
    with csv_path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({c: "" if r.get(c) is None else r.get(c) for c in COLUMNS})
    scale_plot(rows, {k: (v[0], v[1]) if v else None for k, v in result.fits.items()}, png_path)
    md_path.write_text(
        scale_markdown(result, time_limit, workers, "scale.png", "scale.csv"), encoding="utf-8"
    )
    result.files = {"csv": csv_path, "png": png_path, "md": md_path}
    if results_md is not None:
        results_md = Path(results_md)
        rel = Path(os.path.relpath(out, results_md.parent))
        write_section(
            results_md,
            "scale",
            scale_markdown(
                result,
                time_limit,
                workers,
                (rel / "scale.png").as_posix(),
                (rel / "scale.csv").as_posix(),
            ),
        )
        result.files["results"] = results_md
    return result


def _s(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _fit_text(fit: tuple[float, float, float] | None) -> str:
    return "not enough points" if fit is None else f"k = {fit[0]:.2f} (R² {fit[2]:.2f})"


def scale_markdown(
    result: ScaleResult, time_limit: float, workers: int, png: str, csv_name: str
) -> str:
    pts = result.points
    lines = [
        "## Scale curve",
        "",
        f"`schedsolve bench --scale`: generated stores (tightness {TIGHTNESS}, seed {SEED}),"
        f" CP-SAT {time_limit:g} s limit per point, stopped at the first solution within"
        f" {100 * TARGET_GAP:g} % of the bound; {workers} workers; one spawned process per"
        f" point; {platform.machine()}, {os.cpu_count()} cores, {date.today().isoformat()}."
        f" Total wall time {result.wall_seconds:.0f} s. Times in seconds from the call of"
        ' `solve` (greedy hint given; greedy time apart); "-": not reached within the limit.'
        " Status FEASIBLE means the search was stopped at the 1 % gap, not that it failed."
        " Events level off past ~40 employees because the generator caps Core demand by the"
        " eight regular blocks a day: a larger team adds candidates (who could do what), not"
        " events.",
        "",
        "| employees | weeks | events | variables | constraints | greedy s | build s"
        " | first feasible s | 1 % gap s | status | final gap | peak MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for p in pts:
        gap = "-" if p["gap"] is None else f"{100 * p['gap']:.2f} %"
        lines.append(
            f"| {p['employees']} | {p['weeks']} | {p['events']} | {p['variables']:,} |"
            f" {p['constraints']:,} | {_s(p['greedy_seconds'])} | {_s(p['build_seconds'])} |"
            f" {_s(p['first_seconds'])} | {_s(p['gap1_seconds'])} | {p['status']} | {gap} |"
            f" {p['peak_mb']:.0f} |"
        )
    f = result.fits
    missing = [f"{p['employees']}×{p['weeks']}" for p in pts if p["gap1_seconds"] is None]
    lines += [
        "",
        "Fitted growth, least squares on log-log (t ≈ c · n^k, n = model variables):",
        "",
        f"- build time: {_fit_text(f.get('build'))}",
        f"- time to first feasible: {_fit_text(f.get('first'))}",
        f"- time to 1 % gap: {_fit_text(f.get('gap1'))}"
        + (f" (points that did not reach 1 % left out: {', '.join(missing)})" if missing else ""),
        f"- model variables vs employees × weeks: {_fit_text(f.get('variables'))};"
        f" build time vs employees × weeks: {_fit_text(f.get('build_ew'))}",
    ]
    big = max(pts, key=lambda p: (p["employees"] * p["weeks"], p["employees"]))
    lines += [
        "",
        f"The largest model, {big['employees']} employees × {big['weeks']}"
        f" week{'s' if big['weeks'] > 1 else ''}"
        f" ({big['events']} events, {big['variables']:,} variables, {big['constraints']:,}"
        f" constraints), builds in **{big['build_seconds']:.2f} s**"
        f" (greedy hint {big['greedy_seconds']:.2f} s); first feasible at"
        f" {_s(big['first_seconds'])} s, 1 % gap at {_s(big['gap1_seconds'])} s, peak"
        f" {big['peak_mb']:.0f} MB.",
        "",
        f"![scale curve, log-log]({png})",
        "",
        f"Every figure per point: [{Path(csv_name).name}]({csv_name}).",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    limit = float(argv[0]) if argv else SCALE_TIME_LIMIT

    def show(i, n, point, row):
        if row is not None:
            print(f"[{i + 1}/{n}] {point[0]}x{point[1]}: {row}", flush=True)

    result = run_scale(OUT_DIR, limit, results_md=RESULTS_MD, on_point=show)
    print(result.files)


if __name__ == "__main__":
    main(sys.argv[1:])
