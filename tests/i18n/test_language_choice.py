"""Which language a page speaks: `?lang=` (remembered), then the browser, then the default."""
from __future__ import annotations

import re

import pytest

LANG = re.compile(r'<html lang="([a-z]+)"')


def page_language(response) -> str:
    return LANG.search(response.get_data(as_text=True)).group(1)


@pytest.mark.parametrize(("header", "expected"), [("es-MX,es;q=0.9,en;q=0.5", "es"), ("en-US,en;q=0.9", "en"), ("fr-FR", "en")])
def test_the_browser_language_is_followed(client, header, expected):
    assert page_language(client.get("/login", headers={"Accept-Language": header})) == expected


def test_lang_in_the_address_wins_and_is_remembered(client):
    first = client.get("/login?lang=es", headers={"Accept-Language": "en-US"})
    assert page_language(first) == "es"
    assert "tracker_lang=es" in first.headers["Set-Cookie"]
    # The next page, without ?lang, keeps Spanish although the browser asks for English.
    assert page_language(client.get("/login", headers={"Accept-Language": "en-US"})) == "es"
    assert page_language(client.get("/login?lang=en")) == "en"
    assert page_language(client.get("/login", headers={"Accept-Language": "es"})) == "en"


def test_an_unknown_lang_is_ignored(client):
    response = client.get("/login?lang=xx", headers={"Accept-Language": "es"})
    assert page_language(response) == "es"
    assert "tracker_lang" not in response.headers.get("Set-Cookie", "")


def test_the_default_locale_applies_when_nothing_is_asked(app, client):
    app.config["TRACKER_DEFAULT_LOCALE"] = "es"
    try:
        assert page_language(client.get("/login")) == "es"
    finally:
        app.config["TRACKER_DEFAULT_LOCALE"] = "en"
