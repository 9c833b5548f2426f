"""The run review PDF: every day's Cores, support tasks, reasons, live changes, findings, score."""

from __future__ import annotations

from domain.facts import Facts
from domain.models import Unscheduled
from domain.runs import Run
from domain.validator import validate
from reports.changes import live_changes
from reports.review import review_pdf
from tests.reports.helpers import clock, digest, holds, landscape, pages, text


def test_the_review_names_every_event_employee_day_and_reason_sentence(store):
    problem, proposal = store
    facts = Facts(problem)
    findings = validate(problem, proposal).findings
    run = Run(
        problem.store, "manual", problem.today, problem.horizon.start, problem.horizon.end, id=7
    )
    pdf = review_pdf(problem, proposal, run=run, findings=findings, clock=clock)
    body = text(pdf)
    assert all(landscape(pdf))
    assert "Run review" in body and "run 7" in body
    for a in proposal.assignments:
        assert holds(body, facts.events[a.event].name), a.event
        assert holds(body, facts.employees[a.employee].name)
    for day in facts.horizon_days:
        assert f"{day:%A %Y-%m-%d}" in body
    sentences = [u.detail for u in proposal.unscheduled if u.detail]
    assert sentences, "the fixture should leave events out, with their reason sentences"
    for sentence in sentences:
        assert holds(body, sentence)
    for f in findings:
        assert holds(body, f.message)
    assert "Score by rule" in body and holds(body, f"{proposal.score['S1']:,}")


def test_every_page_says_which_page_it_is_of_how_many(store):
    problem, proposal = store
    texts = pages(review_pdf(problem, proposal, clock=clock))
    assert len(texts) > 1
    for i, page in enumerate(texts, start=1):
        assert f"page {i} of {len(texts)}" in page
        assert f"Store {problem.store}" in page


def test_the_same_input_gives_the_same_bytes_and_only_the_clock_changes_the_footer(store):
    problem, proposal = store
    first = review_pdf(problem, proposal, clock=clock)
    assert first == review_pdf(problem, proposal, clock=clock)
    later = review_pdf(problem, proposal, clock=lambda: clock().replace(hour=9))
    assert digest(first) != digest(later)
    assert text(first).replace("06:30 UTC", "09:30 UTC") == text(later)


def _dropped_and_taken(problem, proposal):
    """Drop one kept Core and move another new Core into its slot."""
    facts = Facts(problem)
    kept = next(
        a
        for a in proposal.assignments
        if a.change == "kept" and facts.types[a.event].value == "Core"
    )
    taker = next(
        a
        for a in proposal.assignments
        if a.change == "new" and facts.types[a.event].value == "Core"
    )
    moved = taker.model_copy(
        update={
            "employee": kept.employee,
            "start": kept.start,
            "end": kept.end,
            "block": kept.block,
        }
    )
    sentence = "Its existing assignment was removed to make room for a better schedule."
    changed = proposal.model_copy(
        update={
            "assignments": [
                moved if a.event == taker.event else a
                for a in proposal.assignments
                if a.event != kept.event
            ],
            "unscheduled": [
                *proposal.unscheduled,
                Unscheduled(event=kept.event, reason="dropped", detail=sentence),
            ],
        }
    )
    return kept, taker, changed, sentence


def test_a_dropped_assignment_names_the_event_that_took_its_slot(store):
    problem, proposal = store
    kept, taker, changed, sentence = _dropped_and_taken(problem, proposal)
    changes = {c.before.event: c for c in live_changes(problem, changed)}
    assert changes[kept.event].kind == "dropped"
    assert changes[kept.event].displaced_by == [taker.event]
    assert {c.kind for c in changes.values()} <= {"kept", "moved", "dropped"}
    body = text(review_pdf(problem, changed, clock=clock))
    facts = Facts(problem)
    assert "Changes to the live schedule" in body
    assert holds(body, facts.events[taker.event].name) and holds(body, sentence)
    assert holds(body, "1 dropped")


def test_a_line_status_other_than_proposed_is_marked(store):
    problem, proposal = store
    a = proposal.assignments[0]
    body = text(review_pdf(problem, proposal, line_status={a.event: "approved"}, clock=clock))
    assert holds(body, f"{a.change}, approved")


def test_names_with_markup_characters_are_printed_verbatim(store):
    problem, proposal = store
    a = next(x for x in proposal.assignments)
    events = [
        e.model_copy(update={"name": "Ben & Jerry's <Mint> Demo"}) if e.id == a.event else e
        for e in problem.events
    ]
    odd = problem.model_copy(update={"events": events})
    assert holds(text(review_pdf(odd, proposal, clock=clock)), "Ben & Jerry's <Mint> Demo")


def test_a_strict_run_prints_each_priority_level_and_whether_it_was_proven(store):
    from domain.models import Level

    problem, proposal = store
    levels = [
        Level(priority=1, types=["Juicer Production"], value=5400, bound=5400, proven=True),
        Level(priority=6, types=["Core"], value=81000, bound=83000, proven=False),
    ]
    strict = proposal.model_copy(update={"levels": levels})
    body = text(review_pdf(problem, strict, clock=clock))
    assert holds(body, "Juicer Production: 5,400 of bound 5,400, proven")
    assert holds(body, "Core: 81,000 of bound 83,000, best found (time ran out)")
