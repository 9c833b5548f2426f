"""Migration 0003: what-if runs recorded before it stop being pending (issue 10, defect 12)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from adapters.db import make_engine, upgrade


def test_defect12_migration_takes_old_whatif_runs_out_of_pending_review(db_url):
    upgrade(db_url, "0002")
    engine = make_engine(db_url)
    day, now = dt.date(2026, 3, 1), dt.datetime(2026, 2, 20, 9, 0)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO stores (id, name, settings) VALUES ('1', '', '{}')"))
            for kind in ("whatif", "manual"):
                conn.execute(
                    text(
                        "INSERT INTO scheduler_runs (store_id, kind, today, horizon_start,"
                        " horizon_end, status, review, params, created_at, timings, counts,"
                        " score, progress, cancel_requested) VALUES ('1', :kind, :d, :d, :d,"
                        " 'succeeded', 'pending', '{}', :now, '{}', '{}', '{}', '{}', false)"
                    ),
                    {"kind": kind, "d": day, "now": now},
                )
        upgrade(db_url)
        with engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT kind, review FROM scheduler_runs")).all())
    finally:
        engine.dispose()
    assert rows == {"whatif": "none", "manual": "pending"}
