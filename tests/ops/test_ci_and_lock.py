"""The CI script and the pinned install (issue 10, defect 14)."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A stand-in for python3: ``-m venv DIR`` makes a venv whose ``python`` only logs
# its arguments, and whose activate script makes every other command (ruff,
# lint-imports, ...) a logged no-op, so the script runs in a second.
FAKE_PYTHON3 = r"""#!/bin/bash
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  head -c 1048576 /dev/zero > "$3/bin/payload"
  printf '#!/bin/bash\necho "python $*" >> "$CI_LOG"\n' > "$3/bin/python"
  chmod +x "$3/bin/python"
  cat > "$3/bin/activate" <<ACT
PATH="$3/bin:\$PATH"
command_not_found_handle() { echo "\$*" >> "\$CI_LOG"; return 0; }
ACT
  exit 0
fi
echo "python3 $*" >> "$CI_LOG"
"""


def _stub(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _run_ci(tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, Path, Path]:
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", repo / ".ci" / "run")
    stubs = tmp_path / "stubs"
    stubs.mkdir()
    _stub(stubs, "python3", FAKE_PYTHON3)
    for name in ("pg_isready", "redis-cli"):
        _stub(stubs, name, "#!/bin/bash\nexit 0\n")
    temp = tmp_path / "tmp"
    temp.mkdir()
    log = tmp_path / "ci.log"
    result = subprocess.run(
        ["bash", str(repo / ".ci" / "run")],
        env={"PATH": f"{stubs}:/usr/bin:/bin", "TMPDIR": str(temp), "CI_LOG": str(log), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, temp, log


def test_defect14_ci_run_leaves_no_venv_in_the_temp_folder(tmp_path):
    result, temp, log = _run_ci(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "-m pytest" in log.read_text(), "the script did not reach the test command"
    assert list(temp.iterdir()) == [], "the CI venv was left behind"


def test_ci_run_keeps_the_venv_it_is_told_to_reuse(tmp_path):
    keep = tmp_path / "keep"
    result, _, _ = _run_ci(tmp_path, SCHEDSOLVE_CI_VENV=str(keep))
    assert result.returncode == 0, result.stderr
    assert (keep / "bin" / "python").exists()


def test_defect14_ci_run_installs_the_pinned_set(tmp_path):
    result, _, log = _run_ci(tmp_path)
    installs = [line for line in log.read_text().splitlines() if "pip install" in line]
    assert any("-c requirements.lock" in line and ".[dev]" in line for line in installs)


def _requirement_names(specs: list[str]) -> set[str]:
    return {re.split(r"[\s\[<>=!~;]", s, maxsplit=1)[0].lower().replace("_", "-") for s in specs}


def test_defect14_lock_file_pins_every_dependency_of_pyproject_exactly():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _requirement_names(project["dependencies"] + project["optional-dependencies"]["dev"])
    lock = (ROOT / "requirements.lock").read_text()
    assert "uv pip compile" in lock.splitlines()[1], "the header says how to refresh it"
    pins = {}
    for line in lock.splitlines():
        m = re.match(r"^([A-Za-z0-9._-]+)==(\S+)", line)
        if m:
            pins[m.group(1).lower().replace("_", "-")] = m.group(2)
    assert wanted <= set(pins), f"not pinned: {sorted(wanted - set(pins))}"
    assert {"starlette", "httpx"} <= set(pins)


def test_defect14_readme_install_command_uses_the_lock_file():
    readme = (ROOT / "README.md").read_text()
    assert "pip install -c requirements.lock -e '.[dev]'" in readme


def test_defect14_testclient_imports_without_a_deprecation_warning():
    code = "from fastapi.testclient import TestClient"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = subprocess.run(
            [sys.executable, "-W", "error", "-c", code],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "error"},
            timeout=60,
        )
    assert result.returncode == 0, result.stderr.strip().splitlines()[-1:]


def test_ci_run_checks_import_contracts_lint_and_format_before_the_tests(tmp_path):
    result, _, log = _run_ci(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = log.read_text().splitlines()
    gates = ["lint-imports", "ruff check .", "ruff format --check ."]
    assert all(g in lines for g in gates), lines
    tests = next(i for i, line in enumerate(lines) if "-m pytest" in line)
    assert max(lines.index(g) for g in gates) < tests
