"""Write the shipped week set ``benchmarks/weeks/``: ``python -m benchmarks.make_weeks [DIR]``.

Fifteen one-week synthetic stores, five team sizes (10 to 80 employees) at
the three tightness levels, each from its own seed. The generator is pure, so
running this again writes byte-identical files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from domain.generator import generate
from domain.parse import dump

WEEKS_DIR = Path(__file__).resolve().parent / "weeks"

#: (employees, tightness, seed) of each shipped week.
WEEKS: tuple[tuple[int, str, int], ...] = tuple(
    (employees, tightness, 100 + 10 * i + j)
    for i, employees in enumerate((10, 20, 40, 60, 80))
    for j, tightness in enumerate(("loose", "normal", "tight"))
)


def file_name(n: int, employees: int, tightness: str) -> str:
    return f"week{n:02d}-e{employees:02d}-{tightness}.json"


def make_weeks(out_dir: Path = WEEKS_DIR, weeks=WEEKS) -> list[Path]:
    """Write one problem file per entry of ``weeks``; returns the paths in order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (employees, tightness, seed) in enumerate(weeks, start=1):
        problem = generate(employees=employees, weeks=1, seed=seed, tightness=tightness)
        path = out_dir / file_name(n, employees, tightness)
        path.write_text(dump(problem), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str]) -> None:
    out_dir = Path(argv[0]) if argv else WEEKS_DIR
    for path in make_weeks(out_dir):
        print(path)


if __name__ == "__main__":
    main(sys.argv[1:])
