"""Public pages say which language they speak, link to the other one and keep the page."""
from __future__ import annotations

import re

import pytest

from tests import factories
from tests.i18n.test_language_choice import page_language


@pytest.fixture
def campaign(app, users):
    case = factories.live_campaign_case(team=[users["campaign"]], slug="switch-campaign")
    factories.make_action(case, users["campaign"])
    return case


@pytest.mark.parametrize("path", ["/c/switch-campaign", "/c/switch-campaign/sign", "/c/switch-campaign/letter",
                                  "/c/switch-campaign/pledge"])
def test_public_pages_carry_hreflang_alternates_of_the_same_page(app, client, campaign, path):
    page = client.text(path)
    base = app.config["TRACKER_BASE_URL"].rstrip("/")
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', page))
    assert alternates == {"en": f"{base}{path}?lang=en", "es": f"{base}{path}?lang=es"}


def test_the_switch_leads_to_the_same_page_in_spanish(client, campaign):
    page = client.text("/c/switch-campaign/pledge?action=7", headers={"Accept-Language": "en-US"})
    switch = re.search(r'<nav class="language-switch".*?</nav>', page, flags=re.S).group(0)
    assert 'aria-current="true" lang="en">English<' in switch
    link = re.search(r'<a href="([^"]+)" hreflang="es" lang="es">Español</a>', switch).group(1)
    assert link.startswith("/c/switch-campaign/pledge?") and "action=7" in link and "lang=es" in link
    spanish = client.get(link.replace("&amp;", "&"))
    assert page_language(spanish) == "es"
    assert re.search(r'<a href="[^"]*lang=en[^"]*" hreflang="en" lang="en">English</a>', spanish.get_data(as_text=True))


def test_the_sign_in_page_has_the_switch_too(client):
    page = client.text("/login")
    assert 'hreflang="es" lang="es">Español</a>' in page


def test_staff_pages_follow_the_setting_not_a_switch(login_as):
    page = login_as("legal").text("/account")
    assert 'class="language-switch"' not in page
