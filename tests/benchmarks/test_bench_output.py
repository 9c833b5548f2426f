"""``schedsolve bench DIR -o OUT`` writes into OUT only (issue 10, defect 8)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from benchmarks.harness import BENCH_DIR
from benchmarks.make_weeks import make_weeks

runner = CliRunner()


def _files(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` (caches left out) with its size and modification time."""
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_defect8_bench_writes_only_into_its_output_folder(tmp_path, monkeypatch):
    weeks = tmp_path / "weeks"
    make_weeks(weeks, ((8, "normal", 3),))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    package_before = _files(BENCH_DIR)
    result = runner.invoke(
        app, ["bench", str(weeks), "-o", str(tmp_path / "out"), "--time-limit", "1"]
    )
    assert result.exit_code == 0, result.output
    assert _files(BENCH_DIR) == package_before, "bench changed the installed benchmarks/"
    assert list(work.iterdir()) == [], "bench wrote into the working directory"
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["weeks.csv", "weeks.md", "weeks.png"]
    assert str(BENCH_DIR) not in result.output


def test_bench_without_an_output_folder_writes_into_the_working_directory(tmp_path, monkeypatch):
    weeks = tmp_path / "weeks"
    make_weeks(weeks, ((8, "normal", 3),))
    monkeypatch.chdir(tmp_path)
    package_before = _files(BENCH_DIR)
    result = runner.invoke(app, ["bench", str(weeks), "--time-limit", "1"])
    assert result.exit_code == 0, result.output
    assert _files(BENCH_DIR) == package_before
    assert (tmp_path / "bench-out" / "weeks.md").exists()
