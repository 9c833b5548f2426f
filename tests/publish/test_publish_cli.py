"""The publishing commands: feeds and hooks, as a store's operator uses them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.publish.helpers import save, small_store

SCHEDSOLVE = str(Path(sys.executable).with_name("schedsolve"))
SECRET = "cli-secret-0123456789abcdef"


def _run(*args: str):
    return subprocess.run([SCHEDSOLVE, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 's.db'}"
    from adapters.db import make_engine, session_factory, upgrade
    from adapters.uow import SqlUnitOfWork

    engine = make_engine(url)
    upgrade(engine)
    factory = session_factory(engine)
    save(lambda: SqlUnitOfWork(factory), small_store())
    engine.dispose()
    return url


def test_feeds_create_prints_the_url_once_and_list_and_revoke_follow(db):
    store = small_store()
    employee = store.employees[0].id
    made = _run("feeds", "create", "--store", store.store, "--employee", employee, "--db", db)
    assert made.returncode == 0, made.stderr
    url = made.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        rf"http://127\.0\.0\.1:8000/stores/{store.store}/employees/{employee}/schedule\.ics"
        r"\?token=sf_[\w-]{43}",
        url,
    )
    token = url.split("token=")[1]
    listed = _run("feeds", "list", "--db", db)
    assert "active" in listed.stdout and token not in listed.stdout
    assert _run("feeds", "revoke", "1", "--db", db).returncode == 0
    assert "revoked" in _run("feeds", "list", "--db", db).stdout
    missing = _run("feeds", "revoke", "99", "--db", db)
    assert missing.returncode == 2 and "feed 99 not found" in missing.stderr


def test_feeds_for_an_unknown_employee_or_a_bad_time_zone_are_exit_2_with_one_line(db):
    store = small_store().store
    nobody = _run("feeds", "create", "--store", store, "--employee", "ZZ", "--db", db)
    assert nobody.returncode == 2 and "employee ZZ not found" in nobody.stderr
    assert len(nobody.stderr.strip().splitlines()) == 1
    tz = _run("feeds", "timezone", "--store", store, "Nowhere/Land", "--db", db)
    assert tz.returncode == 2 and "IANA" in tz.stderr
    ok = _run("feeds", "timezone", "--store", store, "America/Chicago", "--db", db)
    assert ok.returncode == 0 and "America/Chicago" in ok.stdout
    assert "America/Chicago" in _run("feeds", "timezone", "--store", store, "--db", db).stdout


def test_hooks_never_show_their_secret_and_refuse_a_bad_url(db):
    store = small_store().store
    url = "http://127.0.0.1:9/hook"
    added = _run("hooks", "add", "--store", store, url, "--secret", SECRET, "--db", db)
    assert added.returncode == 0, added.stderr
    assert SECRET not in added.stdout
    listed = _run("hooks", "list", "--db", db)
    assert url in listed.stdout and SECRET not in listed.stdout + listed.stderr
    status = _run("hooks", "status", "--db", db)
    assert status.stdout.splitlines()[0] == "0 pending, 0 sending, 0 delivered, 0 dead"
    bad = _run("hooks", "add", "--store", store, "ftp://x", "--secret", SECRET, "--db", db)
    assert bad.returncode == 2 and "not an http(s) URL" in bad.stderr
    short = _run("hooks", "add", "--store", store, url, "--secret", "abc", "--db", db)
    assert short.returncode == 2 and "--secret" in short.stderr
    assert _run("hooks", "remove", "1", "--db", db).returncode == 0
    assert url not in _run("hooks", "list", "--db", db).stdout
