"""Settings and date bounds (FORMAT.md, rev 3): a value outside is exit 2 with one line
naming the field, never a crash or a silently wrecked solve."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import base, write_json
from tests.cli.test_bad_input import assert_one_error_line

#: (where in the problem, the value, the field path the error line names)
OUT_OF_BOUNDS = [
    (("settings", "weights", "S6"), 1e30, "settings.weights.S6"),
    (("settings", "weights", "S6"), 1_000_001, "settings.weights.S6"),
    (("settings", "weights", "S5_lead"), -1, "settings.weights.S5_lead"),
    (("settings", "buffer_days"), 61, "settings.buffer_days"),
    (("settings", "buffer_days"), -1, "settings.buffer_days"),
    (("settings", "max_shifts_per_day"), 0, "settings.max_shifts_per_day"),
    (("settings", "max_shifts_per_day"), 4, "settings.max_shifts_per_day"),
    (("today",), "1999-12-31", "today"),
    (("horizon", "end"), "2101-01-01", "horizon.end"),
    (("events", 0, "start"), "1999-03-01T00:00:00", "events[0].start"),
    (("time_off", 0, "end"), "2101-03-04", "time_off[0].end"),
    (("existing", 0, "start"), "2101-03-02T10:15:00", "existing[0].start"),
]


def with_value(path: tuple, value) -> dict:
    doc = base()
    node = doc
    for key in path[:-1]:
        node = node.setdefault(key, {}) if isinstance(key, str) else node[key]
    node[path[-1]] = value
    return doc


@pytest.mark.parametrize(("path", "value", "field"), OUT_OF_BOUNDS, ids=lambda x: str(x))
def test_a_value_outside_its_bounds_is_exit_2_naming_the_field(
    invoke, tmp_path: Path, path, value, field
) -> None:
    bad = write_json(tmp_path / "bad.json", with_value(path, value))
    line = assert_one_error_line(invoke("validate", bad), f"{bad}: {field}:")
    assert "Traceback" not in line


def test_solve_refuses_a_huge_weight_before_solving(invoke, tmp_path: Path) -> None:
    """Regression (issue 9): ``weights.S6 = 1e30`` made /solve answer INFEASIBLE."""
    bad = write_json(tmp_path / "bad.json", with_value(("settings", "weights", "S6"), 1e30))
    out = tmp_path / "out.json"
    assert_one_error_line(invoke("solve", bad, "-o", out), "settings.weights.S6")
    assert not out.exists()


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("settings", "weights", "S6"), 1_000_000),
        (("settings", "weights", "S6"), 0),
        (("settings", "buffer_days"), 60),
        (("settings", "max_shifts_per_day"), 3),
        (("today",), "2026-02-26"),
    ],
)
def test_the_bounds_themselves_are_accepted(invoke, tmp_path: Path, path, value) -> None:
    ok = write_json(tmp_path / "ok.json", with_value(path, value))
    assert invoke("validate", ok).exit_code in (0, 1)
