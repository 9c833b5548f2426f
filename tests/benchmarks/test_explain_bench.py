"""The explain benchmark on one small event set: correctness only, no timing asserts."""

from __future__ import annotations

from benchmarks.explain_bench import (
    Row,
    capacity_events,
    explain_events,
    solved,
    table,
    write_results,
)
from domain.validator import validate
from tests.builders import event, problem, roster


def _crowded():
    """Two employees, three one-day Cores on the same Monday: one is left out."""
    cores = [event(f"C{i}", first="mon", last="mon", name=f"60010{i}-Core") for i in range(3)]
    return problem(employees=roster("E03", "E04"), events=cores)


def test_the_bench_explains_each_capacity_event_and_finds_every_repair_valid():
    p = _crowded()
    prop = solved(p, seconds=5)
    assert validate(p, prop).critical == 0
    events = capacity_events(prop)
    assert events, [(u.event, u.reason) for u in prop.unscheduled]
    timed, wall = explain_events(p, prop, events, at_a_time=2, workers=1)
    assert [t.event for t in timed] == events
    assert all(t.feasible and t.broken == [] for t in timed), [t.broken for t in timed]
    row = Row("crowded", "side by side", timed, wall, 0.0)
    assert row.valid == len(events)
    assert f"| crowded | side by side | {len(events)} |" in table([row], wall)


def test_a_broken_repair_is_counted_invalid_and_named_under_the_table(tmp_path):
    p = _crowded()
    prop = solved(p, seconds=5)
    timed, wall = explain_events(p, prop, capacity_events(prop)[:1])
    timed[0].broken = ["objective_change 1 but the scorer's is 0"]
    row = Row("crowded", "one at a time", timed, wall, 0.0)
    assert row.valid == 0 and not row.met
    text = table([row], wall)
    assert "| 0 / 1 | 0 | 1 |" in text
    assert f"{timed[0].event}: objective_change 1 but the scorer's is 0" in text
    results = tmp_path / "RESULTS.md"
    results.write_text("# Benchmark results\n\n<!-- strict:start -->\nkept\n<!-- strict:end -->\n")
    write_results(text, results)
    written = results.read_text()
    assert "kept" in written and "## Explanations and repairs" in written
    assert "<!-- explain:start -->" in written
