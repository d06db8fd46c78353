"""Regenerate the README screenshots from a running demo server.

    make run            # in one terminal (demo data loaded)
    .venv/bin/python docs/make_screenshots.py [http://127.0.0.1:5000]
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
OUT = Path(__file__).parent / "screenshots"
PASSWORD = "sanctuary-demo-2026"
SHOTS = [
    # (account, path, file name)
    ("legal@demo.example", "/", "dashboard.png"),
    ("legal@demo.example", "/cases/4", "case.png"),
]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for email, path, name in SHOTS:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(BASE + "/login")
            page.fill("#email", email)
            page.fill("#password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(BASE + "/")
            page.goto(BASE + path)
            page.screenshot(path=str(OUT / name), full_page=True)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
