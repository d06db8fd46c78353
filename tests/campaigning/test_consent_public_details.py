"""The small public words obey consent like the headline does: whom a petition is
addressed to, to whom it was delivered, where a public date or an action takes
place, and an action's calling hours.
Refused on save beside the field when they say more than the person agreed to;
taken off every public page at once (and listed for the campaign lead) when
consent narrows."""
from __future__ import annotations

import html
import re
from datetime import date, timedelta
from types import SimpleNamespace
from urllib.parse import unquote_plus

import pytest

from tests import factories
from tests.pages import visible_text
from tracker.actions.models import Action, ActionKind
from tracker.campaigns import consent
from tracker.campaigns.models import Petition, UnfitText
from tracker.cases.models import ConsentLevel
from tracker.extensions import db
from tracker.timeline import services as timeline
from tracker.timeline.models import Event, Visibility

LUCIA_SLUG = "lucia-details"
ROSA_SLUG = "rosa-details"
DELIVERED_ON = date(2026, 3, 2)


def _public(raw: str) -> str:
    """A page as anything that reads it sees it: tags, attributes and share links included, folded."""
    return consent.fold(unquote_plus(html.unescape(raw)))


def _errors(response) -> str:
    raw = response.get_data(as_text=True)
    return " ".join(visible_text(error) for error in re.findall(r'<p class="error"[^>]*>.*?</p>', raw, re.S))


@pytest.fixture
def lucia(app, users):
    """First name only, "show the A-number" off."""
    person = factories.make_person("Lucía Fernanda Gómez Paz", a_number="A-099-910-040", preferred_name="Lucía")
    case = factories.make_case(person, team=[users["campaign"], users["legal"]], consent=ConsentLevel.FIRST_NAME,
                               consent_date=date.today())
    campaign = factories.make_campaign(case, slug=LUCIA_SLUG, headline="Stand with Lucía")
    return SimpleNamespace(case=case, campaign=campaign, petition=campaign.petition)


@pytest.fixture
def rosa(app, users):
    """Full name consent: the petition is addressed and delivered with her family name, the
    vigil takes place at a place named after her."""
    person = factories.make_person("Rosa Itzel Marroquín Ajú", a_number="999-100-201", preferred_name="Rosa")
    case = factories.make_case(person, team=[users["campaign"], users["legal"]], consent=ConsentLevel.FULL_NAME,
                               consent_date=date.today())
    campaign = factories.make_campaign(case, slug=ROSA_SLUG, headline="Keep Rosa home")
    petition = campaign.petition
    petition.target = "Field Office Director, in the matter of Rosa Marroquín"
    petition.delivered_on, petition.delivered_to, petition.delivered_count = DELIVERED_ON, "Ms. Marroquín's congressman", 812
    db.session.commit()
    event = factories.make_event(case, title="Vigil before the hearing", location="Outside the Marroquín family's church",
                                 actor=users["legal"], visibility=Visibility.PUBLIC)
    vigil = factories.make_action(case, users["campaign"], title="Candle vigil", place="In front of the Marroquín home")
    call_in = factories.make_action(case, users["campaign"], kind=ActionKind.CALL_IN_DAY, title="Call-in day", days=6,
                                    call_number="(312) 555-0199", call_hours="9 to 5, as the Marroquín family asks",
                                    script="Please grant Rosa a stay.")
    factories.make_congregation("Fictional Unity Church", coordinator=users["congregation"])
    return SimpleNamespace(case=case, campaign=campaign, petition=petition, event=event, vigil=vigil, call_in=call_in)


def _narrow_to_first_name(lead, rosa) -> None:
    campaign = rosa.campaign
    response = lead.submit(f"/cases/{rosa.case.id}/campaign", {
        "headline": campaign.headline, "slug": campaign.slug, "story": "", "ask": "", "target": "", "photo_alt": "",
        "published": "y", "consent_level": "first_name", "consent_date": date.today().isoformat(),
    })
    assert response.status_code == 302


def _campaign_and_sign_pages(client) -> str:
    pages = [client.get(f"/c/{ROSA_SLUG}"), client.get(f"/c/{ROSA_SLUG}/sign")]
    assert [page.status_code for page in pages] == [200, 200]
    return _public("".join(page.get_data(as_text=True) for page in pages))


def _where_actions_are_read(client, login_as) -> str:
    """The public page, the public pledge page and a congregation coordinator's portal."""
    pages = [client.get(f"/c/{ROSA_SLUG}"), client.get(f"/c/{ROSA_SLUG}/pledge")]
    assert [page.status_code for page in pages] == [200, 200]
    portal = login_as("congregation").get("/")
    return _public("".join(page.get_data(as_text=True) for page in [*pages, portal]))


# --- The delivery form ----------------------------------------------------------------------------------


def _delivery(**fields) -> dict:
    return {"delivered_on": "2026-03-02", "delivered_to": "ICE Field Office Director", "delivered_count": "640", **fields}


@pytest.mark.parametrize(("typed", "told"), [
    ("The family of LUCIA GOMEZ", "Delivered to: remove “Gómez”."),
    ("Field Office, re A# 099 910 040", "Delivered to: remove the A-number."),
])
def test_delivered_to_is_refused_beside_the_field_when_it_says_more_than_consent(lucia, login_as, typed, told):
    lead = login_as("campaign")
    response = lead.submit(f"/cases/{lucia.case.id}/petition/delivery", _delivery(delivered_to=typed))
    assert response.status_code == 200
    assert told in _errors(response)
    assert f'value="{html.escape(typed)}"' in response.get_data(as_text=True)  # what was typed comes back
    petition = db.session.get(Petition, lucia.petition.id)
    assert petition.delivered_on is None and petition.delivered_to is None

    saved = lead.submit(f"/cases/{lucia.case.id}/petition/delivery", _delivery(delivered_to="Lucía's field office"))
    assert saved.status_code == 302
    petition = db.session.get(Petition, lucia.petition.id)
    assert petition.delivered_to == "Lucía's field office" and petition.delivered_count == 640


def test_a_delivery_form_with_a_missing_date_comes_back_with_what_was_typed(lucia, login_as):
    response = login_as("campaign").submit(f"/cases/{lucia.case.id}/petition/delivery",
                                           _delivery(delivered_on="", delivered_to="Pastor Example's office"))
    assert response.status_code == 200
    assert "Enter the delivery date." in _errors(response)
    assert "Pastor Example&#39;s office" in response.get_data(as_text=True)


def test_addressed_to_is_refused_beside_the_field_when_it_holds_the_family_name(lucia, login_as):
    response = login_as("campaign").submit(f"/cases/{lucia.case.id}/petition", {
        "title": "Let Lucía stay", "target": "Judge Example, in the matter of Lucía Gómez", "ask": "Let her stay.",
        "goal": "500", "is_open": "y",
    })
    assert response.status_code == 200
    assert "Addressed to: remove “Gómez”." in _errors(response)
    assert db.session.get(Petition, lucia.petition.id).target == "ICE Field Office Director"


def test_a_public_dates_location_is_refused_when_it_holds_the_family_name(lucia, login_as):
    legal = login_as("legal")
    day = (timeline.today_in(lucia.case.timezone) + timedelta(days=4)).isoformat()
    form = {"kind": "master_calendar_hearing", "title": "Vigil", "day": day, "start_time": "09:00", "end_time": "",
            "timezone": lucia.case.timezone, "location": "The Gómez family's church", "outcome": "", "notes": "",
            "visibility": "public", "decided_by": "", "final_order": ""}
    refused = legal.submit(f"/cases/{lucia.case.id}/events/new", form)
    assert refused.status_code == 200 and "Where: remove “Gómez”." in _errors(refused)
    assert db.session.query(Event).count() == 0


def _action_form(**fields) -> dict:
    day = (date.today() + timedelta(days=6)).isoformat()
    return {"kind": "call_in_day", "title": "Call-in day for Lucía", "day": day, "start_time": "09:00", "end_time": "17:00",
            "timezone": "America/Chicago", "place": "", "description": "", "people_needed": "50", "is_public": "y",
            "call_number": "(312) 555-0199", "call_hours": "9 to 5", "script": "Please grant Lucía a stay.", **fields}


@pytest.mark.parametrize(("field", "typed", "told"), [
    ("place", "The Gómez family's church", "Where: remove “Gómez”."),
    ("call_hours", "9 to 5, ask for Fernanda", "Calling hours: remove “Fernanda”."),
])
def test_an_actions_place_and_calling_hours_are_refused_beyond_consent(lucia, login_as, field, typed, told):
    lead = login_as("campaign")
    refused = lead.submit(f"/cases/{lucia.case.id}/actions/new", _action_form(**{field: typed}))
    assert refused.status_code == 200 and told in _errors(refused)
    assert typed in html.unescape(refused.get_data(as_text=True))
    assert db.session.query(Action).count() == 0


# --- Narrowing consent takes them down at once ---------------------------------------------------------


def test_addressed_to_delivered_to_and_location_are_public_within_consent(rosa, client):
    pages = _campaign_and_sign_pages(client)
    assert "to: field office director, in the matter of rosa marroquin" in pages
    assert "delivered to ms. marroquin's congressman on" in pages
    assert "outside the marroquin family's church" in pages


def test_narrowing_consent_takes_addressed_to_delivered_to_and_location_off_the_public_pages(rosa, client, login_as):
    lead = login_as("campaign")
    _narrow_to_first_name(lead, rosa)

    pages = _campaign_and_sign_pages(client)
    assert "marroquin" not in pages
    assert "vigil before the hearing" in pages  # the date stays, without its location
    assert "delivered on" in pages and "none" not in re.sub(r"<[^>]*>", " ", pages).split()  # never "Delivered to None"
    assert "to: " not in visible_text(client.get(f"/c/{ROSA_SLUG}/sign").get_data(as_text=True))

    hidden = {(row.record, row.field) for row in UnfitText.query.all()}
    assert hidden == {("petition", "target"), ("petition", "delivered_to"), ("event", "location"), ("action", "place"),
                      ("action", "call_hours")}
    listed = visible_text(lead.get(f"/cases/{rosa.case.id}/campaign/dashboard").get_data(as_text=True))
    for entry in ("Petition · Addressed to", "Petition · Delivered to", "Public date · Location",
                  "Action “Candle vigil” · Where", "Action “Call-in day” · Calling hours"):
        assert entry in listed


def test_a_hidden_delivered_to_is_shown_with_what_to_remove_and_comes_back_once_fixed(rosa, client, login_as):
    lead = login_as("campaign")
    _narrow_to_first_name(lead, rosa)
    assert "Delivered to: remove “Marroquín”." in _errors(lead.get(f"/cases/{rosa.case.id}/petition"))

    fixed = lead.submit(f"/cases/{rosa.case.id}/petition/delivery", _delivery(delivered_to="Rosa's congressman"))
    assert fixed.status_code == 302
    assert "delivered to rosa's congressman on" in _campaign_and_sign_pages(client)
    assert not UnfitText.query.filter_by(field="delivered_to").count()


def test_narrowing_consent_takes_an_actions_place_and_calling_hours_off_everything_outsiders_read(rosa, client, login_as):
    before = _where_actions_are_read(client, login_as)
    assert "in front of the marroquin home" in before and "as the marroquin family asks" in before

    _narrow_to_first_name(login_as("campaign"), rosa)
    after = _where_actions_are_read(client, login_as)
    assert "marroquin" not in after
    assert "candle vigil" in after and "(312) 555-0199" in after  # the actions stay, without those words

    # What a congregation gets outside the site: its calendar and the pledge's email with its .ics.
    from tracker.calendar.models import CalendarFeed
    from tracker.mail.models import OutboxMessage

    coordinator = login_as("congregation")
    assert coordinator.submit(f"/portal/actions/{rosa.vigil.id}/pledge", {"people": "3"}).status_code == 302
    assert coordinator.submit(f"/portal/actions/{rosa.call_in.id}/pledge", {"people": "2"}).status_code == 302
    coordinator.submit("/account/calendars")
    feed = db.session.scalars(db.select(CalendarFeed).order_by(CalendarFeed.id.desc())).first()
    calendar = coordinator.get(f"/calendar/{feed.token}.ics").get_data(as_text=True).replace("\r\n ", "")
    assert "Candle vigil" in calendar and "marroquin" not in consent.fold(calendar)
    mails = db.session.scalars(db.select(OutboxMessage.content).where(OutboxMessage.kind == "pledge.confirmation")).all()
    assert len(mails) == 2
    read = [consent.fold(_decoded(mail)) for mail in mails]
    assert all("candle vigil" in text or "call-in day" in text for text in read)
    assert all("marroquin" not in text for text in read)


def _decoded(raw: str) -> str:
    from email import message_from_string
    from email.policy import default

    # The bytes of every part as UTF-8: an .ics attachment names no charset, and read as
    # ASCII its "Marroquín" would hide from the check.
    parts = [part.get_payload(decode=True) for part in message_from_string(raw, policy=default).walk() if not part.is_multipart()]
    return " ".join(part.decode("utf-8") for part in parts).replace("\r\n ", "")


# --- The web address is a public word ------------------------------------------------------------------


def _settings(campaign, **changes) -> dict:
    data = {"headline": campaign.headline, "slug": campaign.slug, "story": "", "ask": "", "target": "", "photo_alt": "",
            "published": "y", "consent_level": campaign.case.consent_level.value, "consent_date": date.today().isoformat()}
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def test_a_web_address_with_the_family_name_is_refused_beside_the_field(lucia, login_as):
    response = login_as("campaign").submit(f"/cases/{lucia.case.id}/campaign",
                                           _settings(lucia.campaign, slug="keep-lucia-gomez-home"))
    assert response.status_code == 200
    assert "Web address: remove “Gómez”." in _errors(response)
    assert 'value="keep-lucia-gomez-home"' in response.get_data(as_text=True)
    assert db.session.get(type(lucia.campaign), lucia.campaign.id).slug == LUCIA_SLUG


def test_narrowing_consent_takes_a_page_whose_address_names_the_person_offline_until_it_moves(rosa, client, login_as):
    from tracker.security.audit import AuditEntry

    campaign = rosa.campaign
    campaign.slug = "keep-rosa-marroquin-home"
    db.session.commit()
    old = "/c/keep-rosa-marroquin-home"
    assert client.get(old).status_code == 200
    assert "Candle vigil" in login_as("congregation").text("/")

    lead = login_as("campaign")
    narrowed = lead.submit(f"/cases/{rosa.case.id}/campaign", _settings(campaign, consent_level="first_name"))
    assert narrowed.status_code == 302  # narrowing is never held up
    for path in ("", "/sign", "/letter", "/pledge"):
        assert client.get(old + path).status_code == 404, path
    assert "Candle vigil" not in login_as("congregation").text("/")  # nor offered to congregations
    assert AuditEntry.query.filter_by(action="campaign.offline").count() == 1
    listed = visible_text(lead.get(f"/cases/{rosa.case.id}/campaign/dashboard").get_data(as_text=True))
    assert "Campaign page · Web address" in listed and "offline until it has a new web address" in listed

    moved = lead.submit(f"/cases/{rosa.case.id}/campaign",
                        _settings(db.session.get(type(campaign), campaign.id), slug="keep-rosa-home"))
    assert moved.status_code == 302
    page = client.get("/c/keep-rosa-home")
    assert page.status_code == 200 and "marroquin" not in _public(page.get_data(as_text=True))
    assert client.get(old).status_code == 404
