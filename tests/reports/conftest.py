"""Fixtures of the report tests: a generated store and its greedy proposal (fast, deterministic)."""

from __future__ import annotations

import pytest

from domain.facts import Facts
from domain.generator import generate
from solver.greedy import greedy


@pytest.fixture(scope="module")
def store():
    problem = generate(10, 1, seed=3, tightness="normal")
    return problem, greedy(problem, Facts(problem))
