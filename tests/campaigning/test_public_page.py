"""The campaign page exists only while the person consents to publicity, and shows nothing restricted."""
import re
from datetime import date

import pytest

from tests import factories
from tests.pages import visible_text
from tracker.cases.models import ConsentLevel
from tracker.extensions import db
from tracker.timeline.models import EventKind, Visibility

PUBLIC_PATHS = ("/c/{slug}", "/c/{slug}/sign", "/c/{slug}/letter", "/c/{slug}/pledge", "/c/{slug}/photo")


def _without_tokens(response) -> str:
    page = re.sub(r'name="csrf_token" value="[^"]+"', "", response.get_data(as_text=True))
    return re.sub(r'<meta name="csrf-token" content="[^"]+">', "", page)


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_without_consent_the_page_is_the_same_404_as_an_unknown_address(app, client, users, path):
    case = factories.make_case(factories.make_person("No Consent Example"), consent=ConsentLevel.NONE)
    factories.make_campaign(case, slug="no-consent")
    hidden, unknown = client.get(path.format(slug="no-consent")), client.get(path.format(slug="never-existed"))
    assert hidden.status_code == unknown.status_code == 404
    assert _without_tokens(hidden) == _without_tokens(unknown)


def test_withdrawing_consent_takes_the_page_down_at_once(app, client, users, login_as):
    case = factories.consenting_case(team=[users["campaign"]])
    factories.make_campaign(case, slug="keep-ana-home")
    assert client.get("/c/keep-ana-home").status_code == 200
    login_as("campaign").submit(f"/cases/{case.id}/campaign", {
        "headline": "Keep Ana home", "slug": "keep-ana-home", "consent_level": "none", "consent_date": "",
        "published": "y", "story": "", "ask": "", "target": "", "photo_alt": "",
    })
    assert client.get("/c/keep-ana-home").status_code == 404


def test_an_unpublished_campaign_has_no_page(client, users):
    case = factories.consenting_case()
    factories.make_campaign(case, slug="draft-page", published=False)
    assert client.get("/c/draft-page").status_code == 404


def test_public_pages_are_never_cached(client):
    case = factories.consenting_case()
    factories.make_campaign(case, slug="fresh")
    assert client.get("/c/fresh").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(("level", "shown", "hidden"), [
    (ConsentLevel.FIRST_NAME, "Mariela", "Mariela Consent Example"),
    (ConsentLevel.FULL_NAME, "Mariela Consent Example", None),
])
def test_the_public_name_follows_the_consent(client, level, shown, hidden):
    case = factories.consenting_case(level=level, name="Mariela Consent Example")
    factories.make_campaign(case, slug="name-test", story="{name} story")
    page = visible_text(client.get("/c/name-test").get_data(as_text=True))
    assert shown in page
    if hidden:
        assert hidden not in page


def test_the_public_page_shows_nothing_restricted(client, users):
    case = factories.consenting_case(
        team=[users["legal"]], name="Restricted Example", a_number="999-555-777", birth_date=date(1980, 1, 2),
        phone="(312) 555-0123", address="31 Hidden Way", legal_notes="Legal-note-XY", criminal_history="History-XY",
        detention_facility="Secret-Facility-XY",
    )
    factories.make_campaign(case, slug="restricted", story="A story.", show_a_number=False)
    factories.make_event(case, EventKind.ICE_CHECK_IN, days=3, actor=users["legal"], location="Internal-Place-XY",
                         notes="Event-note-XY")
    factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=4, actor=users["legal"], location="Public courtroom 7",
                         visibility=Visibility.PUBLIC)
    page = client.get("/c/restricted").get_data(as_text=True)
    for secret in ("999-555-777", "999555777", "1980", "555-0123", "31 Hidden Way", "Legal-note-XY", "History-XY",
                   "Secret-Facility-XY", "Internal-Place-XY", "Event-note-XY"):
        assert secret not in page
    assert "Public courtroom 7" in page


def test_the_a_number_appears_only_when_the_campaign_shows_it(client):
    case = factories.consenting_case(a_number="999-555-778")
    campaign = factories.make_campaign(case, slug="call-in", show_a_number=False)
    assert "999-555-778" not in client.get("/c/call-in").get_data(as_text=True)
    campaign.show_a_number = True
    db.session.commit()
    assert "999-555-778" in client.get("/c/call-in").get_data(as_text=True)


def test_the_page_has_share_links_and_open_graph_but_no_outside_scripts(client):
    case = factories.consenting_case()
    factories.make_campaign(case, slug="share-me", headline="Keep Ana home")
    page = client.get("/c/share-me").get_data(as_text=True)
    assert '<meta property="og:title" content="Keep Ana home">' in page
    assert "https://wa.me/?text=" in page and "mailto:?subject=" in page
    assert not re.search(r'<script[^>]+src="https?://', page)
    assert not re.search(r'<link[^>]+rel="(stylesheet|icon|preload)"[^>]+href="https?://', page)
    assert not re.search(r'<img[^>]+src="https?://', page)


def test_markup_typed_by_a_campaign_lead_is_shown_as_text(client):
    script = "<script>alert(1)</script>"
    case = factories.consenting_case()
    factories.make_campaign(case, slug="escaped", headline=script, story=script, ask=script, target=script)
    for url in ("/c/escaped", "/c/escaped/sign", "/c/escaped/letter"):
        page = client.get(url).get_data(as_text=True)
        assert script not in page and "&lt;script&gt;" in page, url


def test_campaign_settings_refuse_a_bad_or_taken_address_and_keep_what_was_typed(login_as, users):
    case = factories.consenting_case(team=[users["campaign"]])
    other = factories.consenting_case(name="Other Example")
    factories.make_campaign(other, slug="taken-address")
    form = {"headline": "Keep Ana home", "slug": "Bad Address!", "consent_level": "full_name",
            "consent_date": date.today().isoformat(), "published": "y", "story": "Typed story", "ask": "", "target": "",
            "photo_alt": ""}
    client = login_as("campaign")
    bad = client.submit(f"/cases/{case.id}/campaign", form).get_data(as_text=True)
    assert "Use lowercase letters" in bad and "Typed story" in bad
    taken = client.submit(f"/cases/{case.id}/campaign", {**form, "slug": "taken-address"}).get_data(as_text=True)
    assert "already uses this address" in taken


def test_congregation_and_other_teams_cannot_open_campaign_settings(login_as, users):
    case = factories.consenting_case(team=[users["campaign"]])
    assert login_as("congregation").get(f"/cases/{case.id}/campaign").status_code == 403
    assert login_as("outsider").get(f"/cases/{case.id}/campaign").status_code == 404


def test_a_photo_loses_its_location_before_it_is_published(login_as, users, client):
    import io

    from PIL import Image

    image = Image.new("RGB", (60, 40), "orange")
    exif = Image.Exif()
    exif[0x8825] = {2: (41.0, 52.0, 0.0), 1: "N"}  # GPSInfo
    exif[0x010F] = "FictionalPhone"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    buffer.seek(0)
    case = factories.consenting_case(team=[users["campaign"]])
    form = {"headline": "Keep Ana home", "slug": "with-photo", "consent_level": "full_name",
            "consent_date": date.today().isoformat(), "published": "y", "story": "", "ask": "", "target": "",
            "photo_alt": "Ana smiling", "photo": (buffer, "ana.jpg")}
    response = login_as("campaign").submit(f"/cases/{case.id}/campaign", form, content_type="multipart/form-data")
    assert response.status_code == 302
    served = Image.open(io.BytesIO(client.get("/c/with-photo/photo").data))
    assert dict(served.getexif()) == {}
