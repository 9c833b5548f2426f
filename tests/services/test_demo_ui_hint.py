"""``schedsolve demo`` ends by saying how to see its run in the browser, with a working key."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from adapters.db import make_engine, session_factory
from adapters.keys import find_key
from api.cli import app


def test_the_demo_prints_the_serve_command_the_ui_url_and_a_key_of_its_store(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCHEDSOLVE_DATABASE_URL", raising=False)
    result = CliRunner().invoke(app, ["demo", "--time-limit", "3"])
    assert result.exit_code == 0, result.output
    assert "schedsolve serve" in result.output
    assert "http://127.0.0.1:8000/ui/" in result.output
    key = re.search(r"ss_[A-Za-z0-9_-]{43}", result.output).group(0)
    engine = make_engine("sqlite:///schedsolve.db")
    with session_factory(engine)() as session:
        found = find_key(session, key)
    engine.dispose()
    assert found is not None and found.store is not None and not found.revoked
