"""The layout rules that no linter checks: file length and one settings class (issue 10).

The import rules between packages are import-linter contracts (``pyproject.toml``,
``lint-imports`` in ``.ci/run``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("domain", "solver", "adapters", "api", "reports", "benchmarks", "tests")
MAX_LINES = 400


def _sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_python_file_of_the_project_or_its_tests_is_over_400_lines() -> None:
    long = {str(p.relative_to(ROOT)): n for p in _sources() if (n := _lines(p)) > MAX_LINES}
    assert long == {}


def test_the_length_check_sees_every_package() -> None:
    seen = {p.relative_to(ROOT).parts[0] for p in _sources()}
    assert seen == set(PACKAGES)


def test_one_settings_class_reads_the_environment() -> None:
    found = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                (isinstance(b, ast.Name) and b.id == "BaseSettings")
                or (isinstance(b, ast.Attribute) and b.attr == "BaseSettings")
                for b in node.bases
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert found == ["adapters/config.py:AppSettings"]
