"""The nightly's store outcomes and interruptions as JSON log lines (issue 10, defect 16)."""

from __future__ import annotations

import io
import json

from adapters import logs
from api.services.nightly import run_nightly
from tests.nightly.conftest import TODAY, seed_stores
from tests.nightly.test_nightly import FAST, SMALL, _stale_run


def test_defect16_the_nightly_logs_each_store_outcome_and_each_interruption(tmp_path, monkeypatch):
    monkeypatch.delenv(logs.LEVEL_ENV, raising=False)
    url = f"sqlite:///{tmp_path / 'n.db'}"
    factory, dispose = seed_stores(url, SMALL)
    stale = _stale_run(factory, "N1")
    dispose()
    buffer = io.StringIO()
    logs.configure("INFO", stream=buffer)
    try:
        report = run_nightly(url, horizon_days=7, today=TODAY, params=FAST, parallel=2)
    finally:
        logs.configure("WARNING", stream=io.StringIO())
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    outcomes = {x["store"]: x for x in lines if x["event"] == "nightly.store"}
    assert set(outcomes) == {"N1", "N2"}
    for o in report.outcomes:
        assert (outcomes[o.store]["run_id"], outcomes[o.store]["status"]) == (o.run_id, o.status)
    (interrupted,) = [x for x in lines if x["event"] == "run.interrupted"]
    assert (interrupted["store"], interrupted["run_id"]) == ("N1", stale)
    assert interrupted["level"] == "warning" and "interrupted" in interrupted["why"]
