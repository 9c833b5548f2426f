"""``POST /stores/{store}/callouts`` end to end on SQLite and PostgreSQL (issue 12,
acceptance 1): the call-out answered with a pending repair run, approved over HTTP."""

from __future__ import annotations

import pytest

from adapters.db import make_engine, session_factory
from adapters.keys import create_key
from adapters.uow import SqlUnitOfWork
from api.services.review import approve
from api.services.runs import SolveParams, solve_and_store
from domain.generator import generate
from domain.validator import validate
from tests.api.conftest import save
from tests.services.test_callouts import _busiest

sqlite_only = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture
def live(migrated_url):
    """A generated store, solved and approved; (problem as live, uow factory, store key)."""
    p = generate(8, 1, seed=3)
    save(migrated_url, p)
    engine = make_engine(migrated_url)
    factory = session_factory(engine)

    def uow():
        return SqlUnitOfWork(factory)

    run, _ = solve_and_store(
        uow, p.store, p.horizon.start, p.horizon.end, p.today, params=SolveParams(5, 1, 0)
    )
    approve(uow, run.id)
    with factory() as session:
        _, key = create_key(session, p.store, "store")
        _, other = create_key(session, "elsewhere", "other store")
        session.commit()
    with uow() as u:
        problem = u.stores.load_problem(p.store, p.horizon.start, p.horizon.end, p.today)
    yield problem, uow, {"X-API-Key": key}, {"X-API-Key": other}
    engine.dispose()


def test_a_call_out_over_http_answers_its_repair_and_approving_it_mends_the_schedule(client, live):
    p, uow, key, _ = live
    emp, day = _busiest(p)
    body = {"employee": emp, "start": day.isoformat(), "note": "sick", "today": str(p.today)}
    answer = client.post(f"/stores/{p.store}/callouts", headers=key, json=body)
    assert answer.status_code == 200, answer.text
    out = answer.json()
    hers = {x.event for x in p.existing if x.employee == emp and x.start.date() == day}
    got = {x["event"] for x in out["taken"] + out["unfilled"] + out["stuck"]}
    assert got == hers
    assert out["review"] == "pending" and out["note"] == "sick"
    assert out["critical"] == len(out["stuck"])
    run = client.get(f"/runs/{out['run_id']}", headers=key).json()
    assert run["kind"] == "repair" and run["counts"]["repair"]["changes"] == out["changes"]
    approved = client.post(f"/runs/{out['run_id']}/approve", headers=key)
    assert approved.status_code == 200 and approved.json()["outcome"] == "approved"
    with uow() as u:
        after = u.stores.load_problem(p.store, p.horizon.start, p.horizon.end, p.today)
    assert validate(after).critical == len(out["stuck"])


@sqlite_only
def test_call_out_bad_input_is_422_naming_the_field_and_other_stores_are_404(client, live):
    p, _, key, other = live
    day = str(p.horizon.start)
    url = f"/stores/{p.store}/callouts"
    cases = [
        ({"employee": "nobody", "start": day, "today": str(p.today)}, "employee"),
        ({"employee": "E01", "start": day, "end": "2020-01-01", "today": day}, "end"),
        ({"employee": "E01", "start": "1999-01-01"}, "start"),
        ({"employee": "E01", "start": day, "colour": "red"}, "colour"),
    ]
    for body, field in cases:
        answer = client.post(url, headers=key, json=body)
        assert answer.status_code == 422, (body, answer.text)
        assert field in str(answer.json()["detail"]), answer.text
    answer = client.post(url, headers=key, json={"employee": "E01"})
    assert answer.status_code == 422 and "dates" in answer.text
    answer = client.post(url, headers=other, json={"employee": "E01", "start": day})
    assert answer.status_code == 404
