"""The ``schedsolve`` app as a whole: help, demo, the installed console script."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from api.cli.common import BadInput, load_problem_file
from tests.cli.conftest import BAD

COMMANDS = (
    "validate",
    "generate",
    "solve",
    "demo",
    "import",
    "import-csv",
    "export",
    "run",
    "approve",
    "reject",
    "bench",
)


def console_script() -> str:
    """The installed ``schedsolve`` script of the running interpreter's environment."""
    for folder in (Path(sys.executable).parent, Path(sysconfig.get_path("scripts"))):
        candidate = folder / "schedsolve"
        if candidate.exists():
            return str(candidate)
    found = shutil.which("schedsolve")
    assert found, "the schedsolve console script is not installed (pip install -e '.[dev]')"
    return found


def test_console_script_help_lists_commands() -> None:
    proc = subprocess.run(
        [console_script(), "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    for name in COMMANDS:
        assert name in proc.stdout
    assert "Traceback" not in proc.stderr


def test_console_script_bad_input_is_one_line() -> None:
    proc = subprocess.run(
        [console_script(), "validate", str(BAD / "unknown-employee-time-off.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.splitlines() == [
        f"error: {BAD / 'unknown-employee-time-off.json'}: time_off[0].employee:"
        " unknown employee 'E99'"
    ]


def test_help_lists_commands(invoke) -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.stdout


def test_no_arguments_shows_help(invoke) -> None:
    result = invoke()
    assert "validate" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_load_problem_file_raises_bad_input() -> None:
    with pytest.raises(BadInput) as info:
        load_problem_file(BAD / "duplicate-event-id.json")
    exc = info.value
    assert exc.source == str(BAD / "duplicate-event-id.json")
    assert exc.message.startswith("events[3].id:")
    assert str(exc) == f"{exc.source}: {exc.message}"
