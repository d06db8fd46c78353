"""A double click on a submit button stores one record; a button that is
sending says so, and a form that comes back (errors, the back button) can be
sent again."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.signing_in import sign_in
from tracker.extensions import db
from tracker.letters.models import Letter
from tracker.timeline.models import Event
from tracker.timeline.services import today_in

pytestmark = pytest.mark.browser


def test_a_supporter_double_clicks_send_and_the_team_gets_one_letter(live_server, page):
    factories.live_campaign_case(slug="double-click", name="Dora Example")
    page.goto(f"{live_server}/c/double-click/letter")
    page.fill("#author_name", "Kofi Neighbour")
    page.select_option("#relation", "neighbour")
    page.fill("#known_for", "6 years")
    page.fill("#body", "Dora helps everyone on our street.")
    page.dblclick("button:has-text('Send my letter')")
    expect(page.get_by_text("Thank you for your letter")).to_be_visible()
    db.session.expire_all()
    assert Letter.query.count() == 1


def test_a_button_says_it_is_sending_and_a_second_click_sends_nothing(live_server, page):
    factories.live_campaign_case(slug="slow-network", name="Dora Example")
    page.goto(f"{live_server}/c/slow-network/letter")
    # Count the sends that leave the page, and keep them here (a network that never answers).
    page.evaluate("""() => {
        window.sends = 0;
        document.addEventListener("submit", (event) => {
            if (!event.defaultPrevented) { window.sends += 1; }
            event.preventDefault();
        });
    }""")
    # Two clicks in a row, the second before the page had time to change anything.
    page.evaluate("""() => {
        const button = [...document.querySelectorAll("button")].find((b) => b.textContent.includes("Send my letter"));
        button.click();
        button.click();
    }""")
    button = page.locator("form button[type=submit]")
    expect(button).to_be_disabled()
    expect(button).to_have_text("Sending…")
    assert page.evaluate("window.sends") == 1

    # Back at this page from the browser's memory, the button works again.
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    expect(button).to_be_enabled()
    expect(button).to_have_text("Send my letter")


def test_a_volunteer_double_clicks_add_and_the_timeline_gets_one_check_in(live_server, page, users):
    case = factories.make_case(factories.make_person("Dario Example"), team=[users["legal"]])
    sign_in(page, live_server, users["legal"].email)
    page.goto(f"{live_server}/cases/{case.id}/events/new?kind=ice_check_in")
    page.fill("#day", (today_in(case.timezone) + timedelta(days=8)).isoformat())
    page.fill("#start_time", "09:00")
    page.dblclick("button:has-text('Add to timeline')")
    expect(page.locator(".flash-success")).to_contain_text("ICE check-in recorded")
    db.session.expire_all()
    assert Event.query.count() == 1


def test_a_form_shown_again_with_errors_and_a_form_reached_by_back_can_be_sent(live_server, page, users):
    case = factories.make_case(factories.make_person("Delia Example"), team=[users["legal"]])
    sign_in(page, live_server, users["legal"].email)
    page.goto(f"{live_server}/cases/{case.id}/events/new?kind=ice_check_in")
    button = page.locator("button:has-text('Add to timeline')")
    page.fill("#day", "")
    button.click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the date.")
    expect(button).to_be_enabled()
    page.fill("#day", (today_in(case.timezone) + timedelta(days=8)).isoformat())
    button.click()
    expect(page.locator(".flash-success")).to_contain_text("ICE check-in recorded")

    page.goto(f"{live_server}/cases/{case.id}/events/new?kind=note")
    page.fill("#day", (today_in(case.timezone) + timedelta(days=9)).isoformat())
    page.click("button:has-text('Add to timeline')")
    expect(page.locator(".flash-success")).to_contain_text("recorded")
    page.go_back()
    expect(page.locator("button:has-text('Add to timeline')")).to_be_enabled()
