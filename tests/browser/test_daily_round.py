"""A legal volunteer's daily round in a real browser."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.signing_in import sign_in
from tracker.timeline.deadlines import next_business_day
from tracker.timeline.services import today_in

pytestmark = pytest.mark.browser


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

    expect(page.locator(".flash-success")).to_have_text(re.compile(r"^\s*Individual \(merits\) hearing recorded"))
    page.click("nav.main-nav >> text=Dashboard")
    upcoming = page.locator("section[aria-labelledby=upcoming-h]")
    expect(upcoming).to_contain_text("Iris Example Quintero")
    expect(upcoming).to_contain_text("Individual (merits) hearing")
    expect(upcoming).to_contain_text("9:30 AM")

    # A new hearing is not verified yet: it waits in the re-check list until confirmed.
    recheck = page.locator("section[aria-labelledby=verify-h]")
    expect(recheck).to_contain_text("Iris Example Quintero")
    recheck.locator("button:has-text('Verified today')").click()
    expect(page.locator(".flash-success")).to_contain_text("marked verified today")
    expect(page.locator("section[aria-labelledby=verify-h]")).not_to_contain_text("Iris Example Quintero")


def test_recording_a_judges_decision_shows_the_appeal_deadline(live_server, page, users):
    case = factories.make_case(factories.make_person("Omar Example Haddad"), team=[users["legal"]])
    decided = today_in(case.timezone) - timedelta(days=20)  # due in about 10 days
    due = next_business_day(decided + timedelta(days=30))

    sign_in(page, live_server, users["legal"].email)
    page.goto(f"{live_server}/cases/{case.id}")
    page.click("text=Decision")
    # The decision fields are shown for decisions only.
    expect(page.locator("[data-decision-fields]")).to_be_visible()
    page.fill("#day", decided.isoformat())
    page.fill("#start_time", "14:00")
    page.select_option("#decided_by", "immigration_judge")
    page.fill("#outcome", "Asylum denied; removal ordered.")
    page.click("button:has-text('Add to timeline')")

    expect(page.locator(".flash-success")).to_contain_text("BIA appeal due")
    deadline = page.locator(".tl-entry", has_text="BIA appeal due")
    expect(deadline).to_contain_text(f"{due.day} {due:%b %Y}")
    expect(deadline).to_contain_text("derived")
    page.click("nav.main-nav >> text=Dashboard")
    deadlines = page.locator("section[aria-labelledby=deadlines-h]")
    expect(deadlines).to_contain_text("BIA appeal due")
    expect(deadlines).to_contain_text(f"{(due - today_in(case.timezone)).days} days left")
