"""Problem files <-> database: round trips, re-import semantics, lookaround."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from adapters.mapping import covered_span, load_window
from adapters.repository import StoreNotFound
from domain.generator import generate
from domain.models import Event, Holiday, TimeOff
from domain.parse import InputError, parse_problem
from tests.adapters.helpers import EXAMPLE_FILES, load_like, row_counts


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_an_example_file_saved_and_loaded_back_is_equal_to_itself(uow_factory, path) -> None:
    problem = parse_problem(path.read_text(encoding="utf-8"))
    with uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    with uow_factory() as uow:
        assert load_like(uow, problem) == problem


def test_a_generated_store_round_trips_on_every_backend(any_uow_factory) -> None:
    problem = generate(employees=18, weeks=3, seed=11, tightness="tight")
    with any_uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    with any_uow_factory() as uow:
        loaded = load_like(uow, problem)
    assert loaded == problem
    assert loaded.settings.model_dump(exclude_unset=True) == problem.settings.model_dump(
        exclude_unset=True
    )


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_round_trip_through_the_fake_repositories_too(path) -> None:
    from tests.fakes import FakeUnitOfWork

    problem = parse_problem(path.read_text(encoding="utf-8"))
    uow = FakeUnitOfWork()
    with uow:
        uow.stores.save_problem(problem)
        uow.commit()
    with uow:
        assert load_like(uow, problem) == problem


def test_importing_the_same_file_twice_duplicates_nothing(uow_factory, engine) -> None:
    problem = generate(employees=12, weeks=2, seed=4)
    with uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    once = row_counts(engine)
    with uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    assert row_counts(engine) == once
    with uow_factory() as uow:
        assert load_like(uow, problem) == problem


def test_settings_keep_only_what_the_file_set(any_uow_factory) -> None:
    problem = generate(employees=8, weeks=1, seed=2)
    problem = problem.model_copy(update={"settings": type(problem.settings)(buffer_days=5)})
    with any_uow_factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    with any_uow_factory() as uow:
        assert uow.stores.get(problem.store).settings == {"buffer_days": 5}
        assert [s.id for s in uow.stores.list()] == [problem.store]


def test_a_reimport_replaces_calendar_entries_of_its_span_and_keeps_others(
    any_uow_factory,
) -> None:
    first = generate(employees=10, weeks=1, seed=7)
    far = first.horizon.start + timedelta(days=120)
    later = first.model_copy(
        update={
            "horizon": first.horizon.model_copy(update={"start": far, "end": far + timedelta(6)}),
            "today": far - timedelta(days=3),
            "events": [],
            "existing": [],
            "time_off": [TimeOff(employee=first.employees[0].id, start=far, end=far)],
            "holidays": [Holiday(date=far + timedelta(2), name="far")],
            "availability_overrides": [],
            "locked_days": [],
            "rotation_exceptions": [],
        }
    )
    with any_uow_factory() as uow:
        uow.stores.save_problem(first)
        uow.stores.save_problem(later)
        uow.commit()
    changed = first.model_copy(update={"time_off": [], "holidays": []})
    with any_uow_factory() as uow:
        uow.stores.save_problem(changed)
        uow.commit()
    with any_uow_factory() as uow:
        assert load_like(uow, changed).time_off == []
        assert load_like(uow, changed).holidays == []
        far_back = uow.stores.load_problem(later.store, far, far + timedelta(6), later.today)
    assert far_back.time_off == later.time_off
    assert far_back.holidays == later.holidays
    # Events are never deleted by an import: the first file's events are still there.
    assert far_back.events == []


def test_load_takes_the_events_that_meet_the_lookaround_window(any_uow_factory) -> None:
    problem = generate(employees=8, weeks=1, seed=3)
    start = problem.horizon.start
    lo, hi = load_window(start, problem.horizon.end)
    assert lo == start - timedelta(days=28)

    def ev(code: str, first: datetime, last: datetime) -> Event:
        return Event(id=code, name=f"{code} Freeosk", start=first, due=last)

    day = timedelta(days=1)
    edge = [
        ev(
            "before",
            datetime.combine(lo - 3 * day, datetime.min.time()),
            datetime.combine(lo - day, datetime.min.time()).replace(hour=23, minute=59),
        ),
        ev(
            "touching",
            datetime.combine(lo - 3 * day, datetime.min.time()),
            datetime.combine(lo, datetime.min.time()).replace(hour=9),
        ),
        ev(
            "last-day",
            datetime.combine(hi, datetime.min.time()).replace(hour=23),
            datetime.combine(hi + day, datetime.min.time()).replace(hour=5),
        ),
        ev(
            "after",
            datetime.combine(hi + day, datetime.min.time()),
            datetime.combine(hi + 2 * day, datetime.min.time()),
        ),
    ]
    with any_uow_factory() as uow:
        uow.stores.save_problem(problem.model_copy(update={"events": problem.events + edge}))
        uow.commit()
    with any_uow_factory() as uow:
        codes = [e.id for e in load_like(uow, problem).events]
        shorter = uow.stores.load_problem(
            problem.store, start, problem.horizon.end, problem.today, lookaround_days=0
        )
    assert codes == [e.id for e in problem.events] + ["touching", "last-day"]
    assert all(e.due.date() >= start for e in shorter.events)


def test_the_covered_span_reaches_every_date_the_file_names() -> None:
    problem = generate(employees=8, weeks=1, seed=3)
    far = problem.horizon.end + timedelta(days=90)
    problem = problem.model_copy(update={"holidays": [Holiday(date=far)]})
    lo, hi = covered_span(problem)
    assert lo == problem.horizon.start - timedelta(days=28)
    assert hi == far


def test_a_file_naming_a_holiday_twice_is_refused(any_uow_factory) -> None:
    problem = generate(employees=8, weeks=1, seed=3)
    day = problem.horizon.start
    problem = problem.model_copy(update={"holidays": [Holiday(date=day), Holiday(date=day)]})
    with any_uow_factory() as uow, pytest.raises(InputError, match=r"holidays\[1\]\.date"):
        uow.stores.save_problem(problem)


def test_loading_an_unknown_store_raises_store_not_found(any_uow_factory) -> None:
    with any_uow_factory() as uow, pytest.raises(StoreNotFound, match="^store nope not found$"):
        uow.stores.load_problem("nope", date(2026, 3, 1), date(2026, 3, 7), date(2026, 2, 27))
