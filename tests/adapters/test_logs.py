"""Structured logs: JSON lines, bound fields, no secrets (issue 10, defect 16)."""

from __future__ import annotations

import io
import json
import logging

import pytest

from adapters import logs


@pytest.fixture
def lines(monkeypatch):
    """Configure the logs into a buffer; a function returning the parsed lines."""
    monkeypatch.delenv(logs.LEVEL_ENV, raising=False)
    buffer = io.StringIO()
    logs.configure("INFO", stream=buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    logs.configure("WARNING", stream=io.StringIO())


def test_an_event_is_one_json_line_with_its_fields(lines):
    logs.event("run.finished", store="8135", run_id=12, status="succeeded", seconds=1.5)
    (line,) = lines()
    assert line["event"] == "run.finished" and line["level"] == "info"
    assert (line["store"], line["run_id"], line["status"], line["seconds"]) == (
        "8135",
        12,
        "succeeded",
        1.5,
    )
    assert line["ts"].endswith("Z") and line["logger"] == "schedsolve"


def test_bound_fields_reach_every_event_inside_the_block_only(lines):
    with logs.bind(request_id="abc"):
        logs.event("inside")
    logs.event("outside")
    inside, outside = lines()
    assert inside["request_id"] == "abc" and "request_id" not in outside


def test_defect16_no_key_or_secret_reaches_a_line(lines):
    key = "ss_" + "A1b2" * 11
    logs.event(
        f"saw {key}",
        api_key=key,
        secret="hunter2",
        database_url="postgresql+psycopg://app:hunter2@db:5432/x",
        note=f"header was {key}",
        key_id=3,
    )
    logging.getLogger("schedsolve.api").warning("url %s", "redis://u:hunter2@q:6379/0")
    text = json.dumps(lines())
    assert key not in text and "hunter2" not in text
    first = lines()[0]
    assert first["api_key"] == logs.REDACTED and first["key_id"] == 3
    assert first["database_url"] == "postgresql+psycopg://app:***@db:5432/x"


def test_configuring_twice_writes_each_line_once(lines):
    logs.configure("INFO", stream=(buffer := io.StringIO()))
    logs.configure("INFO", stream=buffer)
    logs.event("once")
    assert buffer.getvalue().count('"once"') == 1


def test_the_environment_level_wins_and_lower_events_are_dropped(monkeypatch):
    monkeypatch.setenv(logs.LEVEL_ENV, "warning")
    buffer = io.StringIO()
    logs.configure("INFO", stream=buffer)
    try:
        logs.event("dropped")
        logs.event("kept", level=logging.WARNING)
    finally:
        logs.configure("WARNING", stream=io.StringIO())
    assert [json.loads(x)["event"] for x in buffer.getvalue().splitlines()] == ["kept"]


def test_a_field_named_like_a_record_attribute_does_not_break_logging(lines):
    logs.event("odd", name="Ana", args=[1])
    (line,) = lines()
    assert line["name_"] == "Ana" and line["args_"] == [1]
