"""The app keeps the rendered campaign page, yet every change to the campaign or
its consent shows at the next request, on every app instance: the page is kept
under a version the database renews in the same transaction as the change."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests import factories
from tests.conftest import Client
from tests.pages import visible_text
from tracker import create_app
from tracker.actions.models import Pledge, PledgeSource
from tracker.campaigns import fitness, page_cache
from tracker.campaigns import services as campaigns
from tracker.campaigns.models import Campaign, Petition, Signature
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.timeline.models import EventKind, Visibility

SLUG = "keep-ana-home"
SETTINGS = {"headline": "Keep Ana home", "slug": SLUG, "consent_level": "full_name", "consent_date": "2026-01-05",
            "published": "y", "story": "Ana has lived here for years.", "ask": "", "target": "", "photo_alt": ""}


@pytest.fixture
def case(app, users):
    case = factories.consenting_case(team=[users["campaign"]], name="Ana Cache Example")
    factories.make_campaign(case, slug=SLUG, headline="Keep Ana home", story="Ana has lived here for years.")
    return case


@pytest.fixture
def other_instance(app):
    """A second app on the same database, as a second app server would be."""
    second = create_app({"TRACKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                         "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"]})
    second.test_client_class = Client
    yield second
    with second.app_context():
        db.session.remove()
        db.engine.dispose()


def _page(client) -> str:
    response = client.get(f"/c/{SLUG}")
    assert response.status_code == 200
    return visible_text(response.get_data(as_text=True))


def _staff_client(app_, email: str) -> Client:
    staff = app_.test_client()
    assert staff.login(email).status_code == 302
    return staff


def test_a_page_seen_before_is_served_with_one_query(client, case, count_queries):
    _page(client)
    with count_queries() as counted:
        _page(client)
    assert counted.count == 1, counted.statements


def test_withdrawing_consent_takes_a_kept_page_down_on_every_instance(client, case, users, other_instance):
    first = client
    second = other_instance.test_client()
    assert "Keep Ana home" in _page(first) and "Keep Ana home" in _page(second)
    _staff_client(other_instance, users["campaign"].email).submit(
        f"/cases/{case.id}/campaign", {**SETTINGS, "consent_level": "none", "consent_date": ""})
    assert first.get(f"/c/{SLUG}").status_code == 404
    assert second.get(f"/c/{SLUG}").status_code == 404


def test_an_edit_on_another_instance_shows_at_once(client, case, users, other_instance):
    assert "Keep Ana home" in _page(client)
    _staff_client(other_instance, users["campaign"].email).submit(
        f"/cases/{case.id}/campaign", {**SETTINGS, "headline": "Bring Ana home", "story": "A new chapter."})
    page = _page(client)
    assert "Bring Ana home" in page and "A new chapter." in page
    assert "Keep Ana home" not in page


def test_narrowing_the_consent_to_the_first_name_changes_the_kept_page_at_once(client, case, users, login_as):
    assert "Ana Cache Example's story" in _page(client)
    login_as("campaign").submit(f"/cases/{case.id}/campaign", {**SETTINGS, "consent_level": "first_name"})
    page = _page(client)
    assert "Ana's story" in page
    assert "Cache Example" not in page


def test_a_new_name_for_the_person_changes_the_kept_page_at_once(client, case):
    _page(client)
    case.person.legal_name = "Ana Renamed Example"
    db.session.commit()
    assert "Ana Renamed Example's story" in _page(client)


def test_signatures_on_another_instance_count_on_a_kept_page_at_once(client, case, other_instance):
    assert "0 signed of 100" in _page(client)
    signer = other_instance.test_client()
    signer.get(f"/c/{SLUG}/sign")
    for number in range(3):
        sent = signer.submit(f"/c/{SLUG}/sign", {"name": "Grace Example", "email": f"grace{number}@example.org",
                                                   "city": "Chicago", "nonce": f"form-{number}"})
        assert sent.status_code == 302
    assert "3 signed of 100" in _page(client)
    db.session.delete(db.session.scalars(db.select(Signature)).first())
    db.session.commit()
    assert "2 signed of 100" in _page(client)


def test_events_actions_pledges_and_petition_changes_show_at_once(client, case, users):
    _page(client)
    factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=4, actor=users["legal"],
                         location="Courtroom 7 Example", visibility=Visibility.PUBLIC)
    assert "Courtroom 7 Example" in _page(client)
    action = factories.make_action(case, users["campaign"], title="Vigil at the field office", needed=10)
    assert "Vigil at the field office" in _page(client)
    congregation = factories.make_congregation("Fictional Grace Church")
    db.session.add(Pledge(action=action, congregation=congregation, people=4, source=PledgeSource.PORTAL))
    db.session.commit()
    page = _page(client)
    assert "4 of 10 people pledged" in page and "Fictional Grace Church" in page
    congregation.name = "Fictional Grace Chapel"
    db.session.commit()
    assert "Fictional Grace Chapel" in _page(client)
    petition = db.session.scalars(db.select(Petition)).one()
    petition.title = "Let Ana stay, we ask"
    db.session.commit()
    assert "Let Ana stay, we ask" in _page(client)


def test_a_kept_page_lapses_when_its_first_listed_event_starts(client, case, users, monkeypatch):
    event = factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=2, actor=users["legal"],
                                 location="Courtroom 9 Example", visibility=Visibility.PUBLIC)
    assert "Courtroom 9 Example" in _page(client)
    later = event.starts_at + timedelta(minutes=1)
    monkeypatch.setattr(page_cache, "utcnow", lambda: later)
    monkeypatch.setattr(campaigns, "utcnow", lambda: later)
    assert "Courtroom 9 Example" not in _page(client)


def test_a_message_for_one_visitor_is_shown_to_them_and_never_kept(client, app, case):
    _page(client)
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "A message for one visitor")]
    assert "A message for one visitor" in _page(client)
    assert "A message for one visitor" not in _page(client)
    assert "A message for one visitor" not in _page(app.test_client())


def test_each_language_is_kept_apart(client, case):
    english = client.get(f"/c/{SLUG}?lang=en").get_data(as_text=True)
    spanish = client.get(f"/c/{SLUG}?lang=es").get_data(as_text=True)
    assert 'lang="en"' in english and 'lang="es"' in spanish


def test_unpublishing_takes_a_kept_page_down_at_once(client, case):
    _page(client)
    campaign = db.session.scalars(db.select(Campaign)).one()
    campaign.published = False
    db.session.commit()
    assert client.get(f"/c/{SLUG}").status_code == 404


def test_a_consent_recheck_alone_gives_the_page_a_new_version(client, case):
    # One version for the page (no separate consent counter): a re-check that
    # changes no record the page shows still renews it, so no kept page outlives it.
    _page(client)
    before = db.session.scalars(db.select(Campaign.page_version)).one()
    fitness.recheck(db.session.get(Case, case.id))
    db.session.commit()
    assert db.session.scalars(db.select(Campaign.page_version)).one() != before
    assert "Ana has lived here for years." in _page(client)


def test_the_page_version_changes_only_for_the_campaign_concerned(app, case, users):
    other = factories.consenting_case(name="Beto Other Example")
    factories.make_campaign(other, slug="keep-beto-home")
    before = dict(db.session.execute(db.select(Campaign.slug, Campaign.page_version)).all())
    case.person.preferred_name = "Anita"
    db.session.commit()
    after = dict(db.session.execute(db.select(Campaign.slug, Campaign.page_version)).all())
    assert after[SLUG] != before[SLUG]
    assert after["keep-beto-home"] == before["keep-beto-home"]


def test_signature_counter_follows_every_way_a_signature_comes_or_goes(app, case, users):
    petition = db.session.scalars(db.select(Petition)).one()
    campaigns.sign(petition, name="Online Example", email="online@example.org")
    campaigns.sign(petition, name="Same Email Again", email="ONLINE@example.org")
    campaigns.sign(petition, name="Paper Without Email", email=None)
    report = campaigns.import_paper_signatures(petition, "Paper One,Chicago\nPaper Two,60608,two@example.org", users["campaign"].id)
    db.session.commit()
    assert report.added == 2
    assert campaigns.signature_count(petition) == 4 == db.session.query(Signature).count()
    db.session.delete(db.session.scalars(db.select(Signature).where(Signature.name == "Paper One")).one())
    db.session.commit()
    assert campaigns.signature_count(petition) == 3
