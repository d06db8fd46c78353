"""A legal volunteer's daily round in a real browser."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from tracker.timeline.services import today_in

pytestmark = pytest.mark.browser


def sign_in(page, base: str, email: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def test_legal_volunteer_records_a_hearing_and_finds_it_on_the_dashboard(live_server, page, users):
    case = factories.make_case(factories.make_person("Iris Example Quintero"), team=[users["legal"]])
    hearing_day = today_in(case.timezone) + timedelta(days=5)

    sign_in(page, live_server, users["legal"].email)
    page.goto(f"{live_server}/cases/{case.id}")
    page.click("text=Hearing")
    page.select_option("#kind", "individual_hearing")
    page.fill("#day", hearing_day.isoformat())
    page.fill("#start_time", "09:30")
    page.fill("#location", "Courtroom 7B")
    page.click("button:has-text('Add to timeline')")

    assert page.locator(".flash-success").inner_text().startswith("Individual (merits) hearing recorded")
    page.click("nav.main-nav >> text=Dashboard")
    upcoming = page.locator("section[aria-labelledby=upcoming-h]")
    assert "Iris Example Quintero" in upcoming.inner_text()
    assert "Individual (merits) hearing" in upcoming.inner_text()
    assert "9:30 AM" in upcoming.inner_text()

    # A new hearing is not verified yet: it waits in the re-check list until confirmed.
    recheck = page.locator("section[aria-labelledby=verify-h]")
    assert "Iris Example Quintero" in recheck.inner_text()
    recheck.locator("button:has-text('Verified today')").click()
    assert "marked verified today" in page.locator(".flash-success").inner_text()
    assert "Iris Example Quintero" not in page.locator("section[aria-labelledby=verify-h]").inner_text()


def test_recording_a_judges_decision_shows_the_appeal_deadline(live_server, page, users):
    case = factories.make_case(factories.make_person("Omar Example Haddad"), team=[users["legal"]])
    decided = today_in(case.timezone) - timedelta(days=20)  # due in 10 days: on the dashboard
    due = decided + timedelta(days=30)

    sign_in(page, live_server, users["legal"].email)
    page.goto(f"{live_server}/cases/{case.id}")
    page.click("text=Decision")
    # The decision fields are shown for decisions only.
    assert page.locator("[data-decision-fields]").is_visible()
    page.fill("#day", decided.isoformat())
    page.fill("#start_time", "14:00")
    page.select_option("#decided_by", "immigration_judge")
    page.fill("#outcome", "Asylum denied; removal ordered.")
    page.click("button:has-text('Add to timeline')")

    flash = page.locator(".flash-success").inner_text()
    assert "BIA appeal due" in flash
    deadline = page.locator(".tl-entry", has_text="BIA appeal due")
    assert f"{due.day} {due:%b %Y}" in deadline.inner_text()
    assert "derived" in deadline.inner_text()
    page.click("nav.main-nav >> text=Dashboard")
    assert "BIA appeal due" in page.locator("section[aria-labelledby=upcoming-h]").inner_text()
