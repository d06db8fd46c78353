"""`/c/<slug>/actions/<id>.ics`: one action of a campaign page for a supporter's
calendar ("add to my calendar" on the thank-you pages). Only an action the public
may see and pledge to, with only the texts that fit the person's consent, in the
visitor's language; any other answers 404 like an address that never existed."""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import icalendar
import pytest

from tests import factories
from tests.live_http import Visitor
from tracker.actions.models import ActionKind
from tracker.campaigns import fitness
from tracker.campaigns.models import Campaign
from tracker.cases.models import Case, ConsentLevel
from tracker.extensions import db
from tracker.types import utcnow

SLUG = "stand-with-marta"
A_NUMBER = "999-100-377"


@pytest.fixture
def marta(app, users):
    """Full name and A-number shown: the call-in day names her in full and gives the number."""
    lead = users["campaign"]
    person = factories.make_person("Marta Lucía Quispe Example", a_number=A_NUMBER, preferred_name="Marta")
    case = factories.make_case(person, team=[lead], consent=ConsentLevel.FULL_NAME, consent_date=date.today())
    factories.make_campaign(case, slug=SLUG, show_a_number=True)
    vigil = factories.make_action(case, lead, title="Vigil at the field office", days=4, place="Main St. plaza",
                                  description="Bring a candle.")
    call_in = factories.make_action(
        case, lead, kind=ActionKind.CALL_IN_DAY, title="Call-in day for Marta Quispe", days=6,
        call_number="(312) 555-0188", call_hours="9 am to 5 pm",
        script=f"Please grant a stay of removal to Marta Quispe, A-number {A_NUMBER}.",
    )
    other = factories.live_campaign_case(team=[lead], slug="another-campaign", name="Other Example")
    return SimpleNamespace(case=case, vigil=vigil, call_in=call_in, lead=lead,
                           others=factories.make_action(other, lead, title="Someone else's vigil"))


def _path(action, slug: str = SLUG) -> str:
    return f"/c/{slug}/actions/{action.id}.ics"


def _entry(body: bytes):
    calendar = icalendar.Calendar.from_ical(body)
    [entry] = calendar.walk("VEVENT")
    return calendar, entry


def test_an_action_downloads_as_a_calendar_file_a_calendar_app_reads(marta, client):
    response = client.get(_path(marta.vigil))
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert response.headers["Content-Disposition"] == f'attachment; filename="action-{marta.vigil.id}.ics"'
    assert response.headers["Cache-Control"] == "no-store"
    calendar, entry = _entry(response.data)
    assert str(entry["summary"]) == "Vigil at the field office"
    assert str(entry["location"]) == "Main St. plaza"
    assert str(entry["uid"]) == f"action-{marta.vigil.id}@localhost"  # the same UID as the feeds and emails
    start = entry.decoded("dtstart")
    assert start == marta.vigil.starts_at.astimezone(ZoneInfo("America/Chicago"))
    assert str(start.tzinfo) == "America/Chicago" and calendar.walk("VTIMEZONE")
    description = str(entry["description"])
    assert "Vigil for Marta Lucía Quispe Example." in description and "Bring a candle." in description
    assert f"The campaign page: http://localhost/c/{SLUG}" in description


def test_the_calendar_file_speaks_the_visitors_language(marta, client):
    _, entry = _entry(client.get(_path(marta.vigil) + "?lang=es").data)
    description = str(entry["description"])
    assert "Vigilia por Marta Lucía Quispe Example." in description and "La página de la campaña:" in description
    _, entry = _entry(client.get(_path(marta.vigil), headers={"Accept-Language": "es-MX,es;q=0.9"}).data)
    assert "La página de la campaña:" in str(entry["description"])


def test_an_action_written_in_spanish_too_is_saved_in_the_visitors_language(marta, client):
    marta.vigil.title_es, marta.vigil.description_es = "Vigilia frente a la oficina de ICE", "Trae una vela."
    db.session.commit()
    _, entry = _entry(client.get(_path(marta.vigil) + "?lang=es").data)
    assert str(entry["summary"]) == "Vigilia frente a la oficina de ICE" and "Trae una vela." in str(entry["description"])
    _, entry = _entry(client.get(_path(marta.vigil) + "?lang=en").data)
    assert str(entry["summary"]) == "Vigil at the field office" and "Bring a candle." in str(entry["description"])


def test_a_call_in_day_carries_the_number_hours_and_script(marta, client):
    _, entry = _entry(client.get(_path(marta.call_in)).data)
    description = str(entry["description"])
    assert "Call (312) 555-0188, 9 am to 5 pm." in description and f"A-number {A_NUMBER}" in description


def test_only_what_consent_allows_goes_into_the_file(marta, client):
    case = db.session.get(Case, marta.case.id)
    case.consent_level = ConsentLevel.FIRST_NAME
    db.session.scalars(db.select(Campaign).filter_by(slug=SLUG)).one().show_a_number = False
    fitness.recheck(case)
    db.session.commit()
    body = client.get(_path(marta.call_in)).get_data(as_text=True)
    unfolded = body.replace("\r\n ", "")
    assert "Quispe" not in unfolded and "Lucía" not in unfolded and "100-377" not in unfolded
    _, entry = _entry(body.encode())
    assert str(entry["summary"]) == "Call-in day"  # the title named her in full: the plain kind instead
    assert "Call-in day for Marta." in str(entry["description"]) and "(312) 555-0188" in str(entry["description"])


def _cancel(action):
    action.cancelled_at = utcnow()


@pytest.mark.parametrize("change", [
    pytest.param(lambda marta: setattr(marta.vigil, "is_public", False), id="internal action"),
    pytest.param(lambda marta: _cancel(marta.vigil), id="cancelled"),
    pytest.param(lambda marta: setattr(db.session.get(Case, marta.case.id), "consent_level", ConsentLevel.NONE), id="no consent"),
    pytest.param(lambda marta: setattr(db.session.scalars(db.select(Campaign).filter_by(slug=SLUG)).one(), "published", False),
                 id="unpublished"),
])
def test_an_action_the_public_may_not_see_answers_404(marta, client, change):
    assert client.get(_path(marta.vigil)).status_code == 200
    change(marta)
    db.session.commit()
    assert client.get(_path(marta.vigil)).status_code == 404


def test_a_past_action_another_campaigns_action_or_a_made_up_one_answers_404(marta, client):
    past = factories.make_action(marta.case, marta.lead, title="Last week's vigil", days=-7)
    assert client.get(_path(past)).status_code == 404
    assert client.get(_path(marta.others)).status_code == 404  # exists, but not on this campaign
    assert client.get(_path(marta.others, "another-campaign")).status_code == 200
    assert client.get(f"/c/{SLUG}/actions/999999.ics").status_code == 404
    assert client.get(f"/c/no-such-campaign/actions/{marta.vigil.id}.ics").status_code == 404


def test_the_download_from_a_real_server_parses_back(marta, live_server):
    reply = Visitor(live_server).get(_path(marta.vigil) + "?lang=es")
    assert reply.status == 200 and reply.headers["Content-Type"].startswith("text/calendar")
    assert reply.headers["Content-Disposition"] == f'attachment; filename="action-{marta.vigil.id}.ics"'
    _, entry = _entry(reply.body)
    assert str(entry["summary"]) == "Vigil at the field office"
    assert "Vigilia por Marta" in str(entry["description"])
    assert Visitor(live_server).get(f"/c/{SLUG}/actions/{marta.others.id}.ics").status == 404
