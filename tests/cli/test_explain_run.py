"""``schedsolve explain --run N EVENT [--employee E] [--db URL]``: a run's line explained
from the database, stored and served again; bad combinations exit 2 with one line."""

from __future__ import annotations

import json

import pytest

from adapters.db import make_engine, session_factory, upgrade
from adapters.uow import SqlUnitOfWork
from api.services.runs import SolveParams, solve_and_store
from domain.validator import validate
from tests.cli.test_explain import one_error_line
from tests.services.test_explain_runs import tight_store


@pytest.fixture
def stored_run(tmp_path):
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    upgrade(url)
    p = tight_store()
    engine = make_engine(url)
    factory = session_factory(engine)
    uow = lambda: SqlUnitOfWork(factory)  # noqa: E731
    with uow() as u:
        u.stores.save_problem(p)
        u.commit()
    run, result = solve_and_store(
        uow, p.store, p.horizon.start, p.horizon.end, p.today, params=SolveParams(5, 1)
    )
    engine.dispose()
    assert validate(p, result.proposal).critical == 0
    (left,) = [u.event for u in result.proposal.unscheduled if u.reason == "capacity"]
    return url, run.id, left, result.proposal


def test_explain_run_computes_the_answer_once_and_then_serves_it_stored(invoke, stored_run):
    url, run, left, _ = stored_run
    first = invoke("explain", "--run", run, left, "--db", url, "--time-limit", 30)
    assert first.exit_code == 0, first.stderr
    assert f"event {left}: unscheduled (capacity)" in first.stdout
    assert "repair: fits" in first.stdout and "computed now" in first.stdout
    again = invoke("explain", "--run", run, left, "--db", url, "--json")
    assert again.exit_code == 0, again.stderr
    data = json.loads(again.stdout)
    assert set(data) == {"blocked", "repair"} and data["repair"]["feasible"] is True
    text = invoke("explain", "--run", run, left, "--db", url)
    assert f"(run {run}: stored with its line)" in text.stdout


def test_explain_run_with_an_employee_answers_why_not_her(invoke, stored_run):
    url, run, left, proposal = stored_run
    busy = proposal.assignments[0].employee
    result = invoke(
        "explain", "--run", run, left, "--employee", busy, "--db", url, "--time-limit", 30
    )
    assert result.exit_code == 0, result.stderr
    assert f"why not {busy} for {left}" in result.stdout and "H09" in result.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--run", "@run", "a.json", "b.json", "@left"], "--run: give the event only"),
        (["--run", "99", "@left"], "--run: run 99 not found"),
        (["--run", "@run", "NOPE"], "--run: event NOPE not found in run"),
        (["--run", "@run", "@left", "--employee", "E99"], "employee E99 not found in store"),
        (["--run", "@run", "@done"], "is scheduled in run"),
        (["only-an-event"], "give PROBLEM PROPOSAL EVENT"),
        (["a.json", "b.json", "C1", "--db", "@url"], "--db: only goes with --run"),
    ],
)
def test_explain_run_bad_combinations_exit_2_with_one_line(invoke, stored_run, args, needle):
    url, run, left, proposal = stored_run
    names = {"@run": str(run), "@left": left, "@done": proposal.assignments[0].event, "@url": url}
    args = [names.get(a, a) for a in args]
    if "--run" in args and "--db" not in args:
        args += ["--db", url]
    line = one_error_line(invoke("explain", *args))
    assert needle in line
