"""The browser UI in a real browser (Debian's Chromium via Playwright) against a real server.

One server (uvicorn, SQLite, a generated store) and one browser session for the
module: a scheduler logs in, starts a run, watches it finish, reviews it,
approves two selected lines, finds them in the week view, rejects another run,
opens every PDF link; every page has no serious or critical axe-core
violation; the approve flow works with the keyboard alone; a call-out from the day
page opens its repair run's review, the diff first.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright
from pypdf import PdfReader

from adapters.db import make_engine, session_factory
from adapters.uow import SqlUnitOfWork
from domain.facts import Facts
from tests.ui.server import CHROMIUM, example_run, start_server, wait_for_chromium

SOLVE_SECONDS = "2"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    srv = start_server(tmp_path_factory.mktemp("ui"))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def page(server):
    assert wait_for_chromium(), f"{CHROMIUM} is missing: apt-get install -y chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        context = browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(30_000)
        yield context.new_page()
        context.close()
        browser.close()


AXE = Axe()
PDFS: set[str] = set()


def audit(page: Page) -> None:
    """No serious or critical axe-core violation on the page; remember its PDF links."""
    results = AXE.run(page)
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{page.url}: {bad}"
    for href in page.locator("a[href*='.pdf']").evaluate_all("els => els.map(e => e.href)"):
        PDFS.add(href)


def login(page: Page, key: str) -> None:
    if "/ui/login" not in page.url:
        page.goto("/ui/login")  # a new login replaces the session
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def start_run(page: Page, server, seconds: str = SOLVE_SECONDS) -> None:
    p = server.problem
    page.goto(f"/ui/stores/{p.store}/runs")
    page.fill("#start", str(p.horizon.start))
    page.fill("#end", str(p.horizon.end))
    page.fill("#time_limit", seconds)
    page.get_by_role("button", name="Start run").click()


def wait_for_review(page: Page) -> None:
    expect(page.get_by_role("heading", name=re.compile(r"^Review of run"))).to_be_visible(
        timeout=60_000
    )


def test_a_scheduler_logs_in_runs_reviews_approves_two_lines_and_sees_them_in_the_week(
    page, server
):
    page.goto("/ui/")
    expect(page).to_have_url(re.compile(r"/ui/login"))
    audit(page)
    login(page, server.key)
    expect(
        page.get_by_role("heading", name=f"Runs of store {server.problem.store}")
    ).to_be_visible()
    audit(page)

    start_run(page, server, "6")  # long enough to check the running run's page
    expect(page.get_by_role("heading", name=re.compile(r"is solving$"))).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Cancel"))).to_be_visible()
    audit(page)
    wait_for_review(page)
    audit(page)

    cores = page.locator("table:has(caption:text('Core blocks')) tbody tr:has(input[name=line])")
    assert cores.count() >= 2
    picked = []
    for i in range(2):
        row = cores.nth(i)
        row.locator("input[name=line]").check()
        cells = row.locator("td").all_inner_texts()
        picked.append((cells[2].split("-")[0], cells[4].split(" (")[0]))  # start, employee
    page.get_by_role("button", name="Approve selected").click()
    notice = page.get_by_role("status")
    expect(notice).to_contain_text("Approved")
    assert "refused" not in notice.inner_text()
    expect(page.locator("span.status.approved").first).to_be_visible()

    page.goto(f"/ui/stores/{server.problem.store}/week?start={server.problem.horizon.start}")
    audit(page)
    for start, employee in picked:
        row = page.locator("tbody tr", has=page.get_by_role("rowheader", name=employee))
        expect(row).to_contain_text(f"{start} Core")

    start_run(page, server)
    wait_for_review(page)
    page.get_by_role("button", name="Reject").click()
    expect(page.get_by_role("status")).to_contain_text("Rejected")
    expect(page.get_by_role("heading", name=re.compile("Review of run"))).to_be_visible()
    assert page.locator("input[name=line]").count() == 0


def live(server, start: dt.date, end: dt.date) -> list:
    """The live schedule's entries from ``start`` to ``end`` (read from the server's database)."""
    engine = make_engine(server.database_url)
    try:
        with SqlUnitOfWork(session_factory(engine)) as uow:
            return uow.schedules.list(server.problem.store, start, end)
    finally:
        engine.dispose()


def busiest_day(server) -> dt.date:
    h = server.problem.horizon
    days = Counter(x.start.date() for x in live(server, h.start, h.end))
    return days.most_common(1)[0][0]


def test_every_other_page_has_no_serious_or_critical_accessibility_violation(page, server):
    s, day = server.problem.store, server.problem.horizon.start
    for path in (
        f"/ui/stores/{s}/day?date={busiest_day(server)}",
        f"/ui/stores/{s}/who?date={day}",
        f"/ui/stores/{s}/workload?start={day}",
        "/ui/runs/999999",
    ):
        page.goto(path)
        audit(page)
    page.goto(f"/ui/stores/{s}/who?date={day}")
    page.get_by_label("Event (optional)").select_option(index=1)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name=re.compile("^Candidates for"))).to_be_visible()
    audit(page)

    page.goto(f"/ui/stores/{s}/whatif")
    audit(page)
    h = server.problem.horizon
    busiest = Counter(x.employee for x in live(server, h.start, h.end)).most_common(1)[0][0]
    page.get_by_label("Employee").select_option(value=busiest)
    page.locator("#wi-off-start").fill(str(h.start))
    page.locator("#wi-off-end").fill(str(h.end))
    page.get_by_label("Seconds per solve").fill("2")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", name="Side by side")).to_be_visible(timeout=60_000)
    audit(page)

    key, run_id = example_run(server)  # tight-week: events left out for capacity
    login(page, key)
    page.goto(f"/ui/runs/{run_id}")
    page.get_by_role("link", name=re.compile("Why\\? What would it take\\?")).first.click()
    expect(page.get_by_role("heading", name="Why? What would it take?")).to_be_visible()
    audit(page)
    login(page, server.key)  # back to the generated store for the tests that follow


def test_every_pdf_link_opens_as_a_pdf_naming_employees_and_events(page, server):
    assert len(PDFS) >= 5, PDFS
    p = server.problem
    employees = {e.id: e.name for e in p.employees}
    events = {e.id: e.name for e in p.events}
    pairs = Facts(p).pair_of
    assert any("/days/" in url for url in PDFS) and any("/report.pdf" in url for url in PDFS)
    checked = 0
    for url in sorted(PDFS):
        response = page.request.get(url)
        assert response.status == 200, url
        assert response.headers["content-type"] == "application/pdf", url
        pdf = PdfReader(io.BytesIO(response.body()))
        flat = re.sub(r"\s+", "", "".join(x.extract_text() or "" for x in pdf.pages))
        day = re.search(r"/days/(\d{4}-\d\d-\d\d)/", url)
        if day:  # the day's schedule or packet: everyone working that day and their events
            first = last = dt.date.fromisoformat(day.group(1))
        else:  # the weekly schedule of from..to, or a run's horizon
            span = re.findall(r"(?:from|to)=(\d{4}-\d\d-\d\d)", url) or [
                p.horizon.start,
                p.horizon.end,
            ]
            first, last = (dt.date.fromisoformat(str(d)) for d in (span[0], span[-1]))
        if "/report.pdf" in url:  # a run's review or what-if: the store's people and events
            assert any(re.sub(r"\s+", "", n) in flat for n in employees.values()), url
            assert any(re.sub(r"\s+", "", n) in flat for n in events.values()), url
            continue
        shown = live(server, first, last)  # none: the runs page's default before any run
        for x in shown:
            assert re.sub(r"\s+", "", employees[x.employee]) in flat, (url, x.employee)
            # a Supervisor check is listed under the Core it checks
            either = {events[x.event], events.get(pairs.get(x.event) or x.event)}
            assert any(re.sub(r"\s+", "", e) in flat for e in either), (url, x.event)
            checked += 1
    assert checked >= 10  # the schedules of the approved run's days were checked


def test_the_approve_flow_works_with_the_keyboard_alone(page, server):
    start_run(page, server)
    wait_for_review(page)
    page.locator("body").focus()

    def tab_to(selector: str, limit: int = 400) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("input[name=line]")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    tab_to("button[value=approve_selected]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Approved")
    assert "refused" not in page.get_by_role("status").inner_text()


def test_a_call_out_from_the_day_page_opens_its_repair_review_diff_first_and_both_pass_axe(
    page, server
):
    h = server.problem.horizon
    entries = live(server, h.start, h.end)
    day = busiest_day(server) if entries else h.start
    who = Counter(x.employee for x in entries if x.start.date() == day).most_common(1)
    page.goto(f"/ui/stores/{server.problem.store}/day?date={day}")
    expect(page.locator("#callout-start")).to_have_value(str(day))
    audit(page)
    if who:
        page.get_by_label("Employee").select_option(value=who[0][0])
    else:
        page.get_by_label("Employee").select_option(index=1)
    page.get_by_label("Note").fill("flu")
    page.get_by_role("button", name="Record call-out").click()
    wait_for_review(page)
    diff = page.get_by_role("heading", name="What the call-out changes")
    expect(diff).to_be_visible()
    first_day = page.locator("section[aria-labelledby^=day-] h2").first
    assert diff.bounding_box()["y"] < first_day.bounding_box()["y"]
    audit(page)
