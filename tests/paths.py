"""Where the tests find the rule book and the example problems.

The repository ships both (issue 10, defect 11): the spec in ``docs/spec/`` and
the examples in ``tests/data/examples/``. ``SHARED`` is the folder the project
is cloned beside (``<repo>/../shared``); only the test that the shipped copies
equal it reads from there.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "tests" / "data" / "examples"
SPEC = ROOT / "docs" / "spec"
SHARED = ROOT.parent / "shared"
