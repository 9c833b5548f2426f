"""The in-memory twin of :class:`adapters.explanations.SqlExplanationRepository`."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from adapters.explanations import ExplanationRepository, LineNotFound
from domain.models import Explanation
from domain.runs import PendingSchedule

if TYPE_CHECKING:
    from tests.fakes import FakeState


class FakeExplanationRepository(ExplanationRepository):
    def __init__(self, state: FakeState) -> None:
        self.state = state

    def line(self, run_id: int, event: str) -> PendingSchedule | None:
        return next(
            (
                p
                for _, p in sorted(self.state.pending.items())
                if p.run_id == run_id and p.event == event
            ),
            None,
        )

    def _line(self, line_id: int) -> PendingSchedule:
        if line_id not in self.state.pending:
            raise LineNotFound(line_id)
        return self.state.pending[line_id]

    def store(self, line_id: int, explanation: Explanation) -> None:
        self.state.pending[line_id] = replace(self._line(line_id), explanation=explanation)

    def why_not(self, line_id: int, employee: str) -> dict[str, Any] | None:
        return self.state.why_not.get((line_id, employee))

    def store_why_not(self, line_id: int, employee: str, answer: dict[str, Any]) -> None:
        self._line(line_id)
        self.state.why_not.setdefault((line_id, employee), answer)
