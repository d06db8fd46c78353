"""Accompaniment reports: the next date heard at a hearing or check-in becomes a proposal
that a legal volunteer accepts onto the timeline (or dismisses)."""
from __future__ import annotations

import re
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.pages import visible_text
from tracker.actions.models import AccompanimentReport, ActionKind, Pledge, PledgeSource, PledgeStatus, ProposalState
from tracker.extensions import db
from tracker.timeline.models import Event, EventKind, Visibility
from tracker.timeline.services import to_utc, today_in

ZONE = "America/Los_Angeles"
PROPOSALS = "Next dates from accompaniment reports"


@pytest.fixture
def hearing(app, users):
    """A hearing accompaniment two days ago, for a case in Los Angeles."""
    case = factories.make_case(factories.make_person("Itzel Example Cruz"), team=[users["legal"], users["campaign"]],
                               timezone=ZONE)
    action = factories.make_action(case, users["campaign"], kind=ActionKind.HEARING_ACCOMPANIMENT, days=-2,
                                   title="Pack the courtroom for Itzel", place="Fictional Immigration Court, Room 12")
    return SimpleNamespace(case=case, action=action, next_day=today_in(ZONE) + timedelta(days=45))


def _reports() -> list[AccompanimentReport]:
    return list(db.session.scalars(select(AccompanimentReport).order_by(AccompanimentReport.id)))


def _events() -> list[Event]:
    return list(db.session.scalars(select(Event).order_by(Event.id)))


def _flashes(response) -> str:
    return " ".join(visible_text(match) for match in re.findall(r'<p class="flash[^"]*">.*?</p>', response.get_data(as_text=True)))


def _proposals_panel(page: str) -> str:
    match = re.search(r'<section[^>]*aria-labelledby="proposals-h".*?</section>', page, re.S)
    return visible_text(match.group(0)) if match else ""


def _file(client, action, **fields):
    data = {"what_happened": "The judge reset the hearing; about thirty supporters filled the room.",
            "next_date": "", "next_time": ""}
    data.update(fields)
    return client.submit(f"/actions/{action.id}/reports", data, follow_redirects=True)


def test_a_staff_report_proposes_the_next_date_and_legal_accepts_it_onto_the_timeline(hearing, login_as, users):
    lead, legal = login_as("campaign"), login_as("legal")
    filed = _file(lead, hearing.action, next_date=hearing.next_day.isoformat(), next_time="13:30")
    assert "Report filed. The next date waits for a legal volunteer to accept it." in _flashes(filed)
    (report,) = _reports()
    assert (report.proposal, report.next_date, report.next_time) == (ProposalState.PROPOSED, hearing.next_day, time(13, 30))
    assert report.filed_by_id == users["campaign"].id

    panel = _proposals_panel(legal.text("/"))
    assert "Pack the courtroom for Itzel" in panel and "1:30 PM" in panel and "Itzel" in panel
    assert _proposals_panel(lead.text("/")) == ""  # campaign leads do not decide legal dates

    accepted = legal.submit(f"/reports/{report.id}/accept", {"kind": "individual_hearing"})
    (event,) = _events()
    assert accepted.status_code == 302 and accepted.headers["Location"].endswith(f"/cases/{hearing.case.id}#event-{event.id}")
    assert (event.case_id, event.kind, event.timezone, event.all_day) == (
        hearing.case.id, EventKind.INDIVIDUAL_HEARING, ZONE, False)
    assert event.starts_at == to_utc(hearing.next_day, time(13, 30), ZONE)
    assert (event.local_date, event.local_start.time()) == (hearing.next_day, time(13, 30))
    assert event.visibility is Visibility.INTERNAL and event.location == "Fictional Immigration Court, Room 12"
    db.session.refresh(report)
    assert (report.proposal, report.event_id, report.decided_by_id) == (ProposalState.ACCEPTED, event.id, users["legal"].id)

    timeline = legal.text(f"/cases/{hearing.case.id}")
    entry = re.search(rf'id="event-{event.id}".*?</li>', timeline, re.S)
    assert entry and "Individual (merits) hearing" in visible_text(entry.group(0))
    assert "1:30 PM" in visible_text(entry.group(0))
    assert _proposals_panel(legal.text("/")) == ""
    assert "Added to the timeline" in visible_text(legal.text(f"/actions/{hearing.action.id}"))

    again = legal.submit(f"/reports/{report.id}/accept", {"kind": "individual_hearing"}, follow_redirects=True)
    assert "This proposal was already decided." in _flashes(again)
    assert len(_events()) == 1


def test_a_check_in_report_suggests_a_check_in_and_a_date_alone_becomes_a_whole_day_entry(hearing, login_as):
    hearing.action.kind = ActionKind.CHECK_IN_ACCOMPANIMENT
    db.session.commit()
    legal = login_as("legal")
    _file(legal, hearing.action, next_date=hearing.next_day.isoformat())
    (report,) = _reports()
    page = legal.text(f"/actions/{hearing.action.id}")
    assert re.search(r'<option selected value="ice_check_in">|<option value="ice_check_in" selected', page)
    legal.submit(f"/reports/{report.id}/accept", {"kind": "ice_check_in"})
    (event,) = _events()
    assert (event.kind, event.all_day, event.local_date) == (EventKind.ICE_CHECK_IN, True, hearing.next_day)
    assert event.starts_at == to_utc(hearing.next_day, None, ZONE)


def test_a_report_without_a_next_date_proposes_nothing(hearing, login_as):
    filed = _file(login_as("campaign"), hearing.action)
    assert _flashes(filed) == "Report filed."
    (report,) = _reports()
    assert report.proposal is ProposalState.NONE
    assert _proposals_panel(login_as("legal").text("/")) == ""


def test_a_proposal_can_be_dismissed(hearing, login_as, users):
    legal = login_as("legal")
    _file(login_as("campaign"), hearing.action, next_date=hearing.next_day.isoformat(), next_time="09:00")
    (report,) = _reports()
    dismissed = legal.submit(f"/reports/{report.id}/dismiss", follow_redirects=True)
    assert "Proposed date dismissed." in _flashes(dismissed)
    db.session.refresh(report)
    assert (report.proposal, report.decided_by_id, report.event_id) == (ProposalState.DISMISSED, users["legal"].id, None)
    assert _events() == []
    assert _proposals_panel(legal.text("/")) == ""
    refused = legal.submit(f"/reports/{report.id}/accept", {"kind": "master_calendar_hearing"}, follow_redirects=True)
    assert "This proposal was already decided." in _flashes(refused) and _events() == []


@pytest.mark.parametrize("role", ["campaign", "congregation"])
@pytest.mark.parametrize("decision,data", [("accept", {"kind": "master_calendar_hearing"}), ("dismiss", {})])
def test_only_the_legal_team_accepts_or_dismisses_a_proposal(hearing, login_as, users, role, decision, data):
    factories.make_congregation(coordinator=users["congregation"])
    _file(login_as("campaign"), hearing.action, next_date=hearing.next_day.isoformat())
    (report,) = _reports()
    assert login_as(role).submit(f"/reports/{report.id}/{decision}", data).status_code == 403
    db.session.refresh(report)
    assert report.proposal is ProposalState.PROPOSED and _events() == []
    assert "Add to the timeline" not in login_as("campaign").text(f"/actions/{hearing.action.id}")


def test_a_legal_volunteer_of_another_team_cannot_decide(hearing, login_as):
    _file(login_as("campaign"), hearing.action, next_date=hearing.next_day.isoformat())
    (report,) = _reports()
    outsider = login_as("outsider")
    assert outsider.submit(f"/reports/{report.id}/accept", {"kind": "master_calendar_hearing"}).status_code == 404
    assert _proposals_panel(outsider.text("/")) == ""
    db.session.refresh(report)
    assert report.proposal is ProposalState.PROPOSED and _events() == []


def test_an_incomplete_report_is_refused_with_clear_messages(hearing, login_as):
    response = login_as("campaign").submit(f"/actions/{hearing.action.id}/reports",
                                           {"what_happened": "", "next_date": "", "next_time": "10:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Say briefly what happened." in page and "Give the date too, or leave the time empty." in page
    assert _reports() == []


def test_only_accompaniments_have_reports(hearing, login_as, users):
    vigil = factories.make_action(hearing.case, users["campaign"], days=-1, title="Vigil")
    response = login_as("campaign").submit(f"/actions/{vigil.id}/reports", {"what_happened": "It rained."})
    assert response.status_code == 404 and _reports() == []


# --- Reports from the coordinator portal ----------------------------------------------------------


@pytest.fixture
def pledged(app, users):
    """A coordinator whose congregation pledged to a public hearing accompaniment of a live campaign."""
    case = factories.live_campaign_case(team=[users["legal"], users["campaign"]], slug="keep-itzel-home", name="Itzel Example Cruz")
    congregation = factories.make_congregation("Fictional Methodist Church", coordinator=users["congregation"])
    action = factories.make_action(case, users["campaign"], kind=ActionKind.HEARING_ACCOMPANIMENT, days=-1,
                                   title="Court watch for Itzel")
    pledge = Pledge(action=action, congregation=congregation, people=6, status=PledgeStatus.CONFIRMED, source=PledgeSource.PORTAL)
    db.session.add(pledge)
    db.session.commit()
    return SimpleNamespace(case=case, congregation=congregation, action=action, pledge=pledge)


def test_a_coordinator_reports_a_past_accompaniment_and_legal_accepts_the_date(pledged, login_as, users):
    coordinator = login_as("congregation")
    portal = coordinator.text("/")
    assert "File the accompaniment report" in re.search(rf'id="pledge-{pledged.pledge.id}".*?</li>', portal, re.S).group(0)
    next_day = today_in(pledged.case.timezone) + timedelta(days=60)
    response = coordinator.submit(f"/portal/pledges/{pledged.pledge.id}/report", {
        "what_happened": "The judge set a merits hearing.", "next_date": next_day.isoformat(), "next_time": "08:30"},
        follow_redirects=True)
    assert "Thank you for the report. The legal team will check the next date." in _flashes(response)
    (report,) = _reports()
    assert (report.filed_by_id, report.proposal, report.action_id) == (
        users["congregation"].id, ProposalState.PROPOSED, pledged.action.id)

    legal = login_as("legal")
    assert "Court watch for Itzel" in _proposals_panel(legal.text("/"))
    legal.submit(f"/reports/{report.id}/accept", {"kind": "individual_hearing"})
    (event,) = _events()
    assert (event.kind, event.local_date, event.local_start.time(), event.timezone) == (
        EventKind.INDIVIDUAL_HEARING, next_day, time(8, 30), pledged.case.timezone)
    # The coordinator never sees the case record the event joined.
    assert coordinator.get(f"/cases/{pledged.case.id}").status_code == 403


def test_a_coordinator_cannot_report_before_the_accompaniment_or_on_other_actions(pledged, login_as, users):
    coordinator = login_as("congregation")
    future = factories.make_action(pledged.case, users["campaign"], kind=ActionKind.HEARING_ACCOMPANIMENT, days=4,
                                   title="Next court watch")
    vigil = factories.make_action(pledged.case, users["campaign"], days=-1, title="Past vigil")
    pledges = [Pledge(action=action, congregation=pledged.congregation, people=2, source=PledgeSource.PORTAL)
               for action in (future, vigil)]
    db.session.add_all(pledges)
    db.session.commit()
    for pledge in pledges:
        response = coordinator.submit(f"/portal/pledges/{pledge.id}/report", {"what_happened": "Too early."})
        assert response.status_code == 404
    assert _reports() == []


def test_a_coordinators_incomplete_report_is_refused(pledged, login_as):
    response = login_as("congregation").submit(f"/portal/pledges/{pledged.pledge.id}/report",
                                               {"what_happened": "", "next_time": "10:00"}, follow_redirects=True)
    flashes = _flashes(response)
    assert "What happened: Say briefly what happened." in flashes
    assert "Give the date too, or leave the time empty." in flashes
    assert db.session.scalar(select(func.count()).select_from(AccompanimentReport)) == 0
