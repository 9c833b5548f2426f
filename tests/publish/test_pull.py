"""``schedsolve sync pull``: a problem fetched over HTTP is imported as `import` does,
and a bad or unreachable source is exit 2 with one line and nothing written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from domain.parse import dump
from tests.publish.helpers import small_store
from tests.publish.servers import Server, free_port

SCHEDSOLVE = str(Path(sys.executable).with_name("schedsolve"))


def _pull(url: str, db: str, *extra: str, store: str | None = None):
    problem_store = store or small_store().store
    return subprocess.run(
        [SCHEDSOLVE, "sync", "pull", "--store", problem_store, "--url", url, "--db", db, *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _counts(uow_factory, store: str) -> tuple[int, int]:
    with uow_factory() as uow:
        info = uow.stores.get(store)
        if info is None:
            return (0, 0)
        p = small_store()
        problem = uow.stores.load_problem(store, p.horizon.start, p.horizon.end, p.today)
    return len(problem.employees), len(problem.events)


def test_pull_imports_the_served_problem_with_the_given_header(uow_factory, migrated_url):
    problem = small_store()
    body = dump(problem).encode()
    with Server(body=body, require_header=("Authorization", "Bearer t0k")) as source:
        done = _pull(source.url, migrated_url, "--header", "Authorization: Bearer t0k")
        refused = _pull(source.url, migrated_url)
    assert done.returncode == 0, done.stderr
    assert f"into store {problem.store}" in done.stdout
    assert _counts(uow_factory, problem.store) == (len(problem.employees), len(problem.events))
    assert refused.returncode == 2 and "HTTP 401" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_a_bad_document_is_exit_2_naming_the_field_and_nothing_is_written(
    uow_factory, migrated_url
):
    doc = json.loads(dump(small_store()))
    doc["settings"]["buffer_days"] = 1_000_000_000
    with Server(body=json.dumps(doc).encode()) as source:
        bad = _pull(source.url, migrated_url)
    assert bad.returncode == 2
    assert len(bad.stderr.strip().splitlines()) == 1 and source.url in bad.stderr
    assert "buffer_days" in bad.stderr
    assert _counts(uow_factory, small_store().store) == (0, 0)


def test_a_source_that_is_down_or_for_another_store_is_exit_2(uow_factory, migrated_url):
    down = _pull(f"http://127.0.0.1:{free_port()}/p.json", migrated_url)
    assert down.returncode == 2 and "cannot fetch" in down.stderr
    with Server(body=dump(small_store()).encode()) as source:
        other = _pull(source.url, migrated_url, store="4242")
        big = _pull(source.url, migrated_url, "--max-bytes", "100")
    assert other.returncode == 2 and "not --store 4242" in other.stderr
    assert big.returncode == 2 and "over 100 bytes" in big.stderr
    assert _counts(uow_factory, small_store().store) == (0, 0)


def test_a_flaky_source_is_retried(uow_factory, migrated_url):
    with Server(body=dump(small_store()).encode(), fail_first=2) as source:
        done = _pull(source.url, migrated_url)
    assert done.returncode == 0, done.stderr
    assert len(source.received) == 3
