"""On a phone, a calendar address is copied with one tap (and offered as a webcal://
link); without JavaScript it is still there as selectable text."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.signing_in import sign_in

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone_with_clipboard(browser):
    context = browser.new_context(**PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone_without_javascript(browser):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def make_calendar_address(page, base: str, email: str):
    sign_in(page, base, email)
    page.goto(base + "/account#calendars")
    page.click("button:has-text('Create my calendar address')")
    address = page.locator("#calendars input[readonly]")
    expect(address).to_have_value(re.compile(r"/calendar/[^/]+\.ics$"))
    return address


def test_copy_puts_the_calendar_address_on_the_clipboard(live_server, phone_with_clipboard, users):
    page = phone_with_clipboard
    address = make_calendar_address(page, live_server, users["legal"].email)
    copy = page.locator("#calendars button[data-copy]")
    expect(copy).to_have_text("Copy")
    copy.click()
    expect(copy).to_have_text("Copied")
    expect(page.locator("#calendars [role=status]")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == address.input_value()
    webcal = page.locator("#calendars a[href^='webcal://']")
    assert webcal.get_attribute("href") == "webcal://" + address.input_value().split("://", 1)[1]


def test_the_copy_words_follow_the_language(live_server, phone_with_clipboard, users):
    page = phone_with_clipboard
    make_calendar_address(page, live_server, users["legal"].email)
    page.goto(live_server + "/account?lang=es")
    copy = page.locator("#calendars button[data-copy]")
    expect(copy).to_have_text("Copiar")
    copy.click()
    expect(copy).to_have_text("Copiado")


def test_without_javascript_the_address_is_plain_text_and_no_dead_button(live_server, phone_without_javascript, users):
    page = phone_without_javascript
    address = make_calendar_address(page, live_server, users["legal"].email)
    expect(address).to_be_visible()
    expect(page.locator("#calendars button[data-copy]")).to_be_hidden()
