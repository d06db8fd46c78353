"""Form fields carry only attributes that mean something: no `aria-invalid="None"`."""
from __future__ import annotations

import re

import pytest

from tests import factories

NONE_VALUE = re.compile(r'[\w-]+="None"')


@pytest.fixture
def campaign_case(app, users):
    case = factories.live_campaign_case(team=[users["campaign"]], slug="markup-campaign")
    factories.make_action(case, users["campaign"], title="Vigil for markup")
    return case


def test_no_attribute_reads_none_on_any_form(client, login_as, campaign_case):
    pages = {
        client: ["/login", "/c/markup-campaign/sign", "/c/markup-campaign/letter", "/c/markup-campaign/pledge"],
        login_as("admin"): ["/account", "/people/new", f"/cases/{campaign_case.id}/letters/new"],
    }
    for who, urls in pages.items():
        for url in urls:
            page = who.text(url)
            assert "<input" in page, url
            assert not NONE_VALUE.findall(page), (url, NONE_VALUE.findall(page))


def test_a_field_with_an_error_says_so_and_points_at_its_message(client, campaign_case):
    page = client.submit("/c/markup-campaign/sign", {"name": "", "email": "not-an-email"}).get_data(as_text=True)
    email = re.search(r'<input[^>]*id="email"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in email and 'aria-describedby="email-hint email-error"' in email
    name = re.search(r'<input[^>]*id="name"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in name


@pytest.mark.parametrize("path", ["", "/sign", "/letter", "/pledge"])
def test_public_pages_do_not_jump_to_a_field(client, campaign_case, path):
    """A screen reader starts at the top and hears the petition text first."""
    page = client.text(f"/c/markup-campaign{path}")
    assert "autofocus" not in page


def test_the_sign_in_page_still_puts_the_cursor_in_the_email_field(client):
    page = client.text("/login")
    assert re.search(r'<input[^>]*autofocus[^>]*id="email"|<input[^>]*id="email"[^>]*autofocus', page)
