"""``schedsolve report ...``: defaults that follow a demo, files written, bad input exits 2."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.reports.helpers import pages


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """A SQLite database with one generated store, solved and approved."""
    from adapters.db import make_engine, session_factory, upgrade
    from adapters.uow import SqlUnitOfWork
    from api.services.review import approve
    from api.services.runs import SolveParams, solve_and_store
    from domain.generator import generate

    url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'r.db'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)

    def factory():
        return SqlUnitOfWork(sessions)

    problem = generate(8, 1, seed=5)
    with factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    run, _ = solve_and_store(
        factory,
        problem.store,
        problem.horizon.start,
        problem.horizon.end,
        problem.today,
        params=SolveParams(time_limit=2, workers=1),
    )
    approve(factory, run.id)
    engine.dispose()
    return url, problem, run


def _report(*args):
    return CliRunner().invoke(app, ["report", *map(str, args)])


@pytest.mark.parametrize("kind", ["review", "weekly", "daily", "packet"])
def test_each_report_needs_only_an_output_file_after_a_solve(db, tmp_path, kind):
    url, problem, run = db
    out = tmp_path / f"{kind}.pdf"
    result = _report(kind, "-o", out, "--db", url)
    assert result.exit_code == 0, result.stderr
    assert str(out) in result.stdout
    texts = pages(out.read_bytes())
    assert texts and f"Store {problem.store}" in texts[0]
    if kind == "daily":
        assert len(texts) == 1 and f"{problem.horizon.start:%A %Y-%m-%d}" in texts[0]
    if kind == "review":
        assert f"run {run.id}" in texts[0]


def test_a_date_picks_the_day_of_the_daily_schedule(db, tmp_path):
    url, problem, _ = db
    day = problem.horizon.end
    out = tmp_path / "d.pdf"
    result = _report("daily", "--date", day, "--store", problem.store, "-o", out, "--db", url)
    assert result.exit_code == 0, result.stderr
    assert f"{day:%A %Y-%m-%d}" in pages(out.read_bytes())[0]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["review", "--run", "999"], "999"),
        (["weekly", "--store", "nope"], "nope"),
        (["whatif"], "--run"),
        (["daily", "--date", "2026-13-01"], "--date"),
    ],
)
def test_bad_input_exits_2_with_one_line(db, tmp_path, args, words):
    url, *_ = db
    result = _report(*args, "-o", tmp_path / "x.pdf", "--db", url)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0]
    assert not (tmp_path / "x.pdf").exists()
