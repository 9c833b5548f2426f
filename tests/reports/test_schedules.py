"""Weekly and daily schedules and the daily packet."""

from __future__ import annotations

import datetime as dt

from domain.facts import Facts, week_start
from domain.models import Assignment
from domain.validator import validate
from reports.daily import daily_pdf
from reports.packet import packet_pdf
from reports.weekly import weekly_pdf
from tests import builders as b
from tests.reports.helpers import clock, digest, holds, landscape, pages, squeezed, text

LONG = "Kirkland Signature Organic Extra Virgin Olive Oil and Balsamic Tasting"


def _sixty_cores():
    """63 Cores in one week (9 a day in 12 configured blocks), long names, 21 employees."""
    blocks = [
        {"block": i, "start": ["10:15", "10:45", "11:15", "11:45"][(i - 1) // 3]}
        for i in range(1, 13)
    ]
    employees = [
        b.employee(f"E{i:02d}", "specialist", f"Specialist Number{i:02d} Longsurname")
        for i in range(21)
    ]
    events = [
        b.event(f"C{i:02d}", "Core", "sun", "sat", name=f"6{i:05d}-CORE-Demo {LONG} {i}")
        for i in range(63)
    ]
    problem = b.problem(employees, events, settings={"shift_blocks": blocks})
    facts = Facts(problem)
    assignments = []
    for i in range(63):
        day, k = divmod(i, 9)
        assignments.append(
            b.assign(
                facts,
                f"C{i:02d}",
                f"E{(k + 3 * day) % 21:02d}",
                b.WEEK["sun"] + dt.timedelta(days=day),
                block=k + 1,
            )
        )
    return problem, assignments


def test_sixty_cores_a_week_keep_every_event_name_and_employee():
    problem, assignments = _sixty_cores()
    pdf = weekly_pdf(problem, assignments, clock=clock)
    body = text(pdf)
    assert all(landscape(pdf))
    for a in assignments:
        assert holds(body, f"6{int(a.event[1:]):05d}-CORE-Demo {LONG} {int(a.event[1:])}"), a.event
    for e in problem.employees:
        assert holds(body, e.name)
    assert "63 Cores" in body


def test_the_weekly_schedule_has_a_section_per_week_with_totals_and_days_off(store):
    problem, proposal = store
    facts = Facts(problem)
    pdf = weekly_pdf(problem, proposal.assignments, clock=clock)
    texts = pages(pdf)
    weeks = {week_start(d) for d in facts.horizon_days}
    starts = [t for t in texts if "Week of " in t]
    assert len(starts) == len(weeks)
    body = "\n".join(texts)
    for a in proposal.assignments:
        assert holds(body, facts.events[a.event].name)
    cores = {}
    for a in proposal.assignments:
        if facts.types[a.event].value == "Core":
            cores[a.employee] = cores.get(a.employee, 0) + 1
    busiest = max(cores, key=cores.get)
    assert holds(body, f"{facts.employees[busiest].name}") and f"{cores[busiest]} Cores" in body
    assert any(w in body for w in ("unavailable", "time off", "holiday"))


def test_a_range_shorter_than_the_horizon_prints_only_its_assignments(store):
    problem, proposal = store
    day = problem.horizon.start
    pdf = weekly_pdf(problem, proposal.assignments, start=day, end=day, clock=clock)
    body = text(pdf)
    facts = Facts(problem)
    inside = [a for a in proposal.assignments if a.start.date() == day]
    outside = [a for a in proposal.assignments if a.start.date() > day]
    assert all(holds(body, facts.events[a.event].name) for a in inside)
    assert not any(
        holds(body, facts.events[a.event].name)
        for a in outside
        if facts.events[a.event].name not in {facts.events[x.event].name for x in inside}
    )


def _busiest_day(problem, proposal) -> dt.date:
    facts = Facts(problem)
    days = [a.start.date() for a in proposal.assignments if facts.types[a.event].value == "Core"]
    return max(set(days), key=days.count)


def test_a_normal_day_is_one_landscape_page_with_arrivals_checks_and_findings(store):
    problem, proposal = store
    facts = Facts(problem)
    day = _busiest_day(problem, proposal)
    findings = validate(problem, proposal).findings
    pdf = daily_pdf(problem, proposal.assignments, day, findings=findings, clock=clock)
    texts = pages(pdf)
    assert len(texts) == 1 and landscape(pdf) == [True]
    body = texts[0]
    assert f"{day:%A %Y-%m-%d}" in body and "page 1 of 1" in body
    todays = [a for a in proposal.assignments if a.start.date() == day]
    for a in todays:
        assert holds(body, facts.employees[a.employee].name)
        if facts.types[a.event].value != "Supervisor":
            assert holds(body, facts.events[a.event].name)
    assert "Supervisor checks" in body
    for f in findings:
        if f.date == day:
            assert holds(body, f.message)


def test_the_packet_is_the_daily_page_then_one_signed_sheet_per_core(store):
    problem, proposal = store
    facts = Facts(problem)
    day = _busiest_day(problem, proposal)
    cores = [
        a
        for a in proposal.assignments
        if a.start.date() == day and facts.types[a.event].value == "Core"
    ]
    pdf = packet_pdf(problem, proposal.assignments, day, clock=clock)
    texts = pages(pdf)
    assert len(texts) == 1 + len(cores)
    assert landscape(pdf) == [True] + [False] * len(cores)
    for i, page in enumerate(texts, start=1):
        assert f"page {i} of {len(texts)}" in page
    sheets = texts[1:]
    for a in sorted(cores, key=lambda a: a.block):
        sheet = next(s for s in sheets if holds(s, facts.events[a.event].name))
        assert holds(sheet, facts.employees[a.employee].name)
        assert "Employee signature" in sheet and "Supervisor signature" in sheet
        assert f"Block{a.block}Arrival" in squeezed(sheet)
        assert a.start.strftime("%H:%M") in sheet
    assert pdf == packet_pdf(problem, proposal.assignments, day, clock=clock)
    assert digest(pdf) == digest(packet_pdf(problem, proposal.assignments, day, clock=clock))


def test_a_day_without_cores_still_prints_a_one_page_packet(store):
    problem, proposal = store
    day = problem.horizon.end + dt.timedelta(days=30)
    pdf = packet_pdf(problem, proposal.assignments, day, clock=clock)
    assert len(pages(pdf)) == 1 and "No Core on this day." in text(pdf)


def test_assignments_are_accepted_as_plain_domain_assignments(store):
    problem, _ = store
    live = [
        Assignment(event=x.event, employee=x.employee, start=x.start, end=x.start, block=x.block)
        for x in problem.existing
    ]
    body = text(weekly_pdf(problem, live, clock=clock))
    assert all(holds(body, Facts(problem).events[x.event].name) for x in problem.existing)
