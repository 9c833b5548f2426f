"""Run, approval and refused-line events as JSON log lines (issue 10, defect 16)."""

from __future__ import annotations

import io
import json

import pytest

from adapters import logs
from api.services.review import approve, reject
from tests.services.test_runs_and_review import _solve, store  # noqa: F401  (fixture)


@pytest.fixture
def log_lines(monkeypatch):
    monkeypatch.delenv(logs.LEVEL_ENV, raising=False)
    monkeypatch.delenv(logs.INHERIT_ENV, raising=False)
    buffer = io.StringIO()
    logs.configure("INFO", stream=buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    logs.configure("WARNING", stream=io.StringIO())


def _events(lines, name):
    return [line for line in lines if line["event"] == name]


def test_defect16_a_run_logs_its_start_and_end_with_store_and_run_id(
    any_uow_factory,
    store,  # noqa: F811
    log_lines,
):
    run, _ = _solve(any_uow_factory, store)
    lines = log_lines()
    (started,) = _events(lines, "run.started")
    (finished,) = _events(lines, "run.finished")
    for line in (started, finished):
        assert (line["store"], line["run_id"]) == (store.store, run.id)
    assert finished["status"] == "succeeded" and finished["assigned"] == run.counts["assigned"]


def test_defect16_an_approval_and_each_refused_line_are_logged(
    any_uow_factory,
    store,  # noqa: F811
    log_lines,
):
    run, result = _solve(any_uow_factory, store)
    victim = next(a for a in result.proposal.assignments if a.change == "new")
    doc = store.model_dump(mode="json")
    day = victim.start.date().isoformat()
    doc["time_off"].append({"employee": victim.employee, "start": day, "end": day})
    with any_uow_factory() as uow:
        uow.stores.save_problem(type(store).model_validate(doc))
        uow.commit()
    outcome = approve(any_uow_factory, run.id)
    lines = log_lines()
    (approved,) = _events(lines, "run.approved")
    assert (approved["store"], approved["run_id"]) == (store.store, run.id)
    assert approved["approved"] == len(outcome.approved) and approved["refused"] >= 1
    refused = _events(lines, "line.refused")
    assert {line["line_id"] for line in refused} == {i for i, _ in outcome.refused}
    assert all(line["store"] == store.store and line["run_id"] == run.id for line in refused)
    assert all(line["level"] == "warning" and line["rule"] for line in refused)


def test_a_rejection_is_logged(any_uow_factory, store, log_lines):  # noqa: F811
    run, _ = _solve(any_uow_factory, store)
    ids = reject(any_uow_factory, run.id)
    (line,) = _events(log_lines(), "run.rejected")
    assert (line["store"], line["run_id"], line["rejected"]) == (store.store, run.id, len(ids))
