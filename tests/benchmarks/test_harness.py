"""Benchmarks: the week replay harness, the shipped week set, the CLI, exponent fitting.

Fast and free of timing assertions: tiny generated weeks, short time limits.
"""

from __future__ import annotations

import csv
import hashlib
import math

import pytest
from typer.testing import CliRunner

from api.cli import app
from benchmarks.harness import gain, run_weeks, totals_of, week_files, write_section
from benchmarks.make_weeks import WEEKS, make_weeks
from benchmarks.scale import fit_exponent, fits_of, run_scale, scale_markdown

runner = CliRunner()

TINY = ((8, "normal", 3), (10, "tight", 4))


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench")
    weeks = make_weeks(root / "weeks", TINY)
    results = root / "RESULTS.md"
    results.write_text(
        "# Mine\n\nkept text\n\n<!-- weeks:start -->\nold\n<!-- weeks:end -->\n\ntail text\n",
        encoding="utf-8",
    )
    seen: list[tuple[int, str, bool]] = []
    result = run_weeks(
        root / "weeks",
        root / "out",
        time_limit=2,
        workers=2,
        results_md=results,
        on_week=lambda i, n, p, row: seen.append((i, p.name, row is None)),
    )
    return root, weeks, result, seen


def test_run_weeks_writes_markdown_csv_and_png(replay):
    root, weeks, result, seen = replay
    out = root / "out"
    for name in ("weeks.csv", "weeks.md", "weeks.png"):
        assert (out / name).stat().st_size > 0
    assert (out / "weeks.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(seen) == 4 and [s[2] for s in seen] == [True, False, True, False]
    md = (out / "weeks.md").read_text()
    for w in weeks:
        assert w.name in md
    assert "**total**" in md and "Gain of CP-SAT over greedy" in md


def test_run_weeks_numbers_are_consistent(replay):
    root, weeks, result, _ = replay
    assert [r["file"] for r in result.rows] == [w.name for w in weeks]
    for r in result.rows:
        assert r["scheduled_cpsat"] >= r["scheduled_greedy"]
        assert r["s1s2_cpsat"] >= r["s1s2_greedy"]
        assert r["critical_cpsat"] == 0
        assert r["scheduled_cpsat"] <= r["active_events"]
        assert 0 <= r["health_cpsat"] <= 100
        if r["objective_solver"] is not None:
            assert r["objective_solver"] == r["objective_cpsat"]
    assert result.regressions() == []
    t = result.totals
    assert t["scheduled_cpsat"] == sum(r["scheduled_cpsat"] for r in result.rows)
    assert t["s1s2_greedy"] == sum(r["s1s2_greedy"] for r in result.rows)
    assert result.gain_scheduled == pytest.approx(
        100 * (t["scheduled_cpsat"] - t["scheduled_greedy"]) / t["scheduled_greedy"]
    )
    with (root / "out" / "weeks.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert [r["file"] for r in rows] == [w.name for w in weeks] + ["TOTAL"]
    assert int(rows[-1]["scheduled_cpsat"]) == t["scheduled_cpsat"]
    assert int(rows[0]["critical_cpsat"]) == 0


def test_run_weeks_rewrites_only_its_section_of_results(replay):
    root, _, result, _ = replay
    text = (root / "RESULTS.md").read_text()
    assert text.startswith("# Mine\n\nkept text\n")
    assert text.rstrip().endswith("tail text")
    assert "old" not in text
    assert text.count("<!-- weeks:start -->") == 1 and text.count("<!-- weeks:end -->") == 1
    assert "](out/weeks.png)" in text


def test_write_section_creates_the_file_with_a_header_and_appends_new_markers(tmp_path):
    path = tmp_path / "RESULTS.md"
    write_section(path, "weeks", "first")
    text = path.read_text()
    assert text.startswith("# Benchmarks") and "cores" in text
    assert "<!-- solver:start -->" in text  # room for the solver table
    write_section(path, "weeks", "second")
    write_section(path, "other", "third")
    text = path.read_text()
    assert "first" not in text and "second" in text
    assert text.index("second") < text.index("<!-- other:start -->\nthird\n<!-- other:end -->")


def test_gain_and_totals():
    assert gain(110, 100) == pytest.approx(10.0)
    assert gain(5, 0) is None
    rows = [
        {
            "employees": 1,
            "active_events": 2,
            "scheduled_greedy": 1,
            "scheduled_cpsat": 2,
            "s1s2_greedy": 3,
            "s1s2_cpsat": 4,
            "objective_greedy": 5,
            "objective_cpsat": 6,
            "critical_greedy": 0,
            "critical_cpsat": 0,
            "greedy_seconds": 0.5,
            "cpsat_seconds": 1.25,
        }
    ] * 2
    t = totals_of(rows)
    assert t["file"] == "TOTAL" and t["scheduled_cpsat"] == 4 and t["cpsat_seconds"] == 2.5


def test_make_weeks_is_deterministic_and_ships_at_least_12_varied_weeks(tmp_path):
    a = make_weeks(tmp_path / "a", WEEKS[:3])
    b = make_weeks(tmp_path / "b", WEEKS[:3])
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in a]
    assert digest == [hashlib.sha256(p.read_bytes()).hexdigest() for p in b]
    assert [p.name for p in a] == [p.name for p in b]
    assert len(WEEKS) >= 12
    assert {t for _, t, _ in WEEKS} == {"loose", "normal", "tight"}
    assert len({s for *_, s in WEEKS}) == len(WEEKS)
    assert min(e for e, *_ in WEEKS) <= 10 and max(e for e, *_ in WEEKS) >= 80


def test_the_shipped_weeks_are_what_make_weeks_writes(tmp_path):
    shipped = week_files(__import__("benchmarks.make_weeks").make_weeks.WEEKS_DIR)
    fresh = make_weeks(tmp_path)
    assert [p.name for p in shipped] == [p.name for p in fresh]
    for s, f in zip(shipped, fresh, strict=True):
        assert s.read_bytes() == f.read_bytes(), s.name


@pytest.mark.parametrize(
    "setup, expected",
    [
        ("missing", "no such folder"),
        ("empty", "no problem files"),
        ("file", "is not a folder"),
    ],
)
def test_bench_on_a_bad_folder_exits_2_with_one_line(tmp_path, setup, expected):
    target = tmp_path / "weeks"
    if setup == "empty":
        target.mkdir()
    elif setup == "file":
        target.write_text("{}")
    result = runner.invoke(
        app,
        ["bench", str(target), "-o", str(tmp_path / "out"), "--results", str(tmp_path / "R.md")],
    )
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0] and str(target) in lines[0]
    assert not (tmp_path / "out").exists() and not (tmp_path / "R.md").exists()


def test_bench_on_a_bad_problem_file_names_it_and_exits_2(tmp_path):
    folder = tmp_path / "weeks"
    folder.mkdir()
    (folder / "a.json").write_text('{"format": "schedule-problem/1"', encoding="utf-8")
    result = runner.invoke(app, ["bench", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "a.json" in lines[0]


@pytest.mark.parametrize(
    "args, expected",
    [
        ([], "WEEKS_DIR"),
        (["somewhere", "--scale"], "--scale"),
        (["somewhere", "--time-limit", "0"], "--time-limit"),
    ],
)
def test_bench_usage_errors_exit_2_with_one_line(args, expected):
    result = runner.invoke(app, ["bench", *args])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0]


def test_bench_cli_replays_a_folder(tmp_path):
    make_weeks(tmp_path / "weeks", TINY[:1])
    result = runner.invoke(
        app,
        [
            "bench",
            str(tmp_path / "weeks"),
            "-o",
            str(tmp_path / "out"),
            "--time-limit",
            "2",
            "--results",
            str(tmp_path / "R.md"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "1 weeks in" in result.output
    assert (tmp_path / "out" / "weeks.png").exists()
    assert "<!-- weeks:start -->" in (tmp_path / "R.md").read_text()


# --- scale curve ------------------------------------------------------------------


def test_fit_exponent_recovers_a_power_law():
    xs = [10, 20, 40, 80, 160, 320]
    k, c, r2 = fit_exponent(xs, [3.0 * x**1.5 for x in xs])
    assert k == pytest.approx(1.5)
    assert c == pytest.approx(3.0)
    assert r2 == pytest.approx(1.0)


def test_fit_exponent_least_squares_on_noisy_data():
    xs = [1.0, 10.0, 100.0, 1000.0]
    noise = [1.1, 0.9, 1.1, 0.9]
    k, _, r2 = fit_exponent(xs, [0.01 * x**2 * e for x, e in zip(xs, noise, strict=True)])
    # Slope of log y on log x by hand: log-noise (+a, -a, +a, -a) tilts it slightly.
    a = math.log(1.1 / 0.9) / 2
    lx = [math.log(x) for x in xs]
    m = sum(lx) / 4
    tilt = sum((x - m) * s * a for x, s in zip(lx, (1, -1, 1, -1), strict=True)) / sum(
        (x - m) ** 2 for x in lx
    )
    assert k == pytest.approx(2 + tilt)
    assert 0.99 < r2 < 1.0


def test_fit_exponent_needs_two_distinct_positive_points():
    with pytest.raises(ValueError):
        fit_exponent([10], [1.0])
    with pytest.raises(ValueError):
        fit_exponent([10, 10], [1.0, 2.0])
    with pytest.raises(ValueError):
        fit_exponent([10, 20], [0.0, 1.0])


def _fake_point(employees: int, weeks: int, time_limit: float, workers: int) -> dict:
    n = 100 * employees * weeks
    return {
        "employees": employees,
        "weeks": weeks,
        "events": 5 * employees * weeks,
        "variables": n,
        "constraints": n // 2,
        "candidates": n // 3,
        "greedy_seconds": 0.01,
        "build_seconds": 1e-5 * n,
        "first_seconds": 2e-5 * n,
        "gap1_seconds": None if n > 10_000 else 1e-7 * n**2,
        "runtime": 1.0,
        "status": "FEASIBLE",
        "gap": 0.005,
        "peak_mb": 100.0,
    }


def test_run_scale_writes_csv_png_markdown_and_the_fitted_exponents(tmp_path):
    results = tmp_path / "RESULTS.md"
    result = run_scale(
        tmp_path / "out",
        1,
        2,
        points=[(10, 1), (20, 1), (40, 2), (80, 4)],
        results_md=results,
        runner=_fake_point,
    )
    assert result.fits["build"][0] == pytest.approx(1.0)
    assert result.fits["gap1"][0] == pytest.approx(2.0)  # 80x4 (no 1 % gap) left out
    for name in ("scale.csv", "scale.png", "scale.md"):
        assert (tmp_path / "out" / name).stat().st_size > 0
    text = results.read_text()
    assert "<!-- scale:start -->" in text and "build time: k = 1.00" in text
    assert "80 employees × 4 weeks" in text and "80×4" in text


def test_scale_markdown_states_the_largest_build_time():
    pts = [_fake_point(e, w, 1, 2) for e, w in ((10, 1), (200, 4))]
    from benchmarks.scale import ScaleResult

    md = scale_markdown(ScaleResult(pts, fits_of(pts), 1.0), 60, 2, "s.png", "s.csv")
    assert "200 employees × 4 weeks" in md and "builds in **0.80 s**" in md
