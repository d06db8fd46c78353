"""Links a person passes on (set-up and invitation links, calendar addresses) come with
a Copy button whose words are translated, and calendars with a webcal:// link a phone
subscribes to. Without JavaScript the button stays hidden and the link is plain text."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests import factories
from tracker.calendar.models import CalendarFeed
from tracker.extensions import db


def copy_button(page: str, target: str) -> str:
    match = re.search(rf'<button[^>]*data-copy="{target}"[^>]*>([^<]*)</button>', page)
    assert match, f"no copy button for #{target}"
    return match.group(0)


def copied_value(page: str, target: str) -> str:
    return re.search(rf'<input[^>]*id="{target}"[^>]*value="([^"]*)"', page).group(1)


def test_a_set_up_link_has_a_copy_button(login_as):
    admin = login_as("admin")
    page = admin.submit("/admin/users/new", {"email": "nueva@example.test", "name": "Rafaela Nueva", "role": "campaign",
                                             "congregation_id": "0"}).get_data(as_text=True)
    assert "/welcome/" in copied_value(page, "setup-link")
    button = copy_button(page, "setup-link")
    assert " hidden" in button and ">Copy</button>" in button and 'data-copied-label="Copied"' in button


def test_an_invitation_link_has_a_copy_button_in_spanish_too(login_as, users):
    case = factories.consenting_case(team=[users["campaign"]], name="Copy Example")
    factories.make_campaign(case, slug="copy-case")
    staff = login_as("campaign")
    staff.get("/?lang=es")
    page = staff.submit(f"/cases/{case.id}/letters/invitations",
                        {"author_name": "Rev. Ana Example", "relation": "clergy", "days": "30"}).get_data(as_text=True)
    assert "/letters/invite/" in copied_value(page, "private-link")
    button = copy_button(page, "private-link")
    assert ">Copiar</button>" in button and 'data-copied-label="Copiado"' in button


def test_a_calendar_address_offers_webcal_and_a_copy_button(login_as):
    legal = login_as("legal")
    legal.submit("/account/calendars")
    feed = db.session.scalars(select(CalendarFeed)).one()
    page = legal.text("/account")
    assert copied_value(page, f"feed-{feed.id}") == f"http://localhost/calendar/{feed.token}.ics"
    assert copy_button(page, f"feed-{feed.id}")
    assert f'href="webcal://localhost/calendar/{feed.token}.ics"' in page


@pytest.mark.parametrize("base", ["https://tracker.example.org", "http://example.org:8080/network"])
def test_webcal_keeps_the_host_port_and_prefix(app, monkeypatch, base):
    from tracker.links import webcal_url

    monkeypatch.setitem(app.config, "TRACKER_BASE_URL", base)
    with app.test_request_context():
        assert webcal_url("calendar.feed", token="abc") == base.replace("https://", "webcal://").replace(
            "http://", "webcal://") + "/calendar/abc.ics"
