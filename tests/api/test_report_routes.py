"""The PDF routes: a store key gets its store's reports, another store's are 404."""

from __future__ import annotations

import pytest

from adapters.db import make_engine, session_factory
from adapters.uow import SqlUnitOfWork
from api.services.review import approve
from api.services.runs import SolveParams, solve_and_store
from tests.reports.helpers import holds, pages


@pytest.fixture
def solved(migrated_url, small_store):
    engine = make_engine(migrated_url)
    sessions = session_factory(engine)

    def factory():
        return SqlUnitOfWork(sessions)

    p = small_store
    run, result = solve_and_store(
        factory, p.store, p.horizon.start, p.horizon.end, p.today, params=SolveParams(2, 1)
    )
    approve(factory, run.id)
    engine.dispose()
    return run, result.proposal


def _pdf(response) -> list[str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return pages(response.content)


def test_a_runs_review_pdf_is_served_to_its_store_and_hidden_from_others(
    client, keys, small_store, solved
):
    run, proposal = solved
    texts = _pdf(client.get(f"/runs/{run.id}/report.pdf", headers=keys.of("store")))
    body = "\n".join(texts)
    assert f"run {run.id}" in body
    names = {e.id: e.name for e in small_store.events}
    assert all(holds(body, names[a.event]) for a in proposal.assignments)
    assert client.get(f"/runs/{run.id}/report.pdf", headers=keys.of("other")).status_code == 404
    assert client.get("/runs/999999/report.pdf", headers=keys.of("admin")).status_code == 404


def test_the_schedule_and_packet_pdfs_show_the_live_schedule(client, keys, small_store, solved):
    run, proposal = solved
    p = small_store
    url = f"/stores/{p.store}/schedule.pdf?from={p.horizon.start}&to={p.horizon.end}"
    body = "\n".join(_pdf(client.get(url, headers=keys.of("store"))))
    names = {e.id: e.name for e in p.events}
    assert all(holds(body, names[a.event]) for a in proposal.assignments)
    assert client.get(url, headers=keys.of("other")).status_code == 404
    day = p.horizon.start + (p.horizon.end - p.horizon.start) // 2
    packet = _pdf(client.get(f"/stores/{p.store}/days/{day}/packet.pdf", headers=keys.of("store")))
    cores = [a for a in proposal.assignments if a.start.date() == day and a.block is not None]
    assert len(packet) == 1 + len(cores)
    other = client.get(f"/stores/{p.store}/days/{day}/packet.pdf", headers=keys.of("other"))
    assert other.status_code == 404


def test_a_schedule_range_that_ends_before_it_starts_is_422_naming_the_field(
    client, keys, small_store
):
    p = small_store
    url = f"/stores/{p.store}/schedule.pdf?from={p.horizon.end}&to={p.horizon.start}"
    response = client.get(url, headers=keys.of("store"))
    assert response.status_code == 422
    assert "to" in response.json()["detail"][0]["loc"]
