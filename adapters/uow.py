"""Units of work: one database transaction, with the repositories that work inside it.

Usage (cosmicpython style: commit is explicit)::

    with uow:                       # begins a transaction
        run = uow.runs.get_for_update(run_id)
        ...
        uow.commit()                # without it, leaving the block rolls back

Leaving the ``with`` block, by an exception or without :meth:`commit`, rolls
everything of the block back. Call ``commit()`` once, at the end of the block.

``uow.stores`` / ``uow.runs`` / ``uow.pending`` / ``uow.schedules`` are the
repositories of :mod:`adapters.repository` (their interface is written down
there), ``uow.explanations`` that of :mod:`adapters.explanations`.
:class:`SqlUnitOfWork` runs on a SQLAlchemy session (``uow.session`` for
anything the repositories lack). The tests' in-memory twin,
``FakeUnitOfWork``, lives in ``tests/fakes.py``: production code never uses it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Self

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from adapters.explanations import ExplanationRepository, SqlExplanationRepository
from adapters.publish_repo import SqlPublishRepository
from adapters.repository import (
    PendingRepository,
    RunRepository,
    ScheduleRepository,
    StoreRepository,
)
from adapters.sql_repository import (
    SqlPendingRepository,
    SqlRunRepository,
    SqlScheduleRepository,
    SqlStoreRepository,
)


class AbstractUnitOfWork(ABC):
    stores: StoreRepository
    runs: RunRepository
    pending: PendingRepository
    schedules: ScheduleRepository
    explanations: ExplanationRepository

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.rollback()

    @abstractmethod
    def commit(self) -> None:
        """Make the block's changes permanent."""

    @abstractmethod
    def rollback(self) -> None:
        """Undo the block's uncommitted changes (a no-op after ``commit``)."""

    def begin_write(self) -> None:
        """Take the database's write lock before the block reads anything (default: no-op).

        A SQLite transaction that reads and then writes fails at once
        ("database is locked") when another process committed in between;
        writing first makes it wait its turn instead.
        """
        return

    @property
    def database_url(self) -> str | None:
        """The URL another process needs to open this database (``None``: in memory only)."""
        return None


class SqlUnitOfWork(AbstractUnitOfWork):
    """A unit of work on a new session from ``session_factory`` per ``with`` block."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    @classmethod
    def from_engine(cls, engine: Engine) -> SqlUnitOfWork:
        from adapters.db import session_factory

        return cls(session_factory(engine))

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.session.get_bind().dialect.name

    def __enter__(self) -> Self:
        self.session = self.session_factory()
        self.stores = SqlStoreRepository(self.session)
        self.runs = SqlRunRepository(self.session)
        self.pending = SqlPendingRepository(self.session)
        self.schedules = SqlScheduleRepository(self.session)
        self.publish = SqlPublishRepository(self.session)
        self.explanations = SqlExplanationRepository(self.session)
        return super().__enter__()

    def __exit__(self, *exc: Any) -> None:
        try:
            super().__exit__(*exc)
        finally:
            self.session.close()

    def begin_write(self) -> None:
        if self.dialect == "sqlite":
            self.session.execute(text("UPDATE scheduler_runs SET id = id WHERE 1 = 0"))

    @property
    def database_url(self) -> str:
        return self.session.get_bind().url.render_as_string(hide_password=False)

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
