"""The repair benchmark's pieces on a small store: valid repairs, the full re-solve beside
them, a table with one cell per column, and a RESULTS.md section that is replaced."""

from __future__ import annotations

import datetime as dt

from benchmarks import repair_bench as rb


def test_a_small_store_repair_row_is_valid_and_the_table_has_every_column(tmp_path, monkeypatch):
    p = rb.live_store(employees=10, weeks=1, time_limit=5)
    offs = rb.call_outs(p, "specialist", 1, 2, seed=0)
    assert offs and all(o.start == o.end for o in offs)
    assert all(o.end == o.start + dt.timedelta(days=2) for o in rb.call_outs(p, "lead", 3, 2, 1))
    rows = [rb.measure(p, off, full_limit=3) for off in offs]
    for row in rows:
        assert row.critical == 0 and row.changes >= 1 and row.bound <= row.changes
        assert row.full_changes is not None and row.full_seconds is not None
    line = rb.summary("specialist out 1 day", rows, 1.0)
    columns = rb.HEADER.splitlines()[0].count("|")
    assert line.count("|") == columns
    assert rb.detail("x", rows[0]).count("|") == rb.DETAIL.splitlines()[0].count("|")
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n")
    monkeypatch.setattr(rb, "RESULTS", results)
    rb.write_results("first")
    rb.write_results("second")
    text = results.read_text()
    assert text.count("## Repair solves") == 1 and "second" in text and "first" not in text
