"""harness.in_own_process: a case's result from a child process, or an error if it dies."""

from __future__ import annotations

import os

import pytest

from benchmarks.harness import in_own_process


def _answer(x, queue) -> None:
    queue.put({"pid": os.getpid(), "x": x})


def _die(queue) -> None:
    os._exit(3)


def test_the_result_comes_from_another_process():
    out = in_own_process(_answer, 7)
    assert out["x"] == 7 and out["pid"] != os.getpid()


def test_a_child_that_dies_without_a_result_raises_instead_of_hanging():
    with pytest.raises(RuntimeError, match="exit 3"):
        in_own_process(_die)
