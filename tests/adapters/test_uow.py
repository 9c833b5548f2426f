"""Units of work: commit, rollback, and an error half-way through an import."""

from __future__ import annotations

import pytest

from adapters import mapping
from domain.generator import generate
from domain.models import TimeOff
from tests.adapters.helpers import example, load_like, row_counts
from tests.fakes import FakeUnitOfWork


class Boom(RuntimeError):
    pass


def _fail_after(monkeypatch, name: str, calls: int) -> None:
    """Make ``adapters.mapping.<name>`` raise on its ``calls + 1``-th call."""
    real = getattr(mapping, name)
    seen = {"n": 0}

    def flaky(*args, **kwargs):
        seen["n"] += 1
        if seen["n"] > calls:
            raise Boom(f"injected failure in {name}")
        return real(*args, **kwargs)

    monkeypatch.setattr(mapping, name, flaky)


@pytest.mark.parametrize("step", ["event_from_domain", "existing_from_domain"])
def test_an_error_half_way_through_an_import_leaves_no_row_behind(
    uow_factory, engine, monkeypatch, step
) -> None:
    problem = example("store-2weeks.json")
    half = (len(problem.events) if step == "event_from_domain" else len(problem.existing)) // 2
    _fail_after(monkeypatch, step, half)
    with pytest.raises(Boom), uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    assert set(row_counts(engine).values()) == {0}


def test_a_failed_reimport_leaves_the_store_as_it_was(uow_factory, engine, monkeypatch) -> None:
    problem = example("tight-week.json")
    with uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    before = row_counts(engine)
    changed = problem.model_copy(
        update={
            "time_off": [
                TimeOff(employee="E01", start=problem.horizon.start, end=problem.horizon.end)
            ],
            "existing": problem.existing[:3],
        }
    )
    _fail_after(monkeypatch, "existing_from_domain", 2)
    with pytest.raises(Boom), uow_factory() as uow:
        uow.stores.save_problem(changed)
        uow.commit()
    assert row_counts(engine) == before
    with uow_factory() as uow:
        assert load_like(uow, problem) == problem


def test_leaving_the_block_without_commit_rolls_back(any_uow_factory) -> None:
    problem = generate(employees=8, weeks=1, seed=1)
    with any_uow_factory() as uow:
        uow.stores.save_problem(problem)
    with any_uow_factory() as uow:
        assert uow.stores.get(problem.store) is None


def test_an_exception_after_some_work_rolls_all_of_it_back(any_uow_factory) -> None:
    problem = generate(employees=8, weeks=1, seed=1)
    with pytest.raises(Boom), any_uow_factory() as uow:
        uow.stores.save_problem(problem)
        raise Boom("after the save")
    with any_uow_factory() as uow:
        assert uow.stores.list() == []


def test_fake_units_of_work_share_committed_state_only() -> None:
    problem = generate(employees=8, weeks=1, seed=1)
    writer = FakeUnitOfWork()
    reader = FakeUnitOfWork(writer.state)
    with writer:
        writer.stores.save_problem(problem)
        with reader:
            assert reader.stores.get(problem.store) is None
        writer.commit()
    with reader:
        assert reader.stores.get(problem.store) is not None
    assert writer.commits == 1
