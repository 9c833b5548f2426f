"""``solve --explain`` / ``--explain-limit`` and ``run --explain``: capacity events explained
into the proposal (and, for runs, stored with their lines)."""

from __future__ import annotations

import pytest

from adapters.db import make_engine, session_factory, upgrade
from adapters.uow import SqlUnitOfWork
from domain.facts import Facts
from domain.parse import dump, parse_proposal
from domain.repair import apply_repair
from domain.validator import validate
from tests.services.test_explain_runs import tight_store


@pytest.fixture
def problem_path(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(dump(tight_store()), encoding="utf-8")
    return path


def test_solve_explain_writes_each_capacity_events_explanation_into_the_proposal(
    invoke, problem_path, tmp_path
):
    out = tmp_path / "proposal.json"
    result = invoke(
        "solve", problem_path, "-o", out, "--time-limit", 5, "--workers", 2, "--explain",
        "--explain-seconds", 30,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "1 capacity event(s) explained" in result.stdout
    p = tight_store()
    proposal = parse_proposal(out.read_text())
    assert validate(p, proposal).critical == 0
    (left,) = [u for u in proposal.unscheduled if u.reason == "capacity"]
    fix = left.explanation.repair
    assert fix.feasible and any("H09" in b.rules for b in left.explanation.blocked)
    assert validate(p, apply_repair(Facts(p), proposal, fix)).critical == 0


def test_solve_explain_limit_zero_explains_nothing(invoke, problem_path, tmp_path):
    out = tmp_path / "proposal.json"
    result = invoke(
        "solve", problem_path, "-o", out, "--time-limit", 5, "--explain", "--explain-limit", 0
    )
    assert result.exit_code == 0, result.stderr
    proposal = parse_proposal(out.read_text())
    assert validate(tight_store(), proposal).critical == 0
    assert all(u.explanation is None for u in proposal.unscheduled)


def test_solve_explain_limit_below_zero_exits_2_with_one_line(invoke, problem_path, tmp_path):
    result = invoke("solve", problem_path, "-o", tmp_path / "x.json", "--explain-limit", -1)
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "--explain-limit" in result.stderr


def test_run_explain_stores_the_capacity_explanations_with_the_runs_lines(invoke, tmp_path):
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    upgrade(url)
    p = tight_store()
    engine = make_engine(url)
    factory = session_factory(engine)
    with SqlUnitOfWork(factory) as uow:
        uow.stores.save_problem(p)
        uow.commit()
    result = invoke(
        "run", "--store", p.store, "--from", "2026-03-01", "--to", "2026-03-07",
        "--today", "2026-02-26", "--time-limit", 5, "--workers", 1, "--explain",
        "--explain-seconds", 30, "--db", url,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    with SqlUnitOfWork(factory) as uow:
        (run,) = uow.runs.list()
        lines = uow.pending.list_by_run(run.id)
    engine.dispose()
    assert run.counts["explained"] == 1 and run.params["explain"] is True
    (left,) = [x for x in lines if x.unscheduled_reason == "capacity"]
    assert left.explanation is not None and left.explanation.repair.feasible
    text = invoke("explain", "--run", run.id, left.event, "--db", url)
    assert f"(run {run.id}: stored with its line)" in text.stdout
