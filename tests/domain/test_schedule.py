"""Existing assignments as a schedule, and which of them H20 freezes."""

from __future__ import annotations

from datetime import datetime

from domain.schedule import existing_as_assignments, frozen_existing
from tests.builders import event, existing, problem


def test_existing_assignments_become_kept_assignments_with_their_end():
    p = problem(
        events=[event("C1"), event("F1", "Freeosk")],
        existing=[
            existing("C1", "E03", "mon", "10:15", block=1),
            existing("F1", "E01", "mon", "10:00"),
        ],
    )
    core, freeosk = existing_as_assignments(p)
    assert (core.change, core.block, core.end) == ("kept", 1, datetime(2026, 3, 2, 16, 45))
    assert (freeosk.block, freeosk.end) == (None, datetime(2026, 3, 2, 10, 15))  # 15 min


def test_locked_early_and_out_of_horizon_existing_assignments_are_frozen_even_if_inactive():
    # today Fri 2026-02-27 + 3 days of buffer: assignments before Mon 2026-03-02 are frozen.
    p = problem(
        today="2026-02-27",
        events=[
            event("A", first="2026-02-28", last="2026-03-12"),
            event("B", first="sun"),
            event("C"),
            event("D"),
            event("E", last="2026-03-12"),
            event("F", condition="Canceled"),
        ],
        existing=[
            existing("A", "E01", "2026-02-28", "10:15", block=1),  # before the horizon
            existing("B", "E01", "sun", "10:15", block=1),  # inside the buffer
            existing("C", "E01", "mon", "10:15", block=1),  # free to move
            existing("D", "E02", "tue", "10:15", block=1, locked=True),
            existing("E", "E02", "2026-03-09", "10:15", block=1),  # after the horizon
            existing("F", "E03", "tue", "10:15", block=2, locked=True),
        ],
    )
    assert [x.event for x in frozen_existing(p, None)] == ["A", "B", "D", "E", "F"]
