"""Shared helpers of the CSV import tests (``test_csv_import*.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from adapters.csv_import import CsvImportError, import_csv
from domain.models import Problem

STORE = "8135"
DAY = dt.date(2026, 3, 1)
ROLES = ("lead", "specialist", "supervisor", "juicer")
HEADER = "id,name,role,active,termination_date,sun,mon,tue,wed,thu,fri,sat"


def employees_csv(n: int = 100, bad: dict[int, str] | None = None) -> str:
    """A header and ``n`` employees; ``bad`` replaces the row on a (1-based) file line."""
    lines = [HEADER]
    for i in range(1, n + 1):
        ended = "2026-06-30" if i % 10 == 0 else ""
        lines.append(
            f"E{i:03d},Employee {i},{ROLES[i % 4]},{'no' if i % 25 == 0 else 'yes'},"
            f"{ended},n,y,y,y,y,y,{'y' if i % 2 else 'n'}"
        )
    for line, text in (bad or {}).items():
        lines[line - 1] = text
    return "\n".join(lines) + "\n"


def load(uow_factory: Callable, store: str = STORE) -> Problem:
    with uow_factory() as uow:
        return uow.stores.load_problem(store, DAY, DAY + dt.timedelta(days=13), DAY)


def error_of(call: Callable[[], object]) -> CsvImportError:
    with pytest.raises(CsvImportError) as info:
        call()
    return info.value


def store_with_staff(uow_factory: Callable) -> None:
    import_csv(uow_factory(), "employees", employees_csv(4), STORE, "staff.csv")
