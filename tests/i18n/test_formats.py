"""Dates, times and counts are written the way the page's language writes them."""
from __future__ import annotations

from datetime import date, datetime, time, timezone

import pytest
from flask_babel import force_locale

from tests import factories
from tracker.campaigns.models import Signature
from tracker.extensions import db
from tracker.web import format_clock, format_count, format_day, format_weekday, format_when

MOMENT = datetime(2026, 11, 25, 15, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "Wed 25 Nov 2026, 9:30 AM CST"),
    ("es", "mié 25 de noviembre de 2026, 9:30 CST"),
])
def test_a_moment_in_each_language(app, language, expected):
    with app.test_request_context(f"/?lang={language}"), force_locale(language):
        assert format_when(MOMENT, "America/Chicago") == expected


def test_days_clocks_weekdays_and_counts_in_spanish(app):
    with app.test_request_context("/?lang=es"):
        assert format_day(date(2026, 11, 25)) == "mié 25 de noviembre de 2026"
        assert format_clock(time(18, 5)) == "18:05"
        assert format_weekday(date(2026, 11, 28)) == "sábado"
        assert format_count(12345) == "12.345"


def test_the_same_in_english(app):
    with app.test_request_context("/?lang=en"):
        assert format_day(date(2026, 11, 25)) == "Wed 25 Nov 2026"
        assert format_clock(time(18, 5)) == "6:05 PM"
        assert format_weekday(date(2026, 11, 28)) == "Saturday"
        assert format_count(12345) == "12,345"


def _many_signatures(petition, how_many: int) -> None:
    db.session.execute(Signature.__table__.insert(), [
        {"petition_id": petition.id, "name": f"Signer {n}", "email_index": f"x{n}", "source": "paper",
         "contact_ok": False, "signed_at": MOMENT, "updated_at": MOMENT}
        for n in range(how_many)
    ])
    petition.signature_count += how_many  # the petition keeps its own count (no page counts the rows)
    db.session.commit()


def test_the_campaign_page_counts_in_the_visitors_language(client, users):
    case = factories.consenting_case(name="Count Example")
    campaign = factories.make_campaign(case, slug="count-campaign", goal=20000)
    _many_signatures(campaign.petition, 10234)
    spanish = client.text("/c/count-campaign?lang=es")
    assert "<strong>10.234</strong>" in spanish and "20.000" in spanish
    english = client.text("/c/count-campaign?lang=en")
    assert "<strong>10,234</strong>" in english and "20,000" in english


def test_public_dates_follow_the_page_language(client, users):
    case = factories.consenting_case(team=[users["campaign"]], name="Date Example")
    factories.make_campaign(case, slug="date-campaign")
    action = factories.make_action(case, users["campaign"], title="Vigil with a date")
    spanish = client.text("/c/date-campaign?lang=es")
    local = action.starts_at.astimezone(__import__("zoneinfo").ZoneInfo(action.timezone))
    with client.application.test_request_context("/?lang=es"):
        expected = format_day(local)
    assert f"{expected}, 18:00" in spanish and "–20:00" in spanish
    assert " PM" not in spanish.split('id="main"')[1]


def test_wtforms_own_messages_speak_the_page_language(client):
    case = factories.consenting_case(name="Form Example")
    factories.make_campaign(case, slug="form-campaign")
    page = client.submit("/c/form-campaign/letter?lang=es", {"author_name": "N" * 201, "known_for": "8 años"})
    assert "El campo no puede tener más de 200 caracteres." in page.get_data(as_text=True)
