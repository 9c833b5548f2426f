"""The Docker image as shipped (issue 10, defect 10).

There is no Docker daemon in CI, so the Dockerfile is read as data: its
instructions are checked, and its CMD and HEALTHCHECK are run here, against a
fresh SQLite file, the way the container would run them.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from adapters.db import make_engine, schema_at_head

ROOT = Path(__file__).resolve().parents[2]


def instructions() -> list[tuple[str, str]]:
    """The Dockerfile's (INSTRUCTION, arguments), continuation lines joined."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = re.sub(r"\\\n", " ", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def one(name: str) -> str:
    found = [args for word, args in instructions() if word == name]
    assert found, f"the Dockerfile has no {name}"
    return found[-1]


def env() -> dict[str, str]:
    values: dict[str, str] = {}
    for word, args in instructions():
        if word == "ENV":
            values.update(dict(re.findall(r"(\w+)=(\S+)", args)))
    return values


def test_defect10_image_keeps_the_default_database_in_a_data_volume_its_user_owns():
    url = env().get("SCHEDSOLVE_DATABASE_URL", "")
    assert url.startswith("sqlite:////data/"), url
    assert "/data" in one("VOLUME")
    user = one("USER")
    runs = " ".join(args for word, args in instructions() if word == "RUN")
    assert re.search(rf"useradd .*--uid 10001 {user}", runs)
    assert re.search(rf"chown {user}(:{user})? /data", runs), "the data folder must be writable"


def test_defect10_image_has_a_healthcheck_on_readiness():
    check = one("HEALTHCHECK")
    assert "/health/ready" in check


def test_defect10_dependencies_install_before_the_source_is_copied():
    steps = instructions()
    copies = [i for i, (word, _) in enumerate(steps) if word == "COPY"]
    first, source = copies[0], next(i for i in copies if steps[i][1].startswith(". "))
    assert "pyproject.toml" in steps[first][1] and "requirements.lock" in steps[first][1]
    deps = [i for i, (w, a) in enumerate(steps) if w == "RUN" and "-c requirements.lock" in a]
    assert deps and first < deps[0] < source, "the dependency layer must not depend on the source"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _localize(argv: list[str], port: int) -> list[str]:
    """The container's command for this machine: loopback, a free port, this venv."""
    argv = [str(port) if a == "8000" else "127.0.0.1" if a == "0.0.0.0" else a for a in argv]
    exe = Path(sys.executable).parent / argv[0]
    return [str(exe) if exe.exists() else argv[0], *argv[1:]]


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def served(tmp_path):
    """The image's CMD running on a fresh database in a fresh data folder."""
    data = tmp_path / "data"
    data.mkdir()
    url = f"sqlite:///{data}/schedsolve.db"
    port = _free_port()
    argv = _localize(json.loads(one("CMD")), port)
    environ = {**os.environ, **env(), "SCHEDSOLVE_DATABASE_URL": url}
    proc = subprocess.Popen(
        argv, env=environ, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/health")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.stderr.read().decode()[-2000:]) from None
                time.sleep(0.2)
        yield url, port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_defect10_image_command_migrates_before_serving(served):
    url, port = served
    assert _get(f"http://127.0.0.1:{port}/health/ready") == 200
    engine = make_engine(url)
    try:
        assert schema_at_head(engine), "the image serves an unmigrated database"
    finally:
        engine.dispose()


def test_defect10_image_healthcheck_command_passes_on_the_running_service(served):
    _, port = served
    argv = json.loads(one("HEALTHCHECK").split("CMD", 1)[1])
    argv = [a.replace(":8000/", f":{port}/") for a in argv]
    argv[0] = sys.executable if argv[0] == "python" else argv[0]
    assert subprocess.run(argv, timeout=30).returncode == 0
