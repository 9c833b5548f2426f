"""``runs``, ``review``, ``approve`` and ``reject`` of a what-if run (issue 10, defect 12)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from adapters.db import upgrade
from api.cli import app
from api.services.jobs import uow_factory_for
from api.services.whatif import Scenario, whatif
from tests.services.test_whatif import base_of, juicer_off, juicer_store

runner = CliRunner()


@pytest.fixture
def whatif_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    upgrade(url)
    factory, dispose = uow_factory_for(url)
    p = juicer_store()
    with factory() as uow:
        uow.stores.save_problem(p)
        uow.commit()
    answer = whatif(factory, p.store, base_of(p, time_limit=2), [juicer_off(), Scenario(name="x")])
    dispose()
    return url, answer


def test_defect12_runs_does_not_list_a_whatif_as_pending(whatif_db):
    url, answer = whatif_db
    result = runner.invoke(app, ["runs", "--db", url])
    assert result.exit_code == 0, result.output
    (row,) = [line for line in result.output.splitlines() if "whatif" in line]
    assert "pending" not in row and "succeeded" in row


def test_defect12_review_of_a_whatif_shows_its_comparison(whatif_db):
    url, answer = whatif_db
    result = runner.invoke(app, ["review", str(answer.run_id), "--db", url])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    assert "what-if" in text and "not a proposal" in text
    assert "the only juicer is off on Monday" in text
    assert str(answer.base.scheduled) in text


@pytest.mark.parametrize("command", ["approve", "reject"])
def test_defect12_approve_or_reject_of_a_whatif_exits_2_saying_what_it_is(whatif_db, command):
    url, answer = whatif_db
    result = runner.invoke(app, [command, str(answer.run_id), "--db", url])
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "what-if" in lines[0]
    assert "lines approved" not in result.output
