"""iCalendar feeds: parse with two parsers, carry time zones and stable ids, show only what the owner may see."""
import re

import icalendar
import pytest
import vobject

from tests import factories
from tracker.actions.models import ActionKind, Pledge, PledgeSource
from tracker.calendar.models import CalendarFeed
from tracker.extensions import db
from tracker.timeline.models import EventKind


def _feed_url(client) -> str:
    client.submit("/account/calendars")
    page = client.text("/account")
    return re.search(r'value="http://localhost(/calendar/[^"]+\.ics)"', page).group(1)


def _events(body: bytes) -> list:
    return [component for component in icalendar.Calendar.from_ical(body).walk("VEVENT")]


def test_a_feed_parses_with_two_parsers_and_keeps_zones_and_whole_days(login_as, users, client):
    chicago = factories.make_case(factories.make_person("Chicago Example", a_number="999-888-001", address="8 Hidden St",
                                                        legal_notes="Secret-note-Q"), team=[users["legal"]])
    west = factories.make_case(factories.make_person("West Example", a_number="999-888-002"), team=[users["legal"]],
                               timezone="America/Los_Angeles")
    factories.make_event(chicago, EventKind.MASTER_CALENDAR_HEARING, days=5, actor=users["legal"], notes="Secret-note-Q")
    factories.make_event(west, EventKind.ICE_CHECK_IN, days=6, actor=users["legal"])
    factories.make_event(chicago, EventKind.FILING_DEADLINE, days=7, at=None, actor=users["legal"])
    url = _feed_url(login_as("legal"))
    body = client.get(url).data
    parsed = vobject.readOne(body.decode("utf-8"))
    assert len(parsed.vevent_list) == 3
    by_summary = {str(event.get("summary")): event for event in _events(body)}
    hearing = next(event for summary, event in by_summary.items() if summary.startswith("Master calendar hearing"))
    check_in = next(event for summary, event in by_summary.items() if summary.startswith("ICE check-in"))
    deadline = next(event for summary, event in by_summary.items() if summary.startswith("Filing deadline"))
    assert hearing["DTSTART"].params["TZID"] == "America/Chicago" and hearing.decoded("DTSTART").hour == 9
    assert check_in["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert deadline["DTSTART"].params.get("VALUE") == "DATE"
    assert b"VTIMEZONE" in body
    for secret in (b"999-888-001", b"999888001", b"8 Hidden St", b"Secret-note-Q"):
        assert secret not in body


def test_uids_stay_the_same_after_an_edit(login_as, users, client):
    case = factories.make_case(team=[users["legal"]])
    hearing = factories.make_event(case, days=5, actor=users["legal"])
    legal = login_as("legal")
    url = _feed_url(legal)
    before = {str(event["UID"]) for event in _events(client.get(url).data)}
    from tracker.timeline import services

    services.update_event(hearing, users["legal"], location="New courtroom")
    db.session.commit()
    after = _events(client.get(url).data)
    assert {str(event["UID"]) for event in after} == before
    assert str(after[0]["LOCATION"]) == "New courtroom"


def test_a_feed_carries_only_the_owners_cases(login_as, users, client):
    mine = factories.make_case(factories.make_person("Mine Feed Example"), team=[users["legal"]])
    theirs = factories.make_case(factories.make_person("Theirs Feed Example"), team=[])
    factories.make_event(mine, days=3, actor=users["legal"])
    factories.make_event(theirs, days=3, actor=users["admin"])
    body = client.get(_feed_url(login_as("legal"))).data.decode()
    assert "Mine" in body and "Theirs" not in body


def test_revoked_regenerated_and_orphaned_feeds_answer_404(login_as, users, client):
    case = factories.make_case(team=[users["legal"]])
    legal = login_as("legal")
    url = _feed_url(legal)
    feed = CalendarFeed.query.one()
    legal.submit(f"/calendars/{feed.id}/regenerate")
    assert client.get(url).status_code == 404
    new_feed = CalendarFeed.query.filter_by(revoked_at=None).one()
    assert client.get(f"/calendar/{new_feed.token}.ics").status_code == 200
    legal.submit(f"/calendars/{new_feed.id}/revoke")
    assert client.get(f"/calendar/{new_feed.token}.ics").status_code == 404
    legal.submit(f"/cases/{case.id}/calendar")
    case_feed = CalendarFeed.query.filter_by(case_id=case.id).one()
    assert client.get(f"/calendar/{case_feed.token}.ics").status_code == 200
    case.team.remove(users["legal"])
    db.session.commit()
    assert client.get(f"/calendar/{case_feed.token}.ics").status_code == 404


def test_a_disabled_users_feed_stops(login_as, users, client):
    url = _feed_url(login_as("legal"))
    users["legal"].active = False
    db.session.commit()
    assert client.get(url).status_code == 404


def test_a_congregation_feed_has_its_public_pledged_actions_only(login_as, users, client):
    case = factories.live_campaign_case(team=[users["campaign"]])
    congregation = factories.make_congregation(coordinator=users["congregation"])
    public = factories.make_action(case, users["campaign"], title="Public vigil QRS")
    internal = factories.make_action(case, users["campaign"], kind=ActionKind.CHECK_IN_ACCOMPANIMENT, public=False,
                                     title="Internal check-in QRS", place="Hidden office QRS")
    factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=4, actor=users["campaign"])
    for action in (public, internal):
        db.session.add(Pledge(action=action, congregation=congregation, people=3, source=PledgeSource.STAFF))
    db.session.commit()
    body = client.get(_feed_url(login_as("congregation"))).data.decode()
    assert "Public vigil QRS" in body
    assert "Internal check-in QRS" not in body and "Hidden office QRS" not in body and "hearing" not in body.lower()
    vobject.readOne(body)


@pytest.mark.parametrize("token", ["nonsense", "a" * 43])
def test_an_unknown_token_answers_404(client, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404
