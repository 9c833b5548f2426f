"""A what-if is not an approvable run (issue 10, defect 12)."""

from __future__ import annotations

import pytest

from api.services.review import ReviewError, approve, reject
from api.services.whatif import Scenario, whatif
from tests.services.test_whatif import base_of, juicer_off, juicer_store


@pytest.fixture
def whatif_run(any_uow_factory):
    p = juicer_store()
    with any_uow_factory() as uow:
        uow.stores.save_problem(p)
        uow.commit()
    answer = whatif(
        any_uow_factory, p.store, base_of(p, time_limit=2), [juicer_off(), Scenario(name="same")]
    )
    with any_uow_factory() as uow:
        return uow.runs.get(answer.run_id)


def test_defect12_a_whatif_run_is_finished_and_never_pending_review(whatif_run):
    assert whatif_run.kind == "whatif" and whatif_run.status == "succeeded"
    assert whatif_run.review == "none"


@pytest.mark.parametrize("action", [approve, reject])
def test_defect12_approve_and_reject_refuse_a_whatif_saying_what_it_is(
    any_uow_factory, whatif_run, action
):
    with pytest.raises(ReviewError, match="what-if"):
        action(any_uow_factory, whatif_run.id)
    with any_uow_factory() as uow:
        assert uow.runs.get(whatif_run.id).review == "none"
