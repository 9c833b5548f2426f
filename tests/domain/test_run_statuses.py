"""A run's statuses are split once, in domain.runs, into still-to-end and ended."""

from __future__ import annotations

import typing

from domain.runs import ACTIVE_STATUSES, FINAL_STATUSES, RUN_STATUSES, RunStatus


def test_every_run_status_is_either_active_or_final_and_never_both():
    assert set(ACTIVE_STATUSES) | set(FINAL_STATUSES) == set(RUN_STATUSES)
    assert not set(ACTIVE_STATUSES) & set(FINAL_STATUSES)
    assert set(typing.get_args(RunStatus)) == set(RUN_STATUSES)
