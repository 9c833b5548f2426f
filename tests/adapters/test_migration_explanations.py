"""Migration 0005: explanations stored per run line; it upgrades and downgrades cleanly."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from adapters.db import alembic_config, current_revision, make_engine, upgrade


def _columns(engine, table: str) -> set[str]:
    return {c["name"] for c in inspect(engine).get_columns(table)}


def test_migration_0005_adds_the_explanation_storage_and_its_downgrade_removes_it(db_url):
    upgrade(db_url, "0004")
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        assert current_revision(engine) == "0005"
        assert "explanation" in _columns(engine, "pending_schedules")
        assert {"line_id", "employee", "answer"} <= _columns(engine, "why_not_answers")
        command.downgrade(alembic_config(engine), "0004")
        assert current_revision(engine) == "0004"
        assert "explanation" not in _columns(engine, "pending_schedules")
        assert "why_not_answers" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert current_revision(engine) == "0005"
    finally:
        engine.dispose()


def test_run_lines_written_before_0005_keep_their_data_and_have_no_explanation(db_url):
    upgrade(db_url, "0004")
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO stores (id, name, settings) VALUES ('1', '', '{}')"))
            conn.execute(
                text(
                    "INSERT INTO events (id, store_id, code, name, start, due, condition,"
                    " position) VALUES (1, '1', '606001', 'x', '2026-03-01 00:00:00',"
                    " '2026-03-07 23:59:00', 'Unstaffed', 0)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO scheduler_runs (id, store_id, kind, today, horizon_start,"
                    " horizon_end, status, review, params, created_at, timings, counts,"
                    " score, progress, cancel_requested) VALUES (1, '1', 'manual',"
                    " '2026-02-26', '2026-03-01', '2026-03-07', 'succeeded', 'pending', '{}',"
                    " '2026-02-26 09:00:00', '{}', '{}', '{}', '{}', false)"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO pending_schedules (run_id, event_id, status,"
                    " unscheduled_reason, detail) VALUES (1, 1, 'proposed', 'capacity', 'd')"
                )
            )
        upgrade(engine)
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT unscheduled_reason, detail, explanation FROM pending_schedules")
            ).one()
    finally:
        engine.dispose()
    assert tuple(row) == ("capacity", "d", None)
