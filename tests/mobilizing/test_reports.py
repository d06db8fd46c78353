"""After an accompaniment, the team leader's report proposes the next date to the legal team."""
from datetime import time, timedelta

from tests import factories
from tracker.actions.models import AccompanimentReport, ActionKind, Pledge, PledgeSource, PledgeStatus, ProposalState
from tracker.extensions import db
from tracker.timeline.models import Event, EventKind
from tracker.timeline.services import today_in


def _past_accompaniment(case, actor, kind=ActionKind.CHECK_IN_ACCOMPANIMENT, public=False):
    return factories.make_action(case, actor, kind=kind, public=public, days=-1, title="Accompany to check-in")


def test_a_report_with_a_next_date_becomes_an_event_once_legal_accepts_it(app, login_as, users):
    case = factories.make_case(factories.make_person("Report Example"), team=[users["legal"], users["campaign"]])
    action = _past_accompaniment(case, users["campaign"])
    next_day = today_in(case.timezone) + timedelta(days=30)
    login_as("campaign").submit(f"/actions/{action.id}/reports", {"what_happened": "Seen after two hours; no detention.",
                                                                  "next_date": next_day.isoformat(), "next_time": "09:30"})
    report = AccompanimentReport.query.one()
    assert report.proposal is ProposalState.PROPOSED
    legal = login_as("legal")
    assert "Next dates from accompaniment reports" in legal.text("/")
    assert login_as("campaign").submit(f"/reports/{report.id}/accept", {"kind": "ice_check_in"}).status_code == 403
    legal.submit(f"/reports/{report.id}/accept", {"kind": "ice_check_in"})
    event = Event.query.filter_by(kind=EventKind.ICE_CHECK_IN).one()
    assert event.local_date == next_day and event.local_start.time() == time(9, 30) and event.timezone == case.timezone
    assert db.session.get(AccompanimentReport, report.id).proposal is ProposalState.ACCEPTED
    assert "Next dates from accompaniment reports" not in legal.text("/")


def test_a_proposal_can_be_dismissed(app, login_as, users):
    case = factories.make_case(team=[users["legal"]])
    action = _past_accompaniment(case, users["legal"])
    legal = login_as("legal")
    legal.submit(f"/actions/{action.id}/reports", {"what_happened": "Date given was wrong.",
                                                   "next_date": (today_in(case.timezone) + timedelta(days=9)).isoformat()})
    report = AccompanimentReport.query.one()
    legal.submit(f"/reports/{report.id}/dismiss")
    assert db.session.get(AccompanimentReport, report.id).proposal is ProposalState.DISMISSED
    assert Event.query.count() == 0


def test_a_report_without_text_or_with_a_time_but_no_date_is_refused(app, login_as, users):
    case = factories.make_case(team=[users["legal"]])
    action = _past_accompaniment(case, users["legal"])
    response = login_as("legal").submit(f"/actions/{action.id}/reports", {"what_happened": "", "next_time": "10:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Say briefly what happened" in page and "Give the date too" in page
    assert AccompanimentReport.query.count() == 0


def test_a_coordinator_files_the_report_of_an_accompaniment_their_congregation_went_to(app, login_as, users):
    case = factories.live_campaign_case(team=[users["legal"]])
    congregation = factories.make_congregation(coordinator=users["congregation"])
    action = _past_accompaniment(case, users["legal"], kind=ActionKind.HEARING_ACCOMPANIMENT, public=True)
    pledge = Pledge(action=action, congregation=congregation, people=5, status=PledgeStatus.CONFIRMED, source=PledgeSource.PORTAL)
    db.session.add(pledge)
    db.session.commit()
    login_as("congregation").submit(f"/portal/pledges/{pledge.id}/report", {
        "what_happened": "The judge reset the hearing.", "next_date": (today_in(case.timezone) + timedelta(days=60)).isoformat()})
    assert AccompanimentReport.query.one().proposal is ProposalState.PROPOSED
