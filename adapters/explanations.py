"""Explanations stored with a run's lines (RULES.md §7), SQL and in memory.

``uow.explanations`` (:class:`ExplanationRepository`):

``line(run_id, event) -> PendingSchedule | None``
    The run's line of ``event`` (its ``explanation`` included, if stored).
``store(line_id, explanation) -> None``
    Keep FORMAT.md's ``explanation`` on the line (replacing an older one).
``why_not(line_id, employee) -> dict | None``
    The stored why-not answer (``solver.why_not.WhyNot`` as JSON) for that
    employee, if any.
``store_why_not(line_id, employee, answer) -> None``
    Keep that answer; when another request stored one first, the first is kept
    (both are answers to the same question about the same proposal).

A line unknown to the run raises :class:`adapters.repository.NotFound`. The
tests' in-memory twin lives in ``tests/fakes.py``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from adapters.mapping import NotFound
from adapters.mapping_runs import explanation_from_domain, pending_to_domain
from adapters.orm import EventRow, PendingScheduleRow, WhyNotRow
from domain.models import Explanation
from domain.runs import PendingSchedule, utcnow

__all__ = [
    "ExplanationRepository",
    "LineNotFound",
    "SqlExplanationRepository",
]


class LineNotFound(NotFound):
    def __init__(self, line_id: int) -> None:
        super().__init__(f"line {line_id} not found")
        self.line_id = line_id


class ExplanationRepository(ABC):
    @abstractmethod
    def line(self, run_id: int, event: str) -> PendingSchedule | None: ...

    @abstractmethod
    def store(self, line_id: int, explanation: Explanation) -> None: ...

    @abstractmethod
    def why_not(self, line_id: int, employee: str) -> dict[str, Any] | None: ...

    @abstractmethod
    def store_why_not(self, line_id: int, employee: str, answer: dict[str, Any]) -> None: ...


class SqlExplanationRepository(ExplanationRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def line(self, run_id: int, event: str) -> PendingSchedule | None:
        row = self.session.scalars(
            select(PendingScheduleRow)
            .join(PendingScheduleRow.event)
            .where(PendingScheduleRow.run_id == run_id, EventRow.code == event)
            .order_by(PendingScheduleRow.id)
            .limit(1)
        ).first()
        return pending_to_domain(row) if row is not None else None

    def _row(self, line_id: int) -> PendingScheduleRow:
        row = self.session.get(PendingScheduleRow, line_id)
        if row is None:
            raise LineNotFound(line_id)
        return row

    def store(self, line_id: int, explanation: Explanation) -> None:
        self._row(line_id).explanation = explanation_from_domain(explanation)
        self.session.flush()

    def why_not(self, line_id: int, employee: str) -> dict[str, Any] | None:
        return self.session.scalars(
            select(WhyNotRow.answer).where(
                WhyNotRow.line_id == line_id, WhyNotRow.employee == employee
            )
        ).first()

    def store_why_not(self, line_id: int, employee: str, answer: dict[str, Any]) -> None:
        self._row(line_id)
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        # Two requests may answer the same question at once: the first row wins.
        self.session.execute(
            insert(WhyNotRow)
            .values(line_id=line_id, employee=employee, answer=answer, created_at=utcnow())
            .on_conflict_do_nothing(index_elements=["line_id", "employee"])
        )
        self.session.flush()
