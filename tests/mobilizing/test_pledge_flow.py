"""Pledges from the coordinator portal and the campaign page, through every state."""
import re

import pytest

from tests import factories
from tests.pages import visible_text
from tracker.actions.models import ActionKind, Pledge, PledgeSource, PledgeStatus
from tracker.extensions import db
from tracker.security.audit import AuditEntry


@pytest.fixture
def setup(app, users):
    case = factories.live_campaign_case(team=[users["campaign"]])
    congregation = factories.make_congregation(coordinator=users["congregation"])
    action = factories.make_action(case, users["campaign"], needed=10)
    return case, congregation, action


def _pledge(status=PledgeStatus.PLEDGED, **fields):
    return Pledge.query.filter_by(**fields).one()


def test_a_pledge_goes_from_pledged_to_confirmed_to_fulfilled(setup, login_as, users):
    case, congregation, action = setup
    coordinator, lead = login_as("congregation"), login_as("campaign")
    coordinator.submit(f"/portal/actions/{action.id}/pledge", {"people": "6", "note": "Youth group"})
    pledge = Pledge.query.one()
    assert (pledge.status, pledge.people, pledge.source) == (PledgeStatus.PLEDGED, 6, PledgeSource.PORTAL)
    lead.submit(f"/pledges/{pledge.id}/confirm")
    assert db.session.get(Pledge, pledge.id).status is PledgeStatus.CONFIRMED
    refused = coordinator.submit(f"/portal/pledges/{pledge.id}/attendance", {"attended": "5"}, follow_redirects=True)
    assert "once the action has started" in refused.get_data(as_text=True)
    action.starts_at = action.starts_at.replace(year=action.starts_at.year - 1)
    db.session.commit()
    coordinator.submit(f"/portal/pledges/{pledge.id}/attendance", {"attended": "5"})
    fulfilled = db.session.get(Pledge, pledge.id)
    assert (fulfilled.status, fulfilled.attended) == (PledgeStatus.FULFILLED, 5)


def test_pledging_again_changes_the_one_pledge_and_cancelling_works(setup, login_as):
    _, _, action = setup
    coordinator = login_as("congregation")
    coordinator.submit(f"/portal/actions/{action.id}/pledge", {"people": "4"})
    pledge = Pledge.query.one()
    coordinator.submit(f"/portal/pledges/{pledge.id}/change", {"people": "9"})
    assert Pledge.query.count() == 1 and db.session.get(Pledge, pledge.id).people == 9
    coordinator.submit(f"/portal/pledges/{pledge.id}/cancel")
    assert db.session.get(Pledge, pledge.id).status is PledgeStatus.CANCELLED
    staff = login_as("campaign")
    refused = staff.submit(f"/pledges/{pledge.id}/confirm", follow_redirects=True)
    assert "Only a pledged pledge can be confirmed" in refused.get_data(as_text=True)


@pytest.mark.parametrize("people", ["0", "501", "many"])
def test_an_impossible_number_of_people_is_refused(setup, login_as, people):
    _, _, action = setup
    response = login_as("congregation").submit(f"/portal/actions/{action.id}/pledge", {"people": people})
    assert response.status_code == 400 and Pledge.query.count() == 0
    assert re.search(r"Between 1 and 500 people|How many people|Not a valid integer", response.get_data(as_text=True))


def test_over_pledging_is_allowed_and_shown(setup, login_as, users, client):
    case, congregation, action = setup
    other = factories.make_congregation("Second Example Church")
    for place, people in ((congregation, 8), (other, 7)):
        db.session.add(Pledge(action=action, congregation=place, people=people, source=PledgeSource.PORTAL))
    db.session.commit()
    assert "15 of 10 people pledged (over by 5)" in visible_text(login_as("campaign").text(f"/actions/{action.id}"))
    assert "15 of 10 people pledged" in visible_text(client.text("/c/live-campaign"))


def test_a_coordinator_sees_and_changes_only_their_own_pledges(setup, login_as, users):
    _, _, action = setup
    other = factories.make_congregation("Other Example Mosque")
    theirs = Pledge(action=action, congregation=other, people=3, source=PledgeSource.PORTAL)
    db.session.add(theirs)
    db.session.commit()
    coordinator = login_as("congregation")
    assert "Other Example Mosque" not in coordinator.text("/")
    assert coordinator.submit(f"/portal/pledges/{theirs.id}/cancel").status_code == 404
    assert db.session.get(Pledge, theirs.id).status is PledgeStatus.PLEDGED
    assert AuditEntry.query.filter(AuditEntry.action == "access.denied", AuditEntry.detail.like("%another congregation%")).count() == 1


def test_internal_actions_and_hidden_campaigns_are_not_open_to_congregations(setup, login_as, users, client):
    case, _, public_action = setup
    internal = factories.make_action(case, users["campaign"], kind=ActionKind.CHECK_IN_ACCOMPANIMENT, public=False,
                                     title="Private check-in XYZ", place="Secret office XYZ")
    hidden_case = factories.consenting_case(name="Unpublished Example")
    factories.make_campaign(hidden_case, slug="unpublished", published=False)
    hidden = factories.make_action(hidden_case, users["campaign"], title="Unpublished vigil XYZ")
    coordinator = login_as("congregation")
    portal = coordinator.text("/")
    assert public_action.title in portal
    assert "Private check-in XYZ" not in portal and "Unpublished vigil XYZ" not in portal
    for action in (internal, hidden):
        assert coordinator.submit(f"/portal/actions/{action.id}/pledge", {"people": "2"}).status_code == 404
    public_pages = client.text("/c/live-campaign") + client.text("/c/live-campaign/pledge")
    assert "Private check-in XYZ" not in public_pages and "Secret office XYZ" not in public_pages


def test_a_coordinator_without_a_congregation_gets_a_clear_page(login_as, users):
    assert "not linked to a congregation" in login_as("congregation").text("/")


def test_the_public_pledge_form_lands_as_pledged_for_a_lead_to_confirm(setup, client, login_as):
    _, _, action = setup
    bad = client.submit("/c/live-campaign/pledge", {"action_id": str(action.id), "supporter_name": "", "contact": "", "people": "3"})
    assert "Say who is pledging" in bad.get_data(as_text=True) and Pledge.query.count() == 0
    client.submit("/c/live-campaign/pledge", {"action_id": str(action.id), "supporter_name": "Students Example",
                                               "contact": "students@example.org", "people": "12", "note": ""})
    pledge = Pledge.query.one()
    assert (pledge.source, pledge.status, pledge.supporter_name) == (PledgeSource.PUBLIC, PledgeStatus.PLEDGED, "Students Example")
    assert "students@example.org" in login_as("campaign").text(f"/actions/{action.id}")
    assert "students@example.org" not in client.text("/c/live-campaign")
    client.submit("/c/live-campaign/pledge", {"action_id": str(action.id), "supporter_name": "Bot", "contact": "x",
                                               "people": "5", "website": "http://spam.example"})
    assert Pledge.query.count() == 1


def test_only_congregations_that_agreed_are_named_in_public(setup, client, login_as):
    _, congregation, action = setup
    private = factories.make_congregation("Quiet Example Meeting", listed=False)
    for place in (congregation, private):
        db.session.add(Pledge(action=action, congregation=place, people=2, source=PledgeSource.PORTAL))
    db.session.commit()
    page = client.text("/c/live-campaign")
    assert congregation.name in page and "Quiet Example Meeting" not in page
