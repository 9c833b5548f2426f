"""Regression (issue 10, defect 14): the CLI worded a missing thing several ways.

``run 9 does not exist``, ``key 9 does not exist``, ``--stores: no store X in the
database`` and, for ``runs --store X``, an empty table with exit 0. Each now
exits 2 with one line reading ``[--option: ]<what> <id> not found``.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from adapters.db import upgrade
from api.cli import app

WORDING = re.compile(r"^error: (--[\w-]+: )?\w+ \S+ not found")


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    return url


@pytest.mark.parametrize(
    "args",
    [
        ("review", "999"),
        ("approve", "999"),
        ("reject", "999"),
        ("runs", "--store", "nope"),
        ("keys", "revoke", "999"),
        ("keys", "create", "--store", "nope"),
        ("feeds", "revoke", "999"),
        ("hooks", "remove", "999"),
        ("explain", "--run", "999", "X"),
        ("nightly", "--stores", "nope", "--today", "2026-03-01"),
    ],
    ids=lambda a: " ".join(a),
)
def test_a_missing_run_store_or_key_is_exit_2_with_one_not_found_line(db, args):
    result = CliRunner().invoke(app, [*args, "--db", db])
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert WORDING.match(lines[0]), lines[0]
