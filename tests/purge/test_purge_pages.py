"""An admin purges a person, or one case, after typing the person's first name;
every other role is refused; a wrong name purges nothing and says why."""
from __future__ import annotations

import pytest

from tests import factories
from tests.pages import visible_text
from tracker.calendar import services as calendars
from tracker.cases.models import Case, Stage
from tracker.extensions import db
from tracker.people.models import Person
from tracker.security.audit import AuditEntry

NOT_ADMINS = ("legal", "campaign", "congregation", "outsider")


@pytest.fixture
def lucia(app, users):
    """A person on the legal and campaign users' team, with a public campaign."""
    case = factories.live_campaign_case(team=[users["legal"], users["campaign"]], slug="stand-with-lucia",
                                        name="Lucía Fernanda Gómez Paz")
    factories.make_event(case, days=9, actor=users["legal"])
    return case


def _exists(model, record_id) -> bool:
    db.session.expire_all()
    return db.session.get(model, record_id) is not None


@pytest.mark.parametrize("role", NOT_ADMINS)
def test_only_an_admin_may_open_or_send_a_purge(lucia, login_as, role):
    client = login_as(role)
    for url in (f"/people/{lucia.person_id}/purge", f"/cases/{lucia.id}/purge"):
        assert client.get(url).status_code == 403, url
        response = client.submit(url, {"reason": "request", "first_name": "Lucía"})
        assert response.status_code == 403, url
    assert _exists(Person, lucia.person_id) and _exists(Case, lucia.id)


def test_the_admin_sees_what_will_go_and_the_case_file_before_typing_the_name(lucia, login_as):
    page = visible_text(login_as("admin").text(f"/people/{lucia.person_id}/purge"))
    assert "Purge the record of Lucía Fernanda Gómez Paz" in page
    assert "people: 1" in page and "cases: 1" in page and "campaigns (and their public page): 1" in page
    assert "timeline entries (derived deadlines included): 1" in page
    assert f"Download the case file of case {lucia.id}" in page
    assert "Type the person's first name to confirm" in page


def test_a_wrong_first_name_purges_nothing_and_says_so_beside_the_field(lucia, login_as):
    admin = login_as("admin")
    response = admin.submit(f"/people/{lucia.person_id}/purge", {"reason": "request", "first_name": "Rosa"})

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "That is not this person&#39;s first name. Nothing was purged" in page
    assert 'value="Rosa"' in page
    assert _exists(Person, lucia.person_id) and _exists(Case, lucia.id)
    assert AuditEntry.query.filter(AuditEntry.action.startswith("purge.")).count() == 0


def test_an_empty_name_is_refused_too(lucia, login_as):
    response = login_as("admin").submit(f"/people/{lucia.person_id}/purge", {"reason": "request", "first_name": "  "})
    assert response.status_code == 400
    assert "nothing is purged without it" in response.get_data(as_text=True)
    assert _exists(Person, lucia.person_id)


def test_the_first_name_may_be_typed_without_accents_or_capitals_and_the_person_is_gone(lucia, login_as, client):
    case_id, person_id = lucia.id, lucia.person_id
    admin = login_as("admin")
    response = admin.submit(f"/people/{person_id}/purge", {"reason": "case_end", "first_name": " lucia "})

    assert response.status_code == 302 and response.headers["Location"] == "/people"
    assert "The record was purged" in admin.text("/people")
    assert admin.get(f"/people/{person_id}").status_code == 404
    assert admin.get(f"/cases/{case_id}").status_code == 404
    assert client.get("/c/stand-with-lucia").status_code == 404
    # The same form sent again finds nothing to purge.
    again = admin.submit(f"/people/{person_id}/purge", {"reason": "case_end", "first_name": "Lucía"})
    assert again.status_code == 404


def test_a_name_written_family_name_first_is_confirmed_by_the_whole_name(app, users, login_as):
    person_id = factories.make_case(factories.make_person("王小明", a_number="999-310-777"), team=[users["legal"]]).person_id
    admin = login_as("admin")
    assert admin.submit(f"/people/{person_id}/purge", {"reason": "request", "first_name": "王"}).status_code == 400
    assert admin.submit(f"/people/{person_id}/purge", {"reason": "request", "first_name": "王小明"}).status_code == 302
    assert not _exists(Person, person_id)


def test_the_calendar_feed_of_a_purged_case_stops_answering(lucia, login_as, users, client):
    token = calendars.create_feed(users["legal"], lucia).token
    db.session.commit()
    assert client.get(f"/calendar/{token}.ics").status_code == 200
    login_as("admin").submit(f"/people/{lucia.person_id}/purge", {"reason": "request", "first_name": "Lucía"})
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_purging_one_case_keeps_the_person_and_their_other_case(lucia, login_as, users):
    case_id, person_id = lucia.id, lucia.person_id
    other_id = factories.make_case(lucia.person, team=[users["legal"]], stage=Stage.BIA_APPEAL).id
    admin = login_as("admin")
    page = visible_text(admin.text(f"/cases/{case_id}/purge"))
    assert f"Purge case {case_id} of Lucía Fernanda Gómez Paz" in page
    assert "The person's record and their other cases stay." in page

    response = admin.submit(f"/cases/{case_id}/purge", {"reason": "case_end", "first_name": "Lucia"})

    assert response.status_code == 302
    assert not _exists(Case, case_id)
    assert _exists(Case, other_id) and _exists(Person, person_id)
    entry = AuditEntry.query.filter_by(action="purge.case").one()
    assert "cases 1" in entry.detail and "people" not in entry.detail


def test_purging_the_last_case_of_a_person_takes_the_person_too(lucia, login_as):
    case_id, person_id = lucia.id, lucia.person_id
    response = login_as("admin").submit(f"/cases/{case_id}/purge", {"reason": "case_end", "first_name": "Lucia"})
    assert response.status_code == 302
    assert not _exists(Person, person_id)
    assert "people 1" in AuditEntry.query.filter_by(action="purge.person").one().detail


def test_the_purge_buttons_show_for_admins_only(lucia, login_as):
    assert "Purge this record" in login_as("admin").text(f"/people/{lucia.person_id}")
    assert "Purge this case" in login_as("admin").text(f"/cases/{lucia.id}")
    for role in ("legal", "campaign"):
        assert "Purge this" not in login_as(role).text(f"/people/{lucia.person_id}")
        assert "Purge this" not in login_as(role).text(f"/cases/{lucia.id}")
