"""Regression (issue 10, defect 6): the schema declared store-local times as ``date-time``.

FORMAT.md's datetimes are local wall-clock times without an offset; RFC 3339's
``date-time`` requires one, so schemathesis (ST108) found the candidates'
``2026-02-08T09:00:00`` in breach of the schema. Local times are now strings
with a pattern; only bookkeeping times (answered in UTC with ``Z``) stay
``date-time``.
"""

from __future__ import annotations

import re

from tests.api.conftest import finished, save, wait_for
from tests.services.test_candidates import tiny_store

#: The fields that are bookkeeping times: stored UTC, answered with an offset.
UTC_FIELDS = {"created_at", "started_at", "finished_at"}


def _properties(node, name=None):
    """Every (property name, schema) pair of an OpenAPI document, anyOf arms included."""
    if isinstance(node, dict):
        if name is not None:
            yield name, node
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                for prop, schema in value.items():
                    yield from _properties(schema, prop)
            elif key in ("anyOf", "oneOf", "allOf", "items") and name is not None:
                arms = value if isinstance(value, list) else [value]
                for arm in arms:
                    yield from _properties(arm, name)
            else:
                yield from _properties(value)
    elif isinstance(node, list):
        for value in node:
            yield from _properties(value)


def test_only_utc_bookkeeping_times_are_declared_date_time(client):
    schema = client.app.openapi()
    declared = {name for name, s in _properties(schema) if s.get("format") == "date-time"}
    assert declared and declared <= UTC_FIELDS, declared - UTC_FIELDS
    candidate = schema["components"]["schemas"]["CandidateRow"]["properties"]["start"]
    arms = candidate["anyOf"]
    assert any(arm.get("type") == "string" and "pattern" in arm for arm in arms)
    assert all(arm.get("format") != "date-time" for arm in arms)


def test_a_candidates_answer_matches_the_pattern_its_schema_declares(client, keys, migrated_url):
    p = tiny_store()
    save(migrated_url, p)
    schema = client.app.openapi()["components"]["schemas"]["CandidateRow"]["properties"]
    pattern = next(arm["pattern"] for arm in schema["start"]["anyOf"] if "pattern" in arm)
    answer = client.get(
        f"/stores/{p.store}/events/F1/candidates",
        headers=keys.of(),
        params={"date": "2026-03-03", "today": "2026-02-26"},
    )
    assert answer.status_code == 200
    starts = [row["start"] for row in answer.json() if row["eligible"]]
    assert starts, "no eligible candidate to check"
    for value in starts:
        assert re.match(pattern, value), value


def test_a_runs_bookkeeping_time_is_answered_with_its_offset(client, keys, small_store):
    answer = client.post(
        f"/stores/{small_store.store}/runs",
        headers=keys.of(),
        json={"horizon": {"start": "2026-02-08", "end": "2026-02-14"}, "time_limit": 1},
    )
    assert answer.status_code == 202, answer.text
    run = wait_for(client, answer.json()["id"], keys.of(), finished)
    assert run["created_at"].endswith(("Z", "+00:00")), run["created_at"]
