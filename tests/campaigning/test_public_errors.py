"""Error pages on public addresses: a supporter who lands on a broken link gets a
way back to the campaign, never a pointer to the staff sign-in."""
import re

import pytest

from tests import factories

HREF = re.compile(r'href="([^"]+)"')


def _links(response) -> list[str]:
    return [link for link in HREF.findall(response.get_data(as_text=True)) if not link.startswith(("/static/", "#"))]


@pytest.mark.parametrize("path", ["/c/no-such-campaign", "/c/no-such-campaign/sign", "/letters/invite/not-a-token",
                                  "/calendar/not-a-token.ics", "/c/"])
def test_a_visitor_on_a_broken_public_address_is_not_sent_to_the_staff_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert _links(response) == []
    assert "/login" not in page and "Sign in" not in page


@pytest.mark.parametrize("path", ["/c/keep-ana-home/photo", "/c/keep-ana-home/no-such-page"])
def test_a_broken_address_under_a_live_campaign_leads_back_to_its_page(client, path):
    factories.make_campaign(factories.consenting_case(), slug="keep-ana-home")
    response = client.get(path)
    assert response.status_code == 404
    assert _links(response) == ["/c/keep-ana-home"]
    assert "Back to the campaign page" in response.get_data(as_text=True)


def test_signed_in_staff_on_a_broken_public_address_still_get_their_dashboard(login_as):
    response = login_as("campaign").get("/c/no-such-campaign")
    assert response.status_code == 404
    assert 'href="/">Go to the start page' in response.get_data(as_text=True).replace('class="button" ', "")
