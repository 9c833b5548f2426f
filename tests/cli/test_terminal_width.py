"""The review commands on an 80-column terminal (issue 10, defect 13).

``nightly``, ``runs`` and ``review`` must fit 80 columns without cutting a
word, a date or a status in two, and ``review`` must print the line ids that
``approve --row`` takes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from rich.console import Console
from sqlalchemy import update
from typer.testing import CliRunner

from adapters.db import upgrade
from adapters.orm import StoreRow
from api.cli import app
from api.cli.nightly import summary_table
from api.cli.review import review_table
from api.cli.runs import runs_table
from api.services.jobs import uow_factory_for
from api.services.nightly_models import NightlyReport, StoreOutcome
from api.services.runs import SolveParams, solve_and_store
from domain.models import Assignment, Proposal, Unscheduled
from domain.parse import parse_problem
from domain.runs import Run
from tests.cli.conftest import base
from tests.nightly.conftest import TODAY, seed_stores
from tests.paths import EXAMPLES

WIDTH = 80
runner = CliRunner()


def _at_80(*args: object):
    """The command's result on an 80-column terminal."""
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": str(WIDTH)})


def assert_fits(text: str) -> None:
    """No line wider than the terminal and nothing cut short with an ellipsis."""
    wide = [line for line in text.splitlines() if len(line) > WIDTH]
    assert not wide, f"{len(wide)} lines over {WIDTH} columns:\n" + "\n".join(wide)
    assert "…" not in text, text


def whole(word: str, text: str) -> int:
    """How many times ``word`` appears as a whole word (not glued to letters or digits)."""
    return len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))


def secs(solve: float) -> dict[str, float]:
    return {"solve_seconds": solve, "wall_seconds": solve + 333.3}


def test_defect13_the_nightly_summary_fits_80_columns_with_every_word_whole():
    start = dt.date(2026, 3, 1)
    horizon = (start, start + dt.timedelta(days=13))
    report = NightlyReport(
        today=TODAY,
        horizon_days=14,
        mode="local",
        outcomes=[
            StoreOutcome("8135", "interrupted", 12345, horizon, 123, 45, 1234567.0, **secs(123.4)),
            StoreOutcome("5979", "succeeded", 12346, horizon, 45, 11, 80347.0, **secs(0.2)),
            StoreOutcome("7852", "skipped", note="another nightly is running this store"),
        ],
    )
    out = Console(file=io.StringIO(), width=WIDTH, highlight=False)
    out.print(summary_table(report))
    text = out.file.getvalue()
    assert_fits(text)
    for word in ("interrupted", "succeeded", "skipped", "2026-03-01", "2026-03-14", "1,234,567"):
        assert whole(word, text), f"{word!r} is not whole in:\n{text}"
    assert whole("12345", text) and whole("456.7", text) and whole("333.5", text)


def test_defect13_the_nightly_command_at_80_columns_keeps_statuses_and_errors_whole(tmp_path):
    url = f"sqlite:///{tmp_path / 'n.db'}"
    factory, dispose = seed_stores(url, {"N1": (8, 1, "normal"), "N2": (8, 1, "loose")})
    with factory() as uow:  # a store the solver cannot load: its error must read whole too
        uow.session.execute(
            update(StoreRow).where(StoreRow.id == "N2").values(settings={"max_core_per_week": -1})
        )
        uow.commit()
    dispose()
    result = _at_80(
        "nightly", "--db", url, "--today", TODAY, "--horizon-days", 7,
        "--time-limit", 5, "--workers", 1, "--local",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert_fits(result.stdout)
    rows: dict[str, str] = {}  # each store's first line: its row of the table
    for line in result.stdout.splitlines():
        if line.strip():
            rows.setdefault(line.strip("│┃ ").split()[0], line)
    assert whole("succeeded", rows["N1"]) and whole("failed", rows["N2"]), result.stdout
    assert whole("max_core_per_week", result.stdout), result.stdout
    assert "1 succeeded, 1 failed, 0 skipped" in result.stdout


@pytest.fixture
def solved(tmp_path):
    """small-week (store 5979, 2026-02-08..2026-02-14) in a SQLite file, solved once."""
    url = f"sqlite:///{tmp_path / 'r.db'}"
    upgrade(url)
    factory, dispose = uow_factory_for(url)
    problem = parse_problem((EXAMPLES / "small-week.json").read_text())
    with factory() as uow:
        uow.stores.save_problem(problem)
        uow.commit()
    h = problem.horizon
    params = SolveParams(time_limit=5, workers=1)
    run, _ = solve_and_store(factory, problem.store, h.start, h.end, problem.today, params=params)
    yield url, factory, problem, run
    dispose()


def test_defect13_runs_at_80_columns_shows_the_horizon_dates_whole(solved):
    url, _, _, run = solved
    result = _at_80("runs", "--db", url)
    assert result.exit_code == 0, result.output
    assert_fits(result.stdout)
    for word in ("2026-02-08", "2026-02-14", "succeeded", "pending", "manual", "5979"):
        assert whole(word, result.stdout) == 1, f"{word!r} not whole once in:\n{result.stdout}"
    assert whole(f"{run.objective:,.0f}", result.stdout) == 1


def test_defect13_runs_at_80_columns_keeps_the_widest_values_whole():
    day = dt.date(2026, 2, 8)
    run = Run(
        store="8135",
        kind="nightly",
        today=day,
        horizon_start=day,
        horizon_end=day + dt.timedelta(days=13),
        status="interrupted",
        review="superseded",
        objective=1234567.0,
        counts={"assigned": 1234},
        id=12345,
    )
    out = Console(file=io.StringIO(), width=WIDTH, highlight=False)
    out.print(runs_table([run]))
    text = out.file.getvalue()
    assert_fits(text)
    for word in ("12345", "8135", "nightly", "2026-02-08", "2026-02-21", "interrupted"):
        assert whole(word, text) == 1, f"{word!r} not whole once in:\n{text}"
    assert whole("superseded", text) == 1 and whole("1,234,567", text) == 1


def _printed_ids(text: str) -> list[int]:
    return [int(x) for x in re.findall(r"#(\d+)\b", text)]


def test_defect13_review_prints_the_line_ids_that_approve_row_takes(solved):
    url, factory, problem, run = solved
    with factory() as uow:
        lines = uow.pending.list_by_run(run.id)
    shown = {x.id for x in lines if x.is_assignment or x.unscheduled_reason != "inactive"}
    freeosks = {e.id for e in problem.events if "Freeosk" in e.name}

    review = _at_80("review", run.id, "--db", url)
    assert review.exit_code == 0, review.output
    assert_fits(review.stdout)
    ids = _printed_ids(review.stdout)
    assert sorted(ids) == sorted(shown), "each shown line once, with its pending line id"

    # A user picks one line: a Freeosk's, a support event approved without a partner.
    pick = next(x.id for x in lines if x.is_assignment and x.event in freeosks)
    assert pick in ids
    approved = _at_80("approve", run.id, "--row", pick, "--db", url)
    assert approved.exit_code == 0, approved.output
    assert "1 lines approved, 0 refused" in approved.stdout
    with factory() as uow:
        after = {x.id: x.status for x in uow.pending.list_by_run(run.id)}
    assert {i for i, s in after.items() if s != "proposed"} == {pick}
    assert after[pick] == "approved"


def test_defect13_review_at_80_columns_keeps_a_long_reason_and_a_full_day_whole():
    data = base()
    data["events"][1]["product"] = "Crisp"  # a Core shows its product; a long name is shortened
    problem = parse_problem(json.dumps(data))
    busy = [  # a busy Tuesday: every column has plenty to say
        Assignment(
            event=e.id,
            employee="E01",
            start=dt.datetime(2026, 3, 3, 10, i),
            end=dt.datetime(2026, 3, 3, 16, i),
            block=1 if i == 0 else None,
        )
        for i, e in enumerate(problem.events[1:])
    ]
    left = [Unscheduled(event=problem.events[0].id, reason="no_available_employee")]
    proposal = Proposal(store=problem.store, status="FEASIBLE", assignments=busy, unscheduled=left)
    out = Console(file=io.StringIO(), width=WIDTH, highlight=False)
    out.print(review_table(problem, proposal))
    text = out.file.getvalue()
    assert_fits(text)
    assert whole("no_available_employee", text) == 1, text
    assert whole("2026-03-03", text) == 1 and whole("Ana", text) == len(busy), text
