"""Each role, on each page of a case on its team and of a case that is not."""
import re

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.pages import visible_text
from tracker.extensions import db
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


# list page -> roles that see the case of their own team there
LISTS = ["/", "/cases", "/people", "/campaigns"]


@pytest.mark.parametrize("role", ["legal", "campaign", "outsider"])
def test_list_pages_never_list_another_teams_case(world, login_as, role):
    client = login_as(role)
    for page in LISTS:
        html = visible_text(client.text(page))
        assert "Theirs Example" not in html, f"{role} sees another team's case on {page}"
        assert "999-111-002" not in html
    found = visible_text(client.submit("/search", {"q": "Example"}).get_data(as_text=True))
    assert "Theirs Example" not in found
    if role != "outsider":
        assert "Mine Example" in visible_text(client.text("/cases"))
        assert "Mine Example" in visible_text(client.text("/people"))
    else:
        assert "Mine Example" not in visible_text(client.text("/cases"))


def test_the_admin_lists_every_teams_case(world, login_as):
    html = visible_text(login_as("admin").text("/cases"))
    assert "Mine Example" in html and "Theirs Example" in html


def _rows() -> dict[str, int]:
    """How many records each table holds, audit entries of refusals aside."""
    counts = {}
    for table in db.metadata.sorted_tables:
        query = select(func.count()).select_from(table)
        if table.name == "audit_entries":
            query = query.where(table.c.action != "access.denied")
        counts[table.name] = db.session.scalar(query)
    return counts


def _valid_forms(world) -> list[tuple[str, str, dict]]:
    """(role, url, a form that would store something if the role were let through)."""
    mine, event = world["mine"], world["event"]
    check_in = {"kind": "ice_check_in", "title": "", "day": "2030-01-07", "start_time": "09:00", "end_time": "",
                "timezone": "America/Chicago", "location": "ICE office", "outcome": "", "notes": "", "visibility": "internal",
                "decided_by": ""}
    filing = {"kind": "bond_request", "status": "drafting", "filed_on": "", "decided_on": "", "receipt_number": "", "notes": ""}
    return [
        ("campaign", f"/cases/{mine.id}/events/new", check_in),
        ("campaign", f"/cases/{mine.id}/filings/new", filing),
        ("campaign", f"/events/{event.id}/verify", {}),
        ("campaign", f"/events/{event.id}/remove", {"reason": "mistake"}),
        ("campaign", f"/people/{mine.person_id}/edit", {"legal_name": "Renamed Example", "no_a_number": "y",
                                                        "detention_status": "not_detained"}),
        ("outsider", f"/cases/{mine.id}/events/new", check_in),
        ("outsider", f"/cases/{world['theirs'].id}/filings/new", filing),
        ("congregation", f"/cases/{mine.id}/actions/new", {"kind": "vigil", "title": "Vigil", "day": "2030-01-07",
                                                           "start_time": "18:00", "timezone": "America/Chicago"}),
        ("legal", "/admin/users/new", {"email": "new.person@example.test", "name": "New Person", "role": "legal",
                                       "congregation_id": "0"}),
    ]


def test_a_refused_post_writes_nothing(world, login_as):
    for role, url, form in _valid_forms(world):
        client = login_as(role)
        before = _rows()
        response = client.submit(url, form)
        assert response.status_code in (403, 404), f"{role} POST {url}: {response.status_code}"
        assert _rows() == before, f"{role} POST {url} wrote something"
    assert AuditEntry.query.filter_by(action="access.denied").count() == len(_valid_forms(world))
