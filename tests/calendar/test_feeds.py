"""Calendar feeds (/calendar/<token>.ics): read by two independent parsers (icalendar and
vobject), times in the right zone with VTIMEZONE definitions, stable UIDs, only what the
feed's owner may see, and tokens that stop working when revoked, replaced or orphaned."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from sqlalchemy import select

from tests import factories
from tracker.actions.models import ActionKind, Pledge, PledgeSource, PledgeStatus
from tracker.calendar.models import CalendarFeed
from tracker.cases.models import ConsentLevel
from tracker.extensions import db
from tracker.timeline.models import EventKind
from tracker.timeline.services import today_in

CHICAGO, LOS_ANGELES = "America/Chicago", "America/Los_Angeles"


# --- Helpers ---------------------------------------------------------------------------------------


def _new_feed(client, case=None) -> str:
    """Create a feed as the signed-in user (theirs, or a case's) and return its path, as copied from /account."""
    client.submit(f"/cases/{case.id}/calendar" if case else "/account/calendars")
    feed = db.session.scalars(select(CalendarFeed).order_by(CalendarFeed.id.desc())).first()
    path = f"/calendar/{feed.token}.ics"
    assert f"http://localhost{path}" in client.text("/account")
    return path


def _fetch(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    assert response.mimetype == "text/calendar"
    assert "no-store" in response.headers["Cache-Control"]
    return response.get_data(as_text=True)


def _vevents(body: str) -> dict[str, icalendar.Event]:
    """The VEVENTs by UID, read by icalendar."""
    return {str(entry["UID"]): entry for entry in icalendar.Calendar.from_ical(body).walk("VEVENT")}


def _vobject_events(body: str) -> dict[str, object]:
    """The VEVENTs by UID, read by vobject (which resolves TZIDs through the feed's own VTIMEZONEs)."""
    calendar = vobject.readOne(body)
    return {entry.uid.value: entry for entry in getattr(calendar, "vevent_list", [])}


def _zones(body: str) -> set[str]:
    ical = {str(zone["TZID"]) for zone in icalendar.Calendar.from_ical(body).walk("VTIMEZONE")}
    vobj = {zone.tzid.value for zone in getattr(vobject.readOne(body), "vtimezone_list", [])}
    assert ical == vobj
    return ical


def _searchable(body: str) -> str:
    """The feed's text unfolded and unescaped, so that nothing hides across a folded line."""
    return body.replace("\r\n ", "").replace("\r\n\t", "").replace("\\,", ",").replace("\\;", ";").replace("\\n", " ")


def _in_zone(entry, event, zone: str) -> None:
    """Both parsers read the event's instant, in its zone, with the zone's TZID."""
    start = entry.dtstart.value
    assert isinstance(start, datetime) and start.tzinfo is not None
    assert start == event.starts_at  # vobject computed the offset from the VTIMEZONE in the feed
    assert start.utcoffset() == event.starts_at.astimezone(ZoneInfo(zone)).utcoffset()
    assert (start.hour, start.minute) == (event.local_start.hour, event.local_start.minute)
    assert entry.dtstart.params.get("X-VOBJ-ORIGINAL-TZID", entry.dtstart.params.get("TZID")) == [zone]


# --- Parsers, zones and whole days ---------------------------------------------------------------------


@pytest.fixture
def two_zones(app, users):
    legal = users["legal"]
    chicago = factories.make_case(factories.make_person("Beatriz Example Solano"), team=[legal])
    west = factories.make_case(factories.make_person("Joaquín Example Ortega"), team=[legal], timezone=LOS_ANGELES)
    return SimpleNamespace(
        chicago=chicago,
        west=west,
        hearing=factories.make_event(chicago, EventKind.MASTER_CALENDAR_HEARING, days=5, at=time(9, 0), actor=legal,
                                     location="Fictional Immigration Court"),
        check_in=factories.make_event(west, EventKind.ICE_CHECK_IN, days=6, at=time(10, 15), actor=legal),
        deadline=factories.make_event(chicago, EventKind.FILING_DEADLINE, days=20, at=None, actor=legal),
    )


def test_a_users_feed_reads_the_same_in_two_parsers_with_each_cases_zone(two_zones, login_as, client):
    body = _fetch(client, _new_feed(login_as("legal")))
    by_ical, by_vobject = _vevents(body), _vobject_events(body)
    uids = {f"event-{event.id}@localhost" for event in (two_zones.hearing, two_zones.check_in, two_zones.deadline)}
    assert set(by_ical) == set(by_vobject) == uids
    assert _zones(body) == {CHICAGO, LOS_ANGELES}

    hearing_uid, check_in_uid, deadline_uid = (f"event-{event.id}@localhost" for event in
                                               (two_zones.hearing, two_zones.check_in, two_zones.deadline))
    _in_zone(by_vobject[hearing_uid], two_zones.hearing, CHICAGO)
    _in_zone(by_vobject[check_in_uid], two_zones.check_in, LOS_ANGELES)
    assert by_ical[hearing_uid]["DTSTART"].params["TZID"] == CHICAGO
    assert by_ical[check_in_uid]["DTSTART"].params["TZID"] == LOS_ANGELES
    assert by_ical[check_in_uid].decoded("DTSTART") == two_zones.check_in.starts_at
    assert by_ical[check_in_uid].decoded("DTEND") - by_ical[check_in_uid].decoded("DTSTART") == timedelta(hours=1)
    assert str(by_ical[hearing_uid]["SUMMARY"]).startswith("Master calendar hearing — Beatriz (case ")
    assert str(by_ical[hearing_uid]["LOCATION"]) == "Fictional Immigration Court"

    deadline = by_vobject[deadline_uid]
    assert type(deadline.dtstart.value) is date and deadline.dtstart.value == two_zones.deadline.local_date
    assert type(deadline.dtend.value) is date and deadline.dtend.value == two_zones.deadline.local_date + timedelta(days=1)
    assert by_ical[deadline_uid]["DTSTART"].params.get("VALUE") == "DATE"
    assert "DTSTART;VALUE=DATE:" + two_zones.deadline.local_date.strftime("%Y%m%d") in body


def test_an_evening_check_in_in_los_angeles_is_not_shifted_to_the_next_day(app, users, login_as, client):
    west = factories.make_case(factories.make_person("Noemí Example Paz"), team=[users["legal"]], timezone=LOS_ANGELES)
    late = factories.make_event(west, EventKind.ICE_CHECK_IN, days=3, at=time(21, 30), actor=users["legal"])
    body = _fetch(client, _new_feed(login_as("legal")))
    entry = _vobject_events(body)[f"event-{late.id}@localhost"]
    _in_zone(entry, late, LOS_ANGELES)
    assert entry.dtstart.value.date() == today_in(LOS_ANGELES) + timedelta(days=3)  # in UTC it is the next day


# --- Stable UIDs -------------------------------------------------------------------------------------


def test_uids_stay_the_same_across_fetches_and_after_edits(two_zones, login_as, client, users):
    legal = login_as("legal")
    path = _new_feed(legal)
    first, second = _vevents(_fetch(client, path)), _vevents(_fetch(client, path))
    assert set(first) == set(second) and len(first) == 3

    hearing = two_zones.hearing
    new_day = hearing.local_date + timedelta(days=2)
    response = legal.submit(f"/events/{hearing.id}/edit", {
        "kind": "master_calendar_hearing", "title": "", "day": new_day.isoformat(), "start_time": "13:00", "end_time": "",
        "timezone": CHICAGO, "location": "Fictional Immigration Court, Courtroom 7", "outcome": "", "notes": "",
        "visibility": "internal", "decided_by": ""})
    assert response.status_code == 302
    after = _vevents(_fetch(client, path))
    assert set(after) == set(first)
    moved = after[f"event-{hearing.id}@localhost"]
    assert moved.decoded("DTSTART") == datetime.combine(new_day, time(13, 0), tzinfo=ZoneInfo(CHICAGO))
    assert str(moved["LOCATION"]) == "Fictional Immigration Court, Courtroom 7"
    assert int(moved["SEQUENCE"]) >= int(first[f"event-{hearing.id}@localhost"]["SEQUENCE"])


def test_an_actions_uid_stays_the_same_after_it_is_edited(app, users, login_as, client):
    case = factories.make_case(factories.make_person("Camila Example Ruiz"), team=[users["campaign"]], timezone=LOS_ANGELES)
    action = factories.make_action(case, users["campaign"], title="Vigil at the detention center", days=4)
    lead = login_as("campaign")
    path = _new_feed(lead, case)
    before = _vevents(_fetch(client, path))
    assert set(before) == {f"action-{action.id}@localhost"}
    lead.submit(f"/actions/{action.id}/edit", {
        "kind": "vigil", "title": "Vigil at the detention center (moved)", "day": action.local_start.date().isoformat(),
        "start_time": "19:00", "end_time": "21:00", "timezone": LOS_ANGELES, "place": "", "description": "",
        "people_needed": "10", "is_public": "y", "call_number": "", "call_hours": "", "script": ""})
    after = _vevents(_fetch(client, path))
    assert set(after) == set(before)
    entry = after[f"action-{action.id}@localhost"]
    assert str(entry["SUMMARY"]).startswith("Vigil at the detention center (moved)")
    assert entry["DTSTART"].params["TZID"] == LOS_ANGELES and entry.decoded("DTSTART").hour == 19


# --- Only what the owner may see -----------------------------------------------------------------------


def test_a_users_feed_has_only_their_cases_hearings_check_ins_and_deadlines(app, users, login_as, client):
    legal, outsider = users["legal"], users["outsider"]
    mine = factories.make_case(factories.make_person("Mine Example Lopez"), team=[legal])
    theirs = factories.make_case(factories.make_person("Theirs Example Haddad"), team=[outsider])
    wanted = [
        factories.make_event(mine, EventKind.INDIVIDUAL_HEARING, days=4, actor=legal),
        factories.make_event(mine, EventKind.BOND_HEARING, days=5, actor=legal),
        factories.make_event(mine, EventKind.ICE_CHECK_IN, days=8, actor=legal),
        factories.make_event(mine, EventKind.FILING_DEADLINE, days=12, at=None, actor=legal),
    ]
    factories.make_event(mine, EventKind.NOTE, days=2, actor=legal, title="Called the family")
    factories.make_event(mine, EventKind.FILING_SUBMITTED, days=-1, actor=legal, title="Stay request filed")
    theirs_hearing = factories.make_event(theirs, EventKind.MASTER_CALENDAR_HEARING, days=4, actor=outsider)
    factories.make_event(theirs, EventKind.ICE_CHECK_IN, days=6, actor=outsider)

    body = _fetch(client, _new_feed(login_as("legal")))
    assert set(_vevents(body)) == {f"event-{event.id}@localhost" for event in wanted}
    assert set(_vobject_events(body)) == set(_vevents(body))
    assert "Theirs" not in body and "Called the family" not in body and "Stay request filed" not in body

    other_body = _fetch(client, _new_feed(login_as("outsider")))
    assert f"event-{theirs_hearing.id}@localhost" in _vevents(other_body) and "Mine" not in other_body


def test_a_case_feed_stops_when_its_owner_leaves_the_team(app, users, login_as, client):
    case = factories.make_case(factories.make_person("Rafael Example Soto"), team=[users["legal"]])
    hearing = factories.make_event(case, EventKind.MASTER_CALENDAR_HEARING, days=9, actor=users["legal"])
    internal = factories.make_action(case, users["legal"], kind=ActionKind.CHECK_IN_ACCOMPANIMENT, public=False,
                                     title="Go with Rafael")
    legal = login_as("legal")
    case_path, mine_path = _new_feed(legal, case), _new_feed(legal)
    assert set(_vevents(_fetch(client, case_path))) == {f"event-{hearing.id}@localhost", f"action-{internal.id}@localhost"}

    login_as("admin").submit(f"/cases/{case.id}/team/{users['legal'].id}/remove")
    assert client.get(case_path).status_code == 404
    assert _vevents(_fetch(client, mine_path)) == {}


def test_a_revoked_token_and_a_replaced_token_answer_404(app, users, login_as, client):
    case = factories.make_case(team=[users["legal"]])
    factories.make_event(case, days=3, actor=users["legal"])
    legal = login_as("legal")
    old_path = _new_feed(legal)
    _fetch(client, old_path)
    old = db.session.scalars(select(CalendarFeed)).one()

    legal.submit(f"/calendars/{old.id}/regenerate")
    assert client.get(old_path).status_code == 404
    new = db.session.scalars(select(CalendarFeed).where(CalendarFeed.revoked_at.is_(None))).one()
    new_path = f"/calendar/{new.token}.ics"
    assert new.token != old.token and len(new.token) >= 40
    assert len(_vevents(_fetch(client, new_path))) == 1
    account = legal.text("/account")
    assert new_path in account and old_path not in account

    assert login_as("outsider").submit(f"/calendars/{new.id}/revoke").status_code == 404  # not theirs
    _fetch(client, new_path)
    legal.submit(f"/calendars/{new.id}/revoke")
    assert client.get(new_path).status_code == 404 and client.get(old_path).status_code == 404
    assert new_path not in legal.text("/account")


def test_a_disabled_users_feed_answers_404(app, users, login_as, client):
    path = _new_feed(login_as("legal"))
    _fetch(client, path)
    login_as("admin").submit(f"/admin/users/{users['legal'].id}/disable")
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("token", ["nonsense", "x" * 43, "%00"])
def test_an_unknown_token_answers_404(app, client, token):
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_feeds_never_carry_an_a_number_legal_notes_or_addresses(app, users, login_as, client):
    person = factories.make_person("Esperanza Example Lindqvist", a_number="999-412-356", address="77 Fictional Hideaway Lane",
                                   phone="(555) 010-7788", legal_notes="Asylum-claim-strategy-note",
                                   criminal_history="Traffic-ticket-history")
    case = factories.make_case(person, team=[users["legal"], users["campaign"]], consent=ConsentLevel.FULL_NAME)
    factories.make_campaign(case, slug="keep-esperanza-home")
    factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=6, actor=users["legal"], notes="Judge-notes-secret",
                         outcome="Outcome-secret")
    call_in = factories.make_action(case, users["campaign"], kind=ActionKind.CALL_IN_DAY, title="Call-in day for Esperanza",
                                    call_number="(555) 010-0100",
                                    script="Please grant a stay for Esperanza, A-number 999-412-356.")
    congregation = factories.make_congregation(coordinator=users["congregation"])
    db.session.add(Pledge(action=call_in, congregation=congregation, people=12, source=PledgeSource.PORTAL))
    db.session.commit()

    bodies = {
        "legal": _fetch(client, _new_feed(login_as("legal"))),
        "case": _fetch(client, _new_feed(login_as("legal"), case)),
        "campaign": _fetch(client, _new_feed(login_as("campaign"))),
        "congregation": _fetch(client, _new_feed(login_as("congregation"))),
    }
    assert "Call-in day for Esperanza" in _searchable(bodies["congregation"])
    secrets = ["999-412-356", "999412356", "412-356", "Fictional Hideaway", "010-7788", "Asylum-claim", "Traffic-ticket",
               "Judge-notes", "Outcome-secret"]
    for name, body in bodies.items():
        text = _searchable(body)
        # The team's calendars name the person by first name only; a congregation sees the public name.
        for secret in secrets + (["Lindqvist"] if name != "congregation" else []):
            assert secret not in text, f"{secret!r} in the {name} feed"
        assert len(vobject.readOne(body).vevent_list) >= 1


# --- Congregation feeds --------------------------------------------------------------------------------


def test_a_congregation_feed_has_only_its_pledged_public_actions(app, users, login_as, client):
    lead = users["campaign"]
    case = factories.live_campaign_case(team=[lead], slug="keep-lucia-home", name="Lucía Example Marín")
    case.timezone = LOS_ANGELES
    db.session.commit()
    mine = factories.make_congregation("Fictional Baptist Church", coordinator=users["congregation"])
    other = factories.make_congregation("Fictional Zen Center")
    draft = factories.consenting_case(team=[lead], name="Draft Example Case")
    factories.make_campaign(draft, slug="draft-campaign", published=False)
    withdrawn = factories.live_campaign_case(team=[lead], slug="withdrawn-campaign", name="Withdrawn Example Case")
    withdrawn.consent_level = ConsentLevel.NONE
    db.session.commit()

    def action(on_case, title, **fields):
        return factories.make_action(on_case, lead, title=title, **fields)

    wanted = action(case, "Vigil we pledged to", days=3)
    called_off = action(case, "Rally that was called off", days=5)
    others = {
        "cancelled pledge": action(case, "Vigil we withdrew from", days=4),
        "not pledged": action(case, "Vigil nobody asked us for", days=6),
        "other congregation": action(case, "Vigil of the Zen Center", days=7),
        "internal": action(case, "Check-in accompaniment", kind=ActionKind.CHECK_IN_ACCOMPANIMENT, public=False, days=2,
                           place="Fictional Field Office"),
        "draft campaign": action(draft, "Vigil of a draft campaign", days=3),
        "withdrawn consent": action(withdrawn, "Vigil after consent was withdrawn", days=3),
    }
    db.session.add_all([
        Pledge(action=wanted, congregation=mine, people=5, status=PledgeStatus.CONFIRMED, source=PledgeSource.PORTAL),
        Pledge(action=called_off, congregation=mine, people=2, source=PledgeSource.PORTAL),
        Pledge(action=others["cancelled pledge"], congregation=mine, people=3, status=PledgeStatus.CANCELLED,
               source=PledgeSource.PORTAL),
        Pledge(action=others["other congregation"], congregation=other, people=8, source=PledgeSource.PORTAL),
        Pledge(action=others["internal"], congregation=mine, people=2, status=PledgeStatus.CONFIRMED, source=PledgeSource.STAFF),
        Pledge(action=others["draft campaign"], congregation=mine, people=2, source=PledgeSource.STAFF),
        Pledge(action=others["withdrawn consent"], congregation=mine, people=2, source=PledgeSource.STAFF),
    ])
    called_off.cancelled_at = called_off.created_at
    db.session.commit()
    factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=4, actor=lead)

    coordinator = login_as("congregation")
    path = _new_feed(coordinator)
    body = _fetch(client, path)
    by_ical, by_vobject = _vevents(body), _vobject_events(body)
    assert set(by_ical) == set(by_vobject) == {f"action-{wanted.id}@localhost", f"action-{called_off.id}@localhost"}
    text = _searchable(body)
    for reason, hidden in others.items():
        assert hidden.title not in text, reason
    assert "Fictional Field Office" not in text and "hearing" not in text.lower()

    entry = by_ical[f"action-{wanted.id}@localhost"]
    assert str(entry["SUMMARY"]) == "Vigil we pledged to — 5 from our congregation"
    assert "Lucía Example Marín" in str(entry["DESCRIPTION"])
    _in_zone(by_vobject[f"action-{wanted.id}@localhost"], wanted, LOS_ANGELES)
    assert _zones(body) == {LOS_ANGELES}
    assert str(by_ical[f"action-{called_off.id}@localhost"]["STATUS"]) == "CANCELLED"  # calendar apps drop it

    # An action the team makes internal later leaves the feed.
    wanted.is_public = False
    db.session.commit()
    assert f"action-{wanted.id}@localhost" not in _vevents(_fetch(client, path))


def test_a_coordinator_has_no_case_feed(app, users, login_as):
    case = factories.live_campaign_case(team=[users["campaign"]])
    factories.make_congregation(coordinator=users["congregation"])
    assert login_as("congregation").submit(f"/cases/{case.id}/calendar").status_code == 403
    assert db.session.scalars(select(CalendarFeed)).all() == []
