"""Staff choose their language on the account page; it follows them everywhere."""
from __future__ import annotations

from tests.i18n.test_language_choice import page_language
from tracker.auth.models import User
from tracker.extensions import db


def test_a_staff_member_chooses_spanish_and_it_beats_the_browser(login_as, users):
    client = login_as("legal")
    assert page_language(client.get("/account", headers={"Accept-Language": "en-US"})) == "en"
    response = client.submit("/account/language", {"locale": "es"})
    assert response.status_code == 302
    assert db.session.get(User, users["legal"].id).locale == "es"
    for url in ("/", "/account", "/cases/"):
        page = client.get(url, headers={"Accept-Language": "en-US"}, follow_redirects=True)
        assert page_language(page) == "es", url


def test_the_saved_choice_beats_a_cookie_left_by_a_public_page(login_as, users):
    client = login_as("legal")
    client.get("/login?lang=en")
    client.submit("/account/language", {"locale": "es"})
    assert page_language(client.get("/account")) == "es"
    # ?lang still picks the language of the one page it is on.
    assert page_language(client.get("/account?lang=en")) == "en"


def test_going_back_to_the_browser_language(login_as, users):
    client = login_as("legal")
    client.submit("/account/language", {"locale": "es"})
    client.submit("/account/language", {"locale": ""})
    assert db.session.get(User, users["legal"].id).locale is None
    assert page_language(client.get("/account", headers={"Accept-Language": "en-US"})) == "en"


def test_a_language_the_app_does_not_speak_is_refused_with_a_message(login_as, users):
    client = login_as("legal")
    page = client.submit("/account/language", {"locale": "fr"}, follow_redirects=True).get_data(as_text=True)
    assert "Choose one of the languages listed." in page
    assert db.session.get(User, users["legal"].id).locale is None


def test_the_account_page_shows_the_choice(login_as):
    client = login_as("campaign")
    client.submit("/account/language", {"locale": "es"})
    page = client.text("/account")
    assert '<option selected value="es">' in page or '<option value="es" selected>' in page


def test_signed_out_the_setting_does_not_apply(client, users):
    users["legal"].locale = "es"
    db.session.commit()
    assert page_language(client.get("/login", headers={"Accept-Language": "en-US"})) == "en"
