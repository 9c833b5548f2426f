"""schemathesis against the app's OpenAPI: no server error, every answer matches the schema.

All default checks of ``case.call_and_validate`` run on every operation, with
positive and negative data, authenticated with an admin key, on SQLite with a
store imported and one run of it solved. A third pass fixes the path to what
exists (the store, one of its events, a horizon day, the solved run) and calls
with that store's own key, so the store-scoped answers themselves (candidates,
schedule, proposal, lines) are checked against the schema, not only their
404s. Examples are bounded (:data:`EXAMPLES_PER_OPERATION` per operation and
pass), so the whole fuzz takes a minute or two.

(schemathesis's own ``from_fixture`` loader does not work with pytest 9, so
the operations are driven with ``operation.as_strategy()`` and hypothesis.)
"""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from adapters.config import AppSettings
from adapters.db import make_engine, session_factory, upgrade
from adapters.keys import create_key
from adapters.uow import SqlUnitOfWork
from api.http.app import create_app
from api.services.runs import SolveParams, solve_and_store
from tests.api.conftest import example, save

EXAMPLES_PER_OPERATION = 30
STORE = "5979"

#: Operations whose input carries rules a JSON schema cannot express (a problem's
#: events and employees refer to each other, a range's end follows its start, a
#: date lies in the supported years): a schema-valid request may rightly be 422,
#: so schemathesis's "schema-valid data is accepted" check is replaced there by
#: "a 422 names the field".
SEMANTIC_RULES = {
    "POST /validate",
    "POST /solve",
    "POST /stores/{store}/runs",
    "POST /stores/{store}/whatif",
    "POST /stores/{store}/callouts",
    "GET /stores/{store}/schedule",
    "GET /stores/{store}/schedule.pdf",
    "GET /stores/{store}/days/{date}/packet.pdf",
    "GET /stores/{store}/events/{event}/candidates",
}


def _422_names_a_field(ctx, response, case) -> bool | None:
    if response.status_code == 422:
        detail = response.json()["detail"]
        assert isinstance(detail, list) and detail and all(d["loc"] and d["msg"] for d in detail), (
            f"422 without a located message: {detail}"
        )
    return None


def _app(tmp_path):
    url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    upgrade(url)
    problem = example("small-week")
    save(url, problem)
    engine = make_engine(url)
    factory = session_factory(engine)
    with factory() as session:
        _, key = create_key(session, None, "fuzz")
        _, store_key = create_key(session, STORE, "fuzz-store")
        session.commit()
    run, _ = solve_and_store(
        lambda: SqlUnitOfWork(factory),
        problem.store,
        problem.horizon.start,
        problem.horizon.end,
        problem.today,
        params=SolveParams(time_limit=2, workers=1, seed=0),
    )
    engine.dispose()
    known = {
        "store": STORE,
        "event": problem.events[0].id,
        "date": problem.horizon.start.isoformat(),
        "run_id": run.id,
    }
    app = create_app(
        AppSettings(
            database_url=url,
            max_concurrent_solves=1,
            max_time_limit=1,
            stateless_solve_time_limit=1,
        )
    )
    return app, {"X-API-Key": key}, {"X-API-Key": store_key}, known


def test_the_api_honours_its_openapi_schema_under_fuzzing(tmp_path):
    app, admin, store_key, known = _app(tmp_path)
    failures: list[str] = []
    with TestClient(app):
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 12
        for operation in operations:
            passes = [
                (GenerationMode.POSITIVE, None, admin),
                (GenerationMode.NEGATIVE, None, admin),
            ]
            fixed = {k: v for k, v in known.items() if "{" + k + "}" in operation.path}
            if fixed:  # also reach past the 404s: what exists, with its store's key
                passes.append((GenerationMode.POSITIVE, fixed, store_key))
            for mode, fixed, headers in passes:

                @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed))
                @settings(
                    max_examples=EXAMPLES_PER_OPERATION,
                    deadline=None,
                    derandomize=True,
                    database=None,
                    suppress_health_check=list(HealthCheck),
                )
                def check(case) -> None:
                    if case.operation.label in SEMANTIC_RULES:
                        case.call_and_validate(
                            headers=headers,  # noqa: B023 (check runs in this iteration)
                            excluded_checks=[positive_data_acceptance],
                            additional_checks=[_422_names_a_field],
                        )
                    else:
                        case.call_and_validate(headers=headers)  # noqa: B023

                try:
                    check()
                except KeyboardInterrupt:
                    raise
                except Unsatisfiable:  # no negative data exists (e.g. no parameters)
                    continue
                except BaseException as exc:  # schemathesis raises exception groups
                    failures.append(f"{operation.label} [{mode.value} {fixed}]: {exc}")
    assert not failures, "\n\n".join(failures)
