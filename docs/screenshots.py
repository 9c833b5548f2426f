"""Screenshots of every browser UI page and of each PDF report's first page, into docs/img/.

Run from the repository root, with the dev extras installed and Debian's
Chromium at /usr/bin/chromium and pdftoppm (poppler-utils) on PATH::

    python docs/screenshots.py

It starts a server on a fresh SQLite database with a generated store (the
browser tests' :mod:`tests.ui.server`), solves and approves a run, runs a
what-if, and saves ``docs/img/ui-*.png`` and ``docs/img/pdf-*.png``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from tests.ui.server import CHROMIUM, example_run, start_server  # noqa: E402

OUT = ROOT / "docs" / "img"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(OUT / f"ui-{name}.png"))
    print(f"docs/img/ui-{name}.png")


def pdf_first_page(page: Page, url: str, name: str, folder: Path) -> None:
    response = page.request.get(url)
    assert response.ok and response.headers["content-type"] == "application/pdf", url
    pdf = folder / f"{name}.pdf"
    pdf.write_bytes(response.body())
    target = OUT / f"pdf-{name}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf, target],
        check=True,
    )
    print(f"docs/img/pdf-{name}.png")


def explain_page(page: Page, server) -> None:
    """The tight-week example (it leaves events out for capacity): "Why? What would it take?"."""
    key, run_id = example_run(server)
    page.goto("/ui/login")  # a new login replaces the session
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/ui/runs/{run_id}")
    page.get_by_role("link", name=re.compile("Why\\? What would it take")).first.click()
    expect(page.get_by_role("heading", name="Why? What would it take?")).to_be_visible()
    shot(page, "explain")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        server = start_server(folder, employees=12, weeks=1, seed=5)
        p = server.problem
        s, h = p.store, p.horizon
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
                context = browser.new_context(
                    base_url=server.url, viewport={"width": 1280, "height": 860}
                )
                context.set_default_timeout(60_000)
                page = context.new_page()
                page.goto("/ui/login")
                page.get_by_label("API key").fill(server.key)
                shot(page, "login")
                page.get_by_role("button", name="Log in").click()
                page.fill("#start", str(h.start))
                page.fill("#end", str(h.end))
                page.fill("#time_limit", "8")
                page.get_by_role("button", name="Start run").click()
                expect(page.get_by_role("heading", name=re.compile("is solving"))).to_be_visible()
                page.wait_for_timeout(800)  # a first progress poll, before the solve ends
                shot(page, "run-solving")
                heading = page.get_by_role("heading", name=re.compile("^Review of run"))
                expect(heading).to_be_visible()
                run_url = page.url
                shot(page, "review")
                page.locator(
                    "table:has(caption:text('Core blocks'))"
                ).first.scroll_into_view_if_needed()
                shot(page, "review-lines")
                explain = page.get_by_role("link", name=re.compile("Why\\? What would it take"))
                if explain.count():
                    explain.first.click()
                    expect(
                        page.get_by_role("heading", name="Why? What would it take?")
                    ).to_be_visible()
                    shot(page, "explain")
                    page.goto(run_url)
                page.get_by_role("button", name="Approve all").click()
                expect(page.get_by_role("status")).to_contain_text("Approved")
                page.goto(f"/ui/stores/{s}/runs")
                shot(page, "runs")
                page.goto(f"/ui/stores/{s}/week?start={h.start}")
                shot(page, "week")
                mid = h.start + (h.end - h.start) // 2
                page.goto(f"/ui/stores/{s}/day?date={mid}")
                shot(page, "day")
                page.goto(f"/ui/stores/{s}/who?date={mid}")
                page.get_by_label("Event (optional)").select_option(index=3)
                page.get_by_role("button", name="Show").click()
                shot(page, "who")
                page.goto(f"/ui/stores/{s}/workload?start={h.start}")
                shot(page, "workload")
                page.goto(f"/ui/stores/{s}/whatif")
                page.get_by_label("Employee").select_option(index=1)
                page.locator("#wi-off-start").fill(str(h.start))
                page.locator("#wi-off-end").fill(str(h.end))
                page.get_by_label("Seconds per solve").fill("3")
                shot(page, "whatif")
                page.get_by_role("button", name="Compare").click()
                expect(page.get_by_role("heading", name="Side by side")).to_be_visible()
                whatif_url = page.url
                shot(page, "whatif-result")
                page.goto("/docs")
                page.wait_for_selector(".swagger-ui .info")
                shot(page, "docs")
                for url, name in (
                    (f"{run_url}/report.pdf", "review"),
                    (f"/ui/stores/{s}/schedule.pdf?from={h.start}&to={h.end}", "weekly"),
                    (f"/ui/stores/{s}/days/{mid}/daily.pdf", "daily"),
                    (f"/ui/stores/{s}/days/{mid}/packet.pdf", "packet"),
                    (f"{whatif_url}/report.pdf", "whatif"),
                ):
                    pdf_first_page(page, url, name, folder)
                explain_page(page, server)  # logs in as the example store's key
                context.close()
                browser.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
