"""Shared helpers of the adapter tests."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from adapters.orm import Base
from domain.models import Problem
from domain.parse import parse_problem
from tests.paths import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.json"))


def example(name: str) -> Problem:
    return parse_problem((EXAMPLES / name).read_text(encoding="utf-8"))


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table of the schema."""
    with engine.connect() as conn:
        return {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in Base.metadata.sorted_tables
        }


def row_counts_at(url: str) -> dict[str, int]:
    """Rows per table of the database at ``url`` (its own short-lived engine)."""
    from adapters.db import make_engine

    engine = make_engine(url)
    try:
        return row_counts(engine)
    finally:
        engine.dispose()


def load_like(uow, problem: Problem) -> Problem:
    """Load ``problem``'s store, horizon and today back from ``uow``."""
    return uow.stores.load_problem(
        problem.store, problem.horizon.start, problem.horizon.end, problem.today
    )
