"""The rule book and the examples ship with the repository (issue 10, defects 9 and 11).

A plain clone has ``docs/spec/`` and ``tests/data/examples/``; when the clone
sits beside the shared folder (``<repo>/../shared``, as in CI) the copies are
byte for byte what that folder holds.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from domain.parse import parse_problem
from tests.paths import EXAMPLES, ROOT, SHARED, SPEC

EXAMPLE_NAMES = {"small-week.json", "tight-week.json", "store-2weeks.json"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_defect_11_a_plain_clone_has_the_rule_book_and_the_examples() -> None:
    assert {"RULES.md", "FORMAT.md"} <= set(_files(SPEC))
    assert "**Revision 3**" in (SPEC / "RULES.md").read_text(encoding="utf-8")
    assert set(_files(EXAMPLES)) >= EXAMPLE_NAMES
    for name in EXAMPLE_NAMES:
        assert parse_problem((EXAMPLES / name).read_text(encoding="utf-8")).events


@pytest.mark.parametrize(("shipped", "shared"), [(SPEC, "spec"), (EXAMPLES, "examples")])
def test_defect_11_the_shipped_copies_equal_the_shared_folder_beside_the_clone(
    shipped: Path, shared: str
) -> None:
    source = SHARED / shared
    if not source.is_dir():
        pytest.skip(f"{source} is not beside this clone: nothing to compare {shipped} with")
    assert _files(shipped) == _files(source)


def test_defect_11_readme_and_docs_point_at_docs_spec_not_at_the_shared_folder() -> None:
    texts = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for path in texts:
        # Only the layout table may say what the shipped copies are a copy of; no
        # line may send a reader to a folder that a plain clone does not have.
        lines = path.read_text(encoding="utf-8").splitlines()
        pointers = [line for line in lines if "../shared" in line and "a copy of" not in line]
        assert pointers == [], path
    assert "`docs/spec/RULES.md`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_defect_9_no_test_or_benchmark_reads_examples_from_an_absolute_or_shared_path() -> None:
    offenders = []
    for folder in ("tests", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path in (ROOT / "tests" / "paths.py", Path(__file__).resolve()):
                continue
            text = path.read_text(encoding="utf-8")
            if "/work/" in text or re.search(r"""["']shared["']""", text):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_defect_9_the_api_tests_read_the_shipped_examples() -> None:
    from tests.api import conftest

    assert conftest.EXAMPLES == EXAMPLES
    assert conftest.example("small-week").events
