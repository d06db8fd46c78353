"""Two-factor sign-in in a real browser: a legal volunteer enrols with the key shown
beside the QR code, keeps the recovery codes, signs out, and signs in again with a code."""
from __future__ import annotations

import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests import factories

pytestmark = pytest.mark.browser


def test_a_legal_volunteer_enrols_and_signs_in_with_a_code(app, live_server, page, users, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_REQUIRE_2FA", "admin,legal")
    case = factories.make_case(factories.make_person("Rosa Example Linares"), team=[users["legal"]])
    outside = []
    page.on("request", lambda request: None if request.url.startswith(live_server) else outside.append(request.url))

    page.goto(live_server + "/login")
    page.fill("#email", users["legal"].email)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server + "/account/two-factor")
    expect(page.locator(".qr-code svg")).to_be_visible()
    page.goto(f"{live_server}/cases/{case.id}")  # nothing else opens before enrolment
    page.wait_for_url(live_server + "/account/two-factor")

    secret = page.locator("[data-secret]").inner_text().replace(" ", "")
    page.fill("#code", pyotp.TOTP(secret).now())
    page.click("button:has-text('Turn on two-factor sign-in')")
    expect(page.locator("[data-recovery-codes] li")).to_have_count(10)
    page.click("text=I have written them down")
    page.wait_for_url(live_server + "/")

    page.click("button:has-text('Sign out')")
    page.wait_for_url(live_server + "/login")
    page.fill("#email", users["legal"].email)
    page.fill("#password", factories.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server + "/login/code")
    page.fill("#code", "000000")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_contain_text("That code did not work")
    # The next 30-second step's code: the one used to enrol works only once.
    page.fill("#code", pyotp.TOTP(secret).at(time.time() + 30))
    page.click("button[type=submit]")
    page.wait_for_url(live_server + "/")
    page.goto(f"{live_server}/cases/{case.id}")
    expect(page.locator("h1")).to_contain_text("Rosa Example Linares")
    assert outside == []
