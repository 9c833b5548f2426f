"""The run queries the services used to write in SQL, now repository methods (issue 10).

Each behaves the same in SQL (SQLite, PostgreSQL) and in memory.
"""

from __future__ import annotations

import pytest

from adapters.repository import LockTaken
from tests.adapters.test_repository import PROBLEM, _run


@pytest.fixture
def store_uow(any_uow_factory):
    """``any_uow_factory`` with the store of ``PROBLEM`` saved."""
    with any_uow_factory() as uow:
        uow.stores.save_problem(PROBLEM)
        uow.commit()
    return any_uow_factory


def test_a_run_is_found_by_its_store_and_idempotency_key_the_first_one_first(store_uow) -> None:
    with store_uow() as uow:
        first = uow.runs.add(_run(idempotency_key="k1"))
        uow.runs.add(_run(idempotency_key="k2"))
        uow.runs.add(_run(idempotency_key="k1"))
        uow.commit()
    with store_uow() as uow:
        assert uow.runs.find_by_idempotency_key(PROBLEM.store, "k1").id == first.id
        assert uow.runs.find_by_idempotency_key(PROBLEM.store, "nope") is None
        assert uow.runs.find_by_idempotency_key("other-store", "k1") is None


def test_a_cancel_request_is_a_flag_on_the_run_kept_by_commit_only(store_uow) -> None:
    with store_uow() as uow:
        run = uow.runs.add(_run())
        uow.commit()
    with store_uow() as uow:
        assert uow.runs.cancel_requested(run.id) is False
        uow.runs.request_cancel(run.id)
        # no commit: rolled back
    with store_uow() as uow:
        assert uow.runs.cancel_requested(run.id) is False
        uow.runs.request_cancel(run.id)
        uow.commit()
    with store_uow() as uow:
        assert uow.runs.cancel_requested(run.id) is True
        assert uow.runs.cancel_requested(run.id + 1000) is False


def test_a_second_run_with_a_held_active_lock_is_refused_as_lock_taken(store_uow) -> None:
    with store_uow() as uow:
        uow.runs.add(_run(kind="nightly", status="queued", active_lock="nightly:x"))
        uow.commit()
    with pytest.raises(LockTaken, match="nightly:x"), store_uow() as uow:
        uow.runs.add(_run(kind="nightly", status="queued", active_lock="nightly:x"))
    with store_uow() as uow:
        assert len(uow.runs.list(kind="nightly")) == 1


def test_begin_write_then_reads_and_writes_in_one_unit_of_work(store_uow) -> None:
    with store_uow() as uow:
        uow.begin_write()
        assert uow.runs.list() == []
        uow.runs.add(_run())
        uow.commit()
    with store_uow() as uow:
        assert len(uow.runs.list()) == 1


def test_a_sql_unit_of_work_names_its_database_and_the_fake_none(any_uow_factory) -> None:
    with any_uow_factory() as uow:
        url = uow.database_url
    if type(uow).__name__ == "FakeUnitOfWork":
        assert url is None
    else:
        assert url.split(":")[0] in ("sqlite", "postgresql+psycopg")
