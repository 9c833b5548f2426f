"""Settings and date bounds over HTTP (FORMAT.md, rev 3): 422 naming the field; the
validator's answer carries health per day and the worst day (RULES.md §5)."""

from __future__ import annotations

import pytest

from tests.api.conftest import example_json
from tests.cli.test_bounds import OUT_OF_BOUNDS, with_value


@pytest.mark.parametrize(("path", "value", "field"), OUT_OF_BOUNDS, ids=lambda x: str(x))
def test_a_value_outside_its_bounds_is_422_naming_the_field(client, keys, path, value, field):
    answer = client.post("/validate", json={"problem": with_value(path, value)}, headers=keys.of())
    assert answer.status_code == 422, answer.text
    assert field in answer.text


def test_solve_refuses_a_huge_weight_with_422(client, keys):
    """Regression (issue 9): ``weights.S6 = 1e30`` made /solve answer INFEASIBLE."""
    doc = example_json("small-week")
    doc.setdefault("settings", {}).setdefault("weights", {})["S6"] = 1e30
    answer = client.post("/solve", json={"problem": doc, "time_limit": 2}, headers=keys.of())
    assert answer.status_code == 422, answer.text
    assert "settings.weights.S6" in answer.text


def test_validate_answers_health_per_day_and_the_worst_day(client, keys):
    doc = example_json("small-week")
    body = client.post("/validate", json={"problem": doc}, headers=keys.of()).json()
    days = body["health_days"]
    assert days and body["worst_day"] == min(days, key=lambda d: (d["health"], d["date"]))
    mean = sum(d["health"] for d in days) / len(days)
    assert body["health"] == int(mean + 0.5)
