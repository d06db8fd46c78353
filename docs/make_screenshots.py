"""Regenerate the README screenshots from a running demo server.

    make run            # in one terminal (demo data loaded)
    .venv/bin/python docs/make_screenshots.py [http://127.0.0.1:5000]

The packet page image comes from a built packet:
    .venv/bin/flask --app tracker packets build 1 --out /tmp/packet.pdf
    pdftoppm -png -r 70 -f 1 -l 3 /tmp/packet.pdf docs/screenshots/packet
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
OUT = Path(__file__).parent / "screenshots"
PASSWORD = "sanctuary-demo-2026"
SHOTS = [
    # (account or None for the public, path, file name, viewport)
    ("legal@demo.example", "/", "dashboard.png", (1200, 900)),
    ("legal@demo.example", "/cases/4", "case.png", (1200, 900)),
    ("campaign@demo.example", "/cases/1/campaign/dashboard", "campaign-dashboard.png", (1200, 900)),
    ("congregation@demo.example", "/", "portal.png", (1200, 900)),
    (None, "/c/keep-rosa-home", "campaign-page-phone.png", (390, 844)),
    (None, "/c/keep-rosa-home?lang=es", "campaign-page-phone-es.png", (390, 844)),
]


def main() -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for email, path, name, (width, height) in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height})
            if email:
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
