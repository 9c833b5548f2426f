"""Bad input: exit code 2 and one stderr line naming the file, the field and the problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import BAD, base, write_json

#: Each file of tests/data/bad/ -> a piece of text its error line must contain
#: (the field path where there is one).
BAD_CASES: dict[str, str] = {
    "not-json.json": "not valid JSON",
    "empty.json": "empty",
    "top-level-array.json": "JSON object",
    "not-utf8.json": "not UTF-8",
    "wrong-format-tag.json": "format:",
    "unknown-field.json": "events[1].colour: unknown field",
    "missing-required-field.json": "store: required field is missing",
    "bad-date.json": "today:",
    "bad-datetime.json": "events[0].start:",
    "datetime-with-offset.json": "events[0].due:",
    "due-before-start.json": "events[1].due: due 2026-02-28T00:00:00 is not after start",
    "horizon-reversed.json": "horizon.end:",
    "unknown-employee-time-off.json": "time_off[0].employee: unknown employee 'E99'",
    "unknown-employee-existing.json": "existing[0].employee: unknown employee 'E99'",
    "unknown-event-existing.json": "existing[0].event: unknown event '999999'",
    "duplicate-employee-id.json": "employees[2].id:",
    "duplicate-event-id.json": "events[3].id:",
    "unknown-role.json": "employees[1].role:",
    "unknown-event-type.json": "events[3].type:",
    "unknown-weekday-key.json": "employees[0].weekly_availability.monday: unknown field",
    "negative-duration.json": "events[0].duration_min:",
    "bad-shift-block-time.json": "settings.shift_blocks[0].start:",
    "pairs-with-missing-event.json": "events[2].pairs_with: '606099' is not an event",
    "pairs-with-wrong-type.json": "events[2].pairs_with:",
    "ambiguous-pairing.json": "events[2].pairs_with: Supervisor '706001' is ambiguous",
}


def assert_one_error_line(result, *expected: str) -> str:
    """Exit 2, nothing on stdout, exactly one ``error: ...`` line on stderr."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].strip(), result.stderr
    line = lines[0]
    assert line.startswith("error: ")
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    for text in expected:
        assert text in line, line
    return line


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("*.json")) == sorted(BAD_CASES)
    assert len(BAD_CASES) >= 12


@pytest.mark.parametrize("name", sorted(BAD_CASES))
@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_bad_problem_file(invoke, name: str, as_json: bool) -> None:
    path = BAD / name
    result = invoke("validate", path, *(["--json"] if as_json else []))
    assert_one_error_line(result, str(path), BAD_CASES[name])


def test_bad_file_messages_name_value(invoke) -> None:
    line = assert_one_error_line(invoke("validate", BAD / "unknown-role.json"))
    assert "'manager'" in line
    line = assert_one_error_line(invoke("validate", BAD / "unknown-weekday-key.json"))
    assert "did you mean 'mon'" in line


def test_bad_problem_on_stdin(invoke) -> None:
    text = (BAD / "due-before-start.json").read_text(encoding="utf-8")
    assert_one_error_line(invoke("validate", "-", input=text), "<stdin>: events[1].due")


def test_missing_file(invoke, tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    assert_one_error_line(invoke("validate", path), f"{path}: file not found")


def test_directory_given(invoke, tmp_path: Path) -> None:
    assert_one_error_line(invoke("validate", tmp_path), f"{tmp_path}: is a directory")


def test_unreadable_file(invoke, problem_file: Path, monkeypatch) -> None:
    def refuse(self: Path, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", refuse)
    assert_one_error_line(invoke("validate", problem_file), "permission denied")


# --- proposals ---------------------------------------------------------------


def proposal(**changes) -> dict:
    doc = {
        "format": "schedule-proposal/1",
        "store": "8135",
        "status": "FEASIBLE",
        "assignments": [
            {
                "event": "606002",
                "employee": "E02",
                "start": "2026-03-02T10:15:00",
                "end": "2026-03-02T16:45:00",
                "block": 1,
                "change": "kept",
            },
        ],
    }
    doc.update(changes)
    return doc


def test_proposal_for_another_store(invoke, problem_file: Path, tmp_path: Path) -> None:
    prop = write_json(tmp_path / "p.json", proposal(store="9999"))
    result = invoke("validate", problem_file, "--proposal", prop)
    assert_one_error_line(result, str(prop), "store:", "'9999'", "'8135'")


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("event", "123456", "assignments[0].event: unknown event '123456'"),
        ("employee", "E77", "assignments[0].employee: unknown employee 'E77'"),
    ],
)
def test_proposal_unknown_reference(
    invoke, problem_file: Path, tmp_path: Path, field: str, value: str, expected: str
) -> None:
    doc = proposal()
    doc["assignments"][0][field] = value
    prop = write_json(tmp_path / "p.json", doc)
    assert_one_error_line(invoke("validate", problem_file, "-p", prop), str(prop), expected)


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (proposal(status="DONE"), "status:"),
        (proposal(format="schedule-problem/1"), "format:"),
        (proposal(extra=1), "extra: unknown field"),
        ({"format": "schedule-proposal/1", "status": "OPTIMAL"}, "store: required field"),
    ],
)
def test_malformed_proposal(invoke, problem_file: Path, tmp_path: Path, doc, expected) -> None:
    prop = write_json(tmp_path / "p.json", doc)
    assert_one_error_line(invoke("validate", problem_file, "-p", prop), str(prop), expected)


def test_missing_proposal_file(invoke, problem_file: Path, tmp_path: Path) -> None:
    prop = tmp_path / "missing.json"
    assert_one_error_line(invoke("validate", problem_file, "-p", prop), f"{prop}: file not found")


def test_bad_problem_is_reported_before_proposal(invoke, tmp_path: Path) -> None:
    doc = base()
    doc["today"] = "yesterday"
    bad = write_json(tmp_path / "bad.json", doc)
    prop = write_json(tmp_path / "p.json", proposal())
    assert_one_error_line(invoke("validate", bad, "-p", prop), f"{bad}: today:")


def test_byte_order_mark_is_accepted(invoke, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(base()).encode("utf-8"))
    assert invoke("validate", path).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "a.json", "--nope"],
        ["validate", "a.json", "b.json"],
        ["frobnicate"],
    ],
)
def test_usage_errors_are_one_line(invoke, args) -> None:
    assert_one_error_line(invoke(*args))


def test_field_named_like_a_message_word_keeps_its_path(invoke, tmp_path: Path) -> None:
    doc = base()
    doc["unknown"] = 1
    path = write_json(tmp_path / "p.json", doc)
    assert_one_error_line(invoke("validate", path), f"{path}: unknown: unknown field")
