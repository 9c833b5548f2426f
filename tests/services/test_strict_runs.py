"""Strict priority mode through the run use case: the params' mode, else the store's."""

from __future__ import annotations

import pytest

from api.services.runs import SolveParams, solve_and_store
from domain.generator import generate
from domain.models import Settings
from domain.validator import validate


def _save(factory, problem):
    with factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    return problem


def _solve(factory, p, **params):
    params = SolveParams(time_limit=5, workers=1, seed=0, **params)
    return solve_and_store(factory, p.store, p.horizon.start, p.horizon.end, p.today, params=params)


@pytest.mark.parametrize("mode", ["strict", "weighted"])
def test_a_run_solves_in_the_mode_its_params_name(any_uow_factory, mode):
    p = _save(any_uow_factory, generate(6, 1, seed=3))
    run, result = _solve(any_uow_factory, p, priority_mode=mode)
    assert validate(p, result.proposal).critical == 0
    assert (result.proposal.levels is not None) == (mode == "strict")
    assert ("levels" in run.counts) == (mode == "strict")
    assert run.params["priority_mode"] == mode


def test_a_run_without_a_mode_takes_the_stores_setting(any_uow_factory):
    base = generate(6, 1, seed=3)
    settings = Settings.model_validate(
        {**base.settings.model_dump(exclude_unset=True), "priority_mode": "strict"}
    )
    strict = base.model_copy(update={"settings": settings})
    p = _save(any_uow_factory, strict)
    run, result = _solve(any_uow_factory, p)
    assert validate(p, result.proposal).critical == 0
    assert result.proposal.levels is not None
    assert [lv["priority"] for lv in run.counts["levels"]] == sorted(
        lv["priority"] for lv in run.counts["levels"]
    )


@pytest.mark.parametrize("mode", ["strict", "weighted"])
def test_a_whatif_solves_its_base_and_scenarios_in_the_mode_it_names(mode):
    from api.services.whatif import run_whatif
    from tests.services.test_whatif import base_of, juicer_off, juicer_store

    p = juicer_store()
    answer, base = run_whatif(p, base_of(p, priority_mode=mode), [juicer_off()])
    assert validate(p, base.proposal).critical == 0
    assert (base.proposal.levels is not None) == (mode == "strict")
    assert len(answer.scenarios) == 1


def test_a_whatif_with_an_unknown_priority_mode_is_refused_naming_the_field():
    from pydantic import ValidationError

    from tests.services.test_whatif import base_of, juicer_store

    with pytest.raises(ValidationError, match="priority_mode"):
        base_of(juicer_store(), priority_mode="lexicographic")
