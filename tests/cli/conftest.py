"""Fixtures of the CLI tests: a small valid problem and helpers to run the app.

Every file in ``tests/data/bad/`` is this ``BASE`` problem with one thing
broken (see ``BAD_CASES`` in ``test_bad_input.py``).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app

DATA = Path(__file__).resolve().parent.parent / "data"
BAD = DATA / "bad"

BASE: dict[str, Any] = {
    "format": "schedule-problem/1",
    "store": "8135",
    "today": "2026-02-26",
    "horizon": {"start": "2026-03-01", "end": "2026-03-07"},
    "employees": [
        {
            "id": "E01",
            "name": "Ana Ruiz",
            "role": "lead",
            "weekly_availability": {
                "sun": False,
                "mon": True,
                "tue": True,
                "wed": True,
                "thu": True,
                "fri": True,
                "sat": True,
            },
        },
        {"id": "E02", "name": "Ben Cole", "role": "specialist"},
        {"id": "E03", "name": "Cy Diaz", "role": "supervisor"},
    ],
    "events": [
        {
            "id": "606001",
            "name": "606001-CORE-Demo Nurri Protein",
            "type": "Core",
            "start": "2026-03-01T00:00:00",
            "due": "2026-03-07T23:59:00",
            "product": "Nurri",
        },
        {
            "id": "606002",
            "name": "606002-CORE-Demo Crisp Apples",
            "start": "2026-03-01T00:00:00",
            "due": "2026-03-07T23:59:00",
        },
        {
            "id": "706001",
            "name": "606001-Supervisor-Demo Nurri Protein",
            "start": "2026-03-01T00:00:00",
            "due": "2026-03-07T23:59:00",
        },
        {
            "id": "806001",
            "name": "Freeosk Tuesday",
            "start": "2026-03-03T00:00:00",
            "due": "2026-03-03T23:59:00",
        },
    ],
    "time_off": [{"employee": "E02", "start": "2026-03-04", "end": "2026-03-04"}],
    "existing": [
        {
            "event": "606002",
            "employee": "E02",
            "start": "2026-03-02T10:15:00",
            "block": 1,
            "locked": True,
        }
    ],
}


def base() -> dict[str, Any]:
    """A fresh deep copy of ``BASE``."""
    return copy.deepcopy(BASE)


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner):
    """``invoke("validate", path, ...)`` -> click ``Result`` (stdout/stderr apart)."""

    def run(*args: Any, input: str | bytes | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return run


@pytest.fixture
def problem_file(tmp_path: Path) -> Path:
    return write_json(tmp_path / "problem.json", BASE)
