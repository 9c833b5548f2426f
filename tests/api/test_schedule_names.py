"""``GET /stores/{store}/schedule`` names the employee and the event (issue 10, defect 13)."""

from __future__ import annotations

import pytest

#: The answer does not depend on the database: checked on SQLite only.
pytestmark = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


def test_defect13_the_schedule_gives_each_entrys_employee_and_event_names_beside_the_codes(
    client, keys, small_store
):
    h = small_store.horizon
    answer = client.get(
        f"/stores/{small_store.store}/schedule",
        params={"from": h.start.isoformat(), "to": h.end.isoformat()},
        headers=keys.of("store"),
    )
    assert answer.status_code == 200, answer.text
    entries = answer.json()["entries"]
    assert len(entries) == len(small_store.existing) > 0
    employees = {e.id: e.name for e in small_store.employees}
    events = {e.id: e.name for e in small_store.events}
    for entry in entries:
        assert entry["employee_name"] == employees[entry["employee"]] != ""
        assert entry["event_name"] == events[entry["event"]] != ""
        assert {"id", "event", "employee", "start", "block", "locked", "run_id"} <= set(entry)


def test_defect13_the_schedule_names_are_in_the_openapi_schema(client):
    schema = client.get("/openapi.json").json()["components"]["schemas"]["ScheduleEntryOut"]
    assert {"employee_name", "event_name"} <= set(schema["required"])
    assert schema["properties"]["employee_name"]["type"] == "string"
