"""Each role, on each page of a case on its team and of a case that is not."""
import re

import pytest

from tests import factories
from tracker.security.audit import AuditEntry
from tracker.timeline.models import EventKind

ALL = ("admin", "legal", "campaign", "congregation", "outsider")


@pytest.fixture
def world(app, users):
    mine = factories.make_case(factories.make_person("Mine Example", a_number="999-111-001"),
                               team=[users["legal"], users["campaign"]])
    theirs = factories.make_case(factories.make_person("Theirs Example", a_number="999-111-002"), team=[])
    event = factories.make_event(mine, EventKind.MASTER_CALENDAR_HEARING, days=5, actor=users["legal"])
    other_event = factories.make_event(theirs, EventKind.ICE_CHECK_IN, days=5, actor=users["admin"])
    return {"mine": mine, "theirs": theirs, "event": event, "other_event": other_event}


# page -> expected status for admin, legal, campaign, congregation, outsider (legal, on no team)
PAGES = {
    "/": (200, 200, 200, 200, 200),
    "/cases": (200, 200, 200, 403, 200),
    "/people": (200, 200, 200, 403, 200),
    "/cases/{mine}": (200, 200, 200, 403, 404),
    "/cases/{theirs}": (200, 404, 404, 403, 404),
    "/people/{mine_person}": (200, 200, 200, 403, 404),
    "/cases/{mine}/edit": (200, 200, 403, 403, 404),
    "/people/{mine_person}/edit": (200, 200, 403, 403, 404),
    "/cases/{mine}/events/new": (200, 200, 403, 403, 404),
    "/cases/{mine}/filings/new": (200, 200, 403, 403, 404),
    "/events/{event}/edit": (200, 200, 403, 403, 404),
    "/events/{event}/history": (200, 200, 200, 403, 404),
    "/events/{other_event}/history": (200, 404, 404, 403, 404),
    "/people/new": (200, 200, 403, 403, 200),
    "/cases/{mine}/campaign": (200, 200, 200, 403, 404),
    "/cases/{mine}/petition": (302, 302, 302, 403, 404),
    "/cases/{mine}/letters": (200, 200, 200, 403, 404),
    "/cases/{mine}/actions": (200, 200, 200, 403, 404),
    "/cases/{mine}/packets": (200, 200, 200, 403, 404),
    "/admin/users": (200, 403, 403, 403, 403),
    "/admin/audit": (200, 403, 403, 403, 403),
    "/admin/users/new": (200, 403, 403, 403, 403),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_each_role_gets_what_it_may_see_and_nothing_else(world, login_as, page):
    url = page.format(mine=world["mine"].id, theirs=world["theirs"].id, mine_person=world["mine"].person_id,
                      event=world["event"].id, other_event=world["other_event"].id)
    for role, expected in zip(ALL, PAGES[page], strict=True):
        assert login_as(role).get(url).status_code == expected, f"{role} on {url}"


def test_a_case_of_another_team_looks_like_a_missing_one_and_the_attempt_is_audited(world, login_as, users):
    client = login_as("legal")
    missing = client.get("/cases/999999")
    hidden = client.get(f"/cases/{world['theirs'].id}")
    assert missing.status_code == hidden.status_code == 404

    def page(response):  # the same page, but for the per-page form token
        return re.sub(r'(name="csrf-token" content|name="csrf_token" value)="[^"]+"', "", response.get_data(as_text=True))

    assert page(missing) == page(hidden)
    denied = AuditEntry.query.filter_by(action="access.denied", user_id=users["legal"].id).all()
    assert any(f"/cases/{world['theirs'].id}" in entry.detail for entry in denied)


def test_campaign_leads_cannot_change_the_legal_record(world, login_as):
    client = login_as("campaign")
    case = world["mine"]
    assert client.submit(f"/cases/{case.id}/events/new", {"kind": "note", "day": "2030-01-01"}).status_code == 403
    assert client.submit(f"/events/{world['event'].id}/verify").status_code == 403
    assert client.submit(f"/cases/{case.id}/filings/new", {"kind": "bond_request", "status": "drafting"}).status_code == 403
