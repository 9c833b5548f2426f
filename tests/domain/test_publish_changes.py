"""What an approval changes in the live schedule, as webhooks receive it."""

from __future__ import annotations

import datetime as dt

from domain.publish import schedule_changes
from domain.runs import ScheduleEntry

NINE = dt.datetime(2026, 3, 2, 9, 0)


def test_new_moved_and_dropped_assignments_are_told_apart_and_unchanged_ones_left_out():
    before = [
        ScheduleEntry("A", "E1", NINE, 1),
        ScheduleEntry("B", "E2", NINE, 2),
        ScheduleEntry("C", "E3", NINE),
    ]
    after = [
        ScheduleEntry("A", "E1", NINE, 1),  # the same: no change
        ScheduleEntry("B", "E4", NINE, 2),  # another employee: moved
        ScheduleEntry("D", "E1", NINE + dt.timedelta(hours=2)),  # new
    ]
    changes = schedule_changes(before, after, dropped=["C", "Z"])
    assert [(c.change, c.event, c.employee) for c in changes] == [
        ("moved", "B", "E4"),
        ("new", "D", "E1"),
        ("dropped", "C", "E3"),
    ]
    assert changes[0].as_json()["before"] == {
        "employee": "E2",
        "start": NINE.isoformat(),
        "block": 2,
    }
