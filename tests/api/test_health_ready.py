"""``/health/ready`` answers 200 only on a database migrated to head (issue 10, defect 10)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from adapters.config import AppSettings
from adapters.db import upgrade
from api.http.app import create_app


def _ready(url: str):
    with TestClient(create_app(AppSettings(database_url=url))) as client:
        return client.get("/health/ready")


def test_defect10_ready_is_503_on_a_fresh_unmigrated_database(db_url):
    answer = _ready(db_url)
    assert answer.status_code == 503
    assert "migrat" in answer.json()["detail"]


def test_defect10_ready_is_503_on_a_database_behind_head(db_url):
    upgrade(db_url, "0001")
    assert _ready(db_url).status_code == 503


def test_ready_is_200_on_a_database_migrated_to_head(migrated_url):
    answer = _ready(migrated_url)
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok", "database": "ok"}
