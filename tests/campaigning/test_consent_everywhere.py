"""Consent governs every public word: what staff type is refused when it says more
than the person agreed to, narrowing consent takes down at once whatever no longer
fits (and lists it for the campaign lead), and public pages never decrypt more
of the person than the A-number that consent lets them show."""
from __future__ import annotations

import html
import re
from datetime import date, timedelta
from types import SimpleNamespace
from urllib.parse import unquote_plus

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.pages import visible_text
from tracker.actions.models import Action, ActionKind
from tracker.campaigns import consent, fitness
from tracker.campaigns.models import Campaign, Petition, UnfitText
from tracker.cases.models import Case, ConsentLevel
from tracker.extensions import db
from tracker.security.crypto import FieldCipher
from tracker.timeline import services as timeline
from tracker.timeline.models import Event, Visibility

LUCIA_SLUG = "stand-with-lucia"
ROSA_SLUG = "keep-rosa-home"
RESTRICTED = {
    "address": "455 N Sample Blvd, Chicago, IL 60624", "phone": "(773) 555-0163", "birth_date": date(1991, 7, 23),
    "legal_notes": "Final order in absentia; notice went to an old address.", "criminal_history": "One fictional citation.",
}


def _public(raw: str) -> str:
    """A page as anything that reads it sees it: tags, attributes and share links included, folded."""
    return consent.fold(unquote_plus(html.unescape(raw)))


def _errors(response) -> str:
    return " ".join(visible_text(error) for error in re.findall(r'<[^>]*class="[^"]*error[^"]*"[^>]*>.*?</', response.get_data(as_text=True), re.S))


@pytest.fixture
def lucia(app, users):
    """First name only, "show the A-number" off: the case of the issue."""
    person = factories.make_person("Lucía Fernanda Gómez Paz", a_number="A-099-910-040", preferred_name="Lucía", **RESTRICTED)
    case = factories.make_case(person, team=[users["campaign"], users["legal"]], consent=ConsentLevel.FIRST_NAME,
                               consent_date=date.today())
    campaign = factories.make_campaign(case, slug=LUCIA_SLUG, headline="Stand with Lucía", story="Lucía cares for her daughter.")
    return SimpleNamespace(case=case, campaign=campaign)


@pytest.fixture
def rosa(app, users):
    """Full name and the A-number shown, with the name and number in every public text."""
    person = factories.make_person("Rosa Itzel Marroquín Ajú", a_number="999-100-201", preferred_name="Rosa", **RESTRICTED)
    case = factories.make_case(person, team=[users["campaign"], users["legal"]], consent=ConsentLevel.FULL_NAME,
                               consent_date=date.today())
    campaign = factories.make_campaign(
        case, slug=ROSA_SLUG, headline="Keep Rosa Marroquín home", story="Rosa Marroquín Ajú has lived here for 16 years.",
        ask="Grant Rosa Marroquín a stay.", target="ICE Field Office Director", photo_alt="Rosa Marroquín at the pantry",
        show_a_number=True,
    )
    campaign.photo = factories.stored_file(factories.png_bytes(), "rosa.png")
    petition = campaign.petition
    petition.title, petition.ask = "Let Rosa Marroquín stay", "We ask you to let Rosa Marroquín Ajú (A# 999-100-201) stay."
    db.session.commit()
    call_in = factories.make_action(
        case, users["campaign"], kind=ActionKind.CALL_IN_DAY, title="Call-in day for Rosa Marroquín",
        call_number="(312) 555-0199", description="Call for Rosa Marroquín.",
        script="Grant a stay of removal for Rosa Itzel Marroquín Ajú, A-number A-999-100-201.",
    )
    event = factories.make_event(case, title="Rosa Marroquín's hearing", location="Courtroom 4", actor=users["legal"],
                                 visibility=Visibility.PUBLIC)
    congregation = factories.make_congregation("Fictional Unity Church", coordinator=users["congregation"])
    return SimpleNamespace(case=case, campaign=campaign, call_in=call_in, event=event, congregation=congregation)


def _settings(campaign: Campaign, **changes) -> dict:
    case = campaign.case
    data = {"headline": campaign.headline, "slug": campaign.slug, "story": campaign.story or "", "ask": campaign.ask or "",
            "target": campaign.target or "", "photo_alt": campaign.photo_alt or "", "published": "y",
            "consent_level": case.consent_level.value, "consent_date": date.today().isoformat()}
    if campaign.show_a_number:
        data["show_a_number"] = "y"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def _action_form(**fields) -> dict:
    day = (date.today() + timedelta(days=6)).isoformat()
    data = {"kind": "call_in_day", "title": "Call-in day for Lucía", "day": day, "start_time": "09:00", "end_time": "17:00",
            "timezone": "America/Chicago", "place": "", "description": "", "people_needed": "50", "is_public": "y",
            "call_number": "(312) 555-0199", "call_hours": "9 to 5", "script": "Please grant Lucía a stay."}
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


# --- On save: refused beside the field ----------------------------------------------------------------


def test_a_call_script_with_the_full_name_and_a_number_is_refused_beside_the_field(lucia, login_as):
    lead = login_as("campaign")
    script = "Please grant a stay for LUCIA GOMEZ PAZ, A-number A 099 910 040. Thank you."
    response = lead.submit(f"/cases/{lucia.case.id}/actions/new", _action_form(script=script))
    assert response.status_code == 200
    errors = _errors(response)
    assert "Call script: remove “Gómez”, “Paz”." in errors
    assert "Call script: remove the A-number." in errors
    assert script in html.unescape(response.get_data(as_text=True))  # nothing typed is lost
    assert db.session.scalar(select(func.count(Action.id))) == 0

    saved = lead.submit(f"/cases/{lucia.case.id}/actions/new", _action_form())
    assert saved.status_code == 302
    assert db.session.scalar(select(func.count(Action.id))) == 1


def test_an_internal_action_may_name_the_person_in_full(lucia, login_as):
    data = _action_form(kind="check_in_accompaniment", title="Go with Lucía Gómez", script="", call_number="")
    del data["is_public"]
    assert login_as("campaign").submit(f"/cases/{lucia.case.id}/actions/new", data).status_code == 302


@pytest.mark.parametrize(("field", "label"), [
    ("headline", "Headline"), ("story", "Public story"), ("ask", "What we ask"), ("target", "Decision-maker"),
    ("photo_alt", "Photo description (for screen readers)"),
])
def test_every_page_text_is_refused_when_it_holds_the_family_name(lucia, login_as, field, label):
    typed = "Keep lu cía GÓMEZ home"
    response = login_as("campaign").submit(f"/cases/{lucia.case.id}/campaign", _settings(lucia.campaign, **{field: typed}))
    assert response.status_code == 200
    assert f"{label}: remove “Gómez”." in _errors(response)
    assert typed in html.unescape(response.get_data(as_text=True))
    assert getattr(db.session.get(Campaign, lucia.campaign.id), field) != typed


def test_the_a_number_may_be_written_only_while_it_is_shown(lucia, login_as):
    lead = login_as("campaign")
    story = "Lucía (A#099910040) cares for her daughter."
    refused = lead.submit(f"/cases/{lucia.case.id}/campaign", _settings(lucia.campaign, story=story))
    assert "Public story: remove the A-number." in _errors(refused)
    shown = lead.submit(f"/cases/{lucia.case.id}/campaign", _settings(lucia.campaign, story=story, show_a_number="y"))
    assert shown.status_code == 302
    assert db.session.get(Campaign, lucia.campaign.id).story == story


def test_petition_texts_are_refused_when_they_hold_the_family_name(lucia, login_as):
    response = login_as("campaign").submit(f"/cases/{lucia.case.id}/petition", {
        "title": "Let Lucía Gómez stay", "target": "ICE Field Office Director", "ask": "Let her stay.", "goal": "500",
        "is_open": "y",
    })
    assert response.status_code == 200 and "Title: remove “Gómez”." in _errors(response)
    assert db.session.scalar(select(Petition.title)) == "Let them stay"


def test_a_public_date_may_not_name_the_person_beyond_consent(lucia, login_as):
    legal = login_as("legal")
    day = (timeline.today_in(lucia.case.timezone) + timedelta(days=4)).isoformat()
    form = {"kind": "master_calendar_hearing", "title": "Hearing of Lucía Fernanda", "day": day, "start_time": "09:00",
            "end_time": "", "timezone": lucia.case.timezone, "location": "Courtroom 2", "outcome": "", "notes": "",
            "visibility": "public", "decided_by": "", "final_order": ""}
    refused = legal.submit(f"/cases/{lucia.case.id}/events/new", form)
    assert refused.status_code == 200 and "Title (optional): remove “Fernanda”." in _errors(refused)
    assert db.session.scalar(select(func.count(Event.id))) == 0
    assert legal.submit(f"/cases/{lucia.case.id}/events/new", {**form, "visibility": "internal"}).status_code == 302


def test_without_consent_drafts_are_not_refused(app, users, login_as):
    case = factories.make_case(factories.make_person("Nasrin Example Haidari"), team=[users["campaign"]])
    factories.make_campaign(case, slug="draft", published=False)
    response = login_as("campaign").submit(f"/cases/{case.id}/campaign", _settings(
        Campaign.query.one(), story="Nasrin Haidari's story", consent_level="none", consent_date="", published=None))
    assert response.status_code == 302


# --- Narrowing: hidden at once, listed for the lead ----------------------------------------------------


def _all_public_pages(client, login_as, slug: str) -> str:
    pages = [client.get(f"/c/{slug}{path}") for path in ("", "/sign", "/letter", "/pledge")]
    assert [page.status_code for page in pages] == [200] * 4
    portal = login_as("congregation").get("/")  # a coordinator's home: the actions open for pledges
    assert "Where people are needed" in portal.get_data(as_text=True)
    return _public("".join(page.get_data(as_text=True) for page in [*pages, portal]))


def test_narrowing_consent_takes_every_unfit_text_off_the_public_pages_at_once(rosa, client, login_as):
    before = _all_public_pages(client, login_as, ROSA_SLUG)
    assert "marroquin" in before and "999-100-201" in before

    lead = login_as("campaign")
    narrowed = lead.submit(f"/cases/{rosa.case.id}/campaign", _settings(
        rosa.campaign, consent_level="first_name", show_a_number=None))
    assert narrowed.status_code == 302  # narrowing consent is never held up by the texts

    after = _all_public_pages(client, login_as, ROSA_SLUG)
    assert "marroquin" not in after and "aju" not in after and "itzel" not in after
    assert not re.search(r"999\D{0,3}100\D{0,3}201", after)
    assert "rosa" in after and "call-in day" in after and "(312) 555-0199" in after  # the page and the action stay up

    listed = visible_text(lead.get(f"/cases/{rosa.case.id}/campaign/dashboard").get_data(as_text=True))
    for where, field in [("Campaign page", "Headline"), ("Campaign page", "Public story"), ("Campaign page", "What we ask"),
                         ("Campaign page", "Photo description"), ("Petition", "Petition title"), ("Petition", "Petition text"),
                         ("Action “Call-in day for Rosa Marroquín”", "Call script"), ("Public date", "Title")]:
        assert f"{where} · {field}" in listed
    assert "the A-number, which may not be shown" in listed


def test_a_hidden_text_is_shown_beside_its_field_and_comes_back_once_fixed(rosa, client, login_as):
    lead = login_as("campaign")
    lead.submit(f"/cases/{rosa.case.id}/campaign", _settings(rosa.campaign, consent_level="first_name", show_a_number=None))
    form = lead.get(f"/cases/{rosa.case.id}/campaign")
    assert "Public story: remove “Marroquín”, “Ajú”." in _errors(form)
    fixed = {"headline": "Keep Rosa home", "story": "Rosa has lived here for 16 years.", "ask": "Grant Rosa a stay.",
             "photo_alt": "Rosa at the pantry"}
    campaign = db.session.get(Campaign, rosa.campaign.id)
    assert lead.submit(f"/cases/{rosa.case.id}/campaign", _settings(campaign, **fixed)).status_code == 302
    page = _public(client.get(f"/c/{ROSA_SLUG}").get_data(as_text=True))
    assert "rosa has lived here for 16 years." in page and "keep rosa home" in page
    assert not UnfitText.query.filter_by(record="campaign").count()


def test_switching_off_the_a_number_hides_it_from_the_call_script(rosa, client, login_as):
    login_as("campaign").submit(f"/cases/{rosa.case.id}/campaign", _settings(rosa.campaign, show_a_number=None))
    page = _public(client.get(f"/c/{ROSA_SLUG}").get_data(as_text=True))
    assert not re.search(r"999\D{0,3}100\D{0,3}201", page)
    assert "rosa marroquin" in page  # full-name consent stands: the names stay


def test_consent_narrowed_on_the_case_form_hides_the_texts_at_once(rosa, client, login_as):
    login_as("legal").submit(f"/cases/{rosa.case.id}/edit", {
        "stage": "removal_proceedings", "outcome": "pending", "court": "", "judge": "", "ice_field_office": "",
        "attorney": "", "organization": "", "privacy_waiver_signed_on": "", "consent_level": "first_name",
        "consent_date": date.today().isoformat(), "timezone": "America/Chicago",
    })
    assert db.session.get(Case, rosa.case.id).consent_level is ConsentLevel.FIRST_NAME
    assert "marroquin" not in _public(client.get(f"/c/{ROSA_SLUG}").get_data(as_text=True))


def test_a_corrected_legal_name_hides_texts_that_now_hold_it(lucia, client, login_as):
    campaign = db.session.get(Campaign, lucia.campaign.id)
    campaign.story = "Lucía Herrera cares for her daughter."
    db.session.commit()
    assert "herrera" in _public(client.get(f"/c/{LUCIA_SLUG}").get_data(as_text=True))
    person = lucia.case.person
    login_as("legal").submit(f"/people/{person.id}/edit", {
        "legal_name": "Lucía Herrera Gómez", "preferred_name": "Lucía", "a_number": "A-099-910-040",
        "country_of_birth": "", "languages": "", "detention_status": "not_detained", "detention_facility": "",
        "family_ties": "", "legal_notes": "", "criminal_history": "", "phone": "", "address": "", "birth_date": "",
    })
    assert db.session.get(Case, lucia.case.id).person.legal_name == "Lucía Herrera Gómez"
    assert "herrera" not in _public(client.get(f"/c/{LUCIA_SLUG}").get_data(as_text=True))


def test_every_change_that_can_change_the_page_moves_its_version(lucia, login_as):
    version = db.session.get(Campaign, lucia.campaign.id).page_version
    login_as("campaign").submit(f"/cases/{lucia.case.id}/actions/new", _action_form())
    assert db.session.get(Campaign, lucia.campaign.id).page_version != version


# --- Public requests never decrypt more than the A-number consent shows ---------------------------------


@pytest.mark.parametrize("shown", [False, True])
def test_public_requests_decrypt_nothing_restricted_but_a_shown_a_number(rosa, client, monkeypatch, shown):
    campaign = db.session.get(Campaign, rosa.campaign.id)
    campaign.show_a_number = shown
    db.session.commit()
    decrypted = []
    real_decrypt = FieldCipher.decrypt

    def counting_decrypt(self, token):
        plaintext = real_decrypt(self, token)
        decrypted.append(plaintext)
        return plaintext

    monkeypatch.setattr(FieldCipher, "decrypt", counting_decrypt)
    requests = [
        client.get(f"/c/{ROSA_SLUG}"),
        client.get(f"/c/{ROSA_SLUG}/sign"),
        client.submit(f"/c/{ROSA_SLUG}/sign", {"name": "Pat Signer", "email": "pat@example.org", "city": "Chicago"}),
        client.get(f"/c/{ROSA_SLUG}/letter"),
        client.get(f"/c/{ROSA_SLUG}/pledge"),
        client.submit(f"/c/{ROSA_SLUG}/pledge", {"action_id": str(rosa.call_in.id), "supporter_name": "Fictional Choir",
                                                 "contact": "choir@example.org", "people": "5"}),
    ]
    assert [response.status_code for response in requests] == [200, 200, 302, 200, 200, 302]
    restricted = {RESTRICTED["address"], RESTRICTED["phone"], RESTRICTED["birth_date"].isoformat(),
                  RESTRICTED["legal_notes"], RESTRICTED["criminal_history"]}
    assert not restricted.intersection(decrypted)
    assert set(decrypted) <= ({"999100201"} if shown else set())
    assert ("999100201" in decrypted) is shown


# --- Demo data ------------------------------------------------------------------------------------------


def test_the_demo_data_fits_its_consent(app):
    from tracker.demo import load_demo

    load_demo("demo passphrase for tests")
    for case in db.session.scalars(select(Case)):
        assert fitness.recheck(case) == [], f"case {case.id}"


# --- What outsiders get by email and calendar follows consent too -----------------------------------------


def test_a_congregations_emails_calendar_and_portal_leave_out_what_no_longer_fits(rosa, login_as):
    from email import message_from_string
    from email.policy import default

    from tracker.mail.models import OutboxMessage

    login_as("campaign").submit(f"/cases/{rosa.case.id}/campaign", _settings(
        rosa.campaign, consent_level="first_name", show_a_number=None))
    coordinator = login_as("congregation")
    assert coordinator.submit(f"/portal/actions/{rosa.call_in.id}/pledge", {"people": "3"}).status_code == 302
    [message] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "pledge.confirmation")).all()
    parts = [part.get_content() for part in message_from_string(message.content, policy=default).walk()
             if not part.is_multipart()]
    mailed = _public(" ".join(part.decode() if isinstance(part, bytes) else part for part in parts))
    assert "call-in day" in mailed and "marroquin" not in mailed

    coordinator.submit("/account/calendars")
    from tracker.calendar.models import CalendarFeed

    feed = db.session.scalars(select(CalendarFeed).order_by(CalendarFeed.id.desc())).first()
    calendar = coordinator.get(f"/calendar/{feed.token}.ics").get_data(as_text=True)
    calendar = _public(calendar.replace("\r\n ", "").replace("\\,", ","))
    assert "call-in day" in calendar and "marroquin" not in calendar

    portal = _public(coordinator.get("/").get_data(as_text=True))  # the coordinator's home is the portal
    assert "our pledges" in portal and "call-in day" in portal
    assert "marroquin" not in portal


def test_an_update_to_signers_may_not_name_the_person_beyond_consent(lucia, login_as):
    from tracker.mail.models import CampaignUpdate

    response = login_as("campaign").submit(f"/cases/{lucia.case.id}/campaign/updates", {
        "subject": "News", "body": "Lucía Gómez had her hearing today. Thank you!", "step": "send"})
    assert response.status_code == 400
    assert "Update: remove “Gómez”." in visible_text(response.get_data(as_text=True))
    assert db.session.scalar(select(func.count(CampaignUpdate.id))) == 0


def test_a_hidden_call_script_is_back_on_the_page_once_fixed(rosa, client, login_as):
    lead = login_as("campaign")
    lead.submit(f"/cases/{rosa.case.id}/campaign", _settings(rosa.campaign, consent_level="first_name", show_a_number=None))
    assert "grant a stay of removal" not in _public(client.get(f"/c/{ROSA_SLUG}").get_data(as_text=True))
    edit = f"/actions/{rosa.call_in.id}/edit"
    assert "Call script: remove “Itzel”, “Marroquín”, “Ajú”." in _errors(lead.get(edit))
    action = db.session.get(Action, rosa.call_in.id)
    fixed = _action_form(title="Call-in day for Rosa", day=action.local_start.date().isoformat(), start_time="18:00",
                         end_time="20:00", description="Call for Rosa.", script="Grant a stay of removal for Rosa.")
    assert lead.submit(edit, fixed).status_code == 302
    page = _public(client.get(f"/c/{ROSA_SLUG}").get_data(as_text=True))
    assert "grant a stay of removal for rosa." in page and "call-in day for rosa" in page
    assert not UnfitText.query.filter_by(record="action").count()
