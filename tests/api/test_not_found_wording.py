"""Regression (issue 10, defect 14): "not found" was worded three ways.

404 details said ``store 9 not found``, ``store '9' is not in the database``,
``store 9 has no event 'X'`` or ``no such feed: ...``. Every 404 of the API now
reads ``<what> <id> not found`` (with where, after it, when that helps).
"""

from __future__ import annotations

import re

import pytest

from api.services.runs import SolveParams, solve_and_store

WORDING = re.compile(r"^\w+ \S+ not found")
HORIZON = {"start": "2026-02-08", "end": "2026-02-14"}


@pytest.fixture
def run_id(migrated_url, small_store) -> int:
    from adapters.db import make_engine, session_factory
    from adapters.uow import SqlUnitOfWork

    engine = make_engine(migrated_url)
    factory = session_factory(engine)
    try:
        run, _ = solve_and_store(
            lambda: SqlUnitOfWork(factory),
            small_store.store,
            small_store.horizon.start,
            small_store.horizon.end,
            small_store.today,
            params=SolveParams(time_limit=2, workers=1, seed=0),
        )
    finally:
        engine.dispose()
    return run.id


def _missing(store: str, run: int) -> list[tuple[str, str, dict | None]]:
    """(method, path, body) of requests for something that does not exist."""
    return [
        ("GET", "/stores/nope/schedule", None),
        ("POST", "/stores/nope/runs", {"horizon": HORIZON}),
        ("POST", "/stores/nope/whatif", {"base": {"horizon": HORIZON}, "scenarios": []}),
        ("POST", "/stores/nope/callouts", {"employee": "E01", "dates": ["2026-02-09"]}),
        ("GET", "/stores/nope/schedule.pdf", None),
        ("GET", "/stores/nope/days/2026-02-09/packet.pdf", None),
        ("GET", "/runs/999999", None),
        ("GET", "/runs/999999/proposal", None),
        ("GET", "/runs/999999/lines", None),
        ("POST", "/runs/999999/cancel", None),
        ("POST", "/runs/999999/approve", {}),
        ("POST", "/runs/999999/reject", None),
        ("GET", "/runs/999999/report.pdf", None),
        ("GET", "/runs/999999/events/F1/explain", None),
        ("GET", f"/runs/{run}/events/NOPE/explain", None),
        ("GET", f"/runs/{run}/events/NOPE/why-not/E01", None),
        ("GET", f"/stores/{store}/events/NOPE/candidates", None),
        ("GET", f"/stores/{store}/employees/E01/schedule.ics?token=wrong", None),
    ]


def test_every_404_of_the_api_says_what_was_not_found_in_one_wording(
    client, keys, small_store, run_id
):
    seen = 0
    for method, path, body in _missing(small_store.store, run_id):
        answer = client.request(method, path, headers=keys.of(), json=body)
        assert answer.status_code == 404, f"{method} {path}: {answer.status_code} {answer.text}"
        detail = answer.json()["detail"]
        assert WORDING.match(detail), f"{method} {path}: {detail!r}"
        seen += 1
    assert seen == len(_missing(small_store.store, run_id))


def test_a_run_of_another_store_reads_as_not_found_not_as_forbidden(client, keys, run_id):
    answer = client.get(f"/runs/{run_id}", headers=keys.of("other"))
    assert answer.status_code == 404
    assert answer.json()["detail"] == f"run {run_id} not found"
