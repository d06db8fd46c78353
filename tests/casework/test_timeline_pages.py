"""A legal volunteer's round: record, verify, reschedule, settle deadlines, read history."""
import re
from datetime import timedelta

from tests import factories
from tracker.extensions import db
from tracker.timeline import services
from tracker.timeline.models import Event, EventKind


def _form(case, **changes):
    day = services.today_in(case.timezone) + timedelta(days=4)
    form = {"kind": "master_calendar_hearing", "title": "", "day": day.isoformat(), "start_time": "09:00", "end_time": "",
            "timezone": case.timezone, "location": "Courtroom 2", "outcome": "", "notes": "", "visibility": "internal",
            "decided_by": "", "final_order": ""}
    form.update(changes)
    return form


def test_a_time_is_kept_in_the_zone_it_happens_in(login_as, users):
    case = factories.make_case(team=[users["legal"]])
    client = login_as("legal")
    client.submit(f"/cases/{case.id}/events/new", _form(case, timezone="America/Los_Angeles", start_time="09:00"))
    event = Event.query.one()
    assert event.local_start.hour == 9 and event.timezone == "America/Los_Angeles"
    assert re.search(r"9:00 AM P[SD]T", client.text(f"/cases/{case.id}"))


def test_bad_timeline_input_is_explained_and_kept(login_as, users):
    case = factories.make_case(team=[users["legal"]])
    client = login_as("legal")
    ends_first = client.submit(f"/cases/{case.id}/events/new", _form(case, start_time="10:00", end_time="09:00"))
    assert "The end must be after the start." in ends_first.get_data(as_text=True)
    undecided = client.submit(f"/cases/{case.id}/events/new", _form(case, kind="decision"))
    assert "Say who decided" in undecided.get_data(as_text=True)
    impossible = client.submit(f"/cases/{case.id}/events/new", _form(case, day="2026-13-01", location="Kept place"))
    assert "Enter a real date" in impossible.get_data(as_text=True) and 'value="Kept place"' in impossible.get_data(as_text=True)
    assert Event.query.count() == 0


def test_a_judges_decision_shows_its_appeal_deadline_on_the_case_and_dashboard(login_as, users):
    case = factories.make_case(factories.make_person("Decided Example"), team=[users["legal"]])
    client = login_as("legal")
    decided = services.today_in(case.timezone) - timedelta(days=25)
    response = client.submit(f"/cases/{case.id}/events/new", _form(case, kind="decision", day=decided.isoformat(),
                                                                   decided_by="immigration_judge"), follow_redirects=True)
    due = decided + timedelta(days=30)
    assert "BIA appeal due" in response.get_data(as_text=True)
    deadline = Event.query.filter_by(rule="bia_appeal").one()
    assert deadline.local_date == due
    dashboard = client.text("/")
    assert "BIA appeal due" in dashboard and "derived" in dashboard


def test_overriding_and_restoring_a_derived_date(login_as, users):
    case = factories.make_case(team=[users["legal"]])
    actor = users["legal"]
    decision = factories.make_event(case, EventKind.DECISION, days=-3, actor=actor, decided_by=__import__(
        "tracker.timeline.models", fromlist=["DecisionBody"]).DecisionBody.IMMIGRATION_JUDGE)
    deadline = services.derived_from(decision)[0]
    client = login_as("legal")
    new_day = deadline.local_date - timedelta(days=2)
    client.submit(f"/events/{deadline.id}/edit", _form(case, kind="filing_deadline", day=new_day.isoformat(), start_time="",
                                                       title=deadline.title))
    deadline = db.session.get(Event, deadline.id)
    assert deadline.overridden and deadline.local_date == new_day
    assert "overridden" in client.text(f"/cases/{case.id}")
    client.submit(f"/events/{deadline.id}/restore-derived")
    assert not db.session.get(Event, deadline.id).overridden


def test_deadlines_can_be_met_dismissed_and_reopened(login_as, users):
    case = factories.make_case(team=[users["legal"]])
    deadline = factories.make_event(case, EventKind.FILING_DEADLINE, days=-2, at=None, actor=users["legal"])
    client = login_as("legal")
    assert "overdue by 2 days" in client.text("/")
    client.submit(f"/events/{deadline.id}/deadline/complete")
    assert "overdue by" not in client.text("/")
    client.submit(f"/events/{deadline.id}/deadline/reopen")
    client.submit(f"/events/{deadline.id}/deadline/dismiss")
    assert db.session.get(Event, deadline.id).dismissed_at is not None
    assert "overdue by" not in client.text("/")


def test_removing_keeps_the_history(login_as, users):
    case = factories.make_case(team=[users["legal"]])
    hearing = factories.make_event(case, days=5, actor=users["legal"])
    client = login_as("legal")
    client.submit(f"/events/{hearing.id}/edit", _form(case, location="Courtroom 9"))
    client.submit(f"/events/{hearing.id}/remove")
    history = client.text(f"/events/{hearing.id}/history")
    for action in ("Created", "Edited", "Removed"):
        assert action in history
    assert "Courtroom 9" in history and "Lee Legal" in history
    assert "Courtroom 9" not in client.text(f"/cases/{case.id}")
    assert "Courtroom 9" in client.text(f"/cases/{case.id}?removed=1")


def test_verifying_and_rescheduling_hearings_from_the_dashboard(login_as, users):
    case = factories.make_case(factories.make_person("Hearing Example"), team=[users["legal"]])
    hearing = factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=6, actor=users["legal"])
    client = login_as("legal")
    assert f'id="verify-{hearing.id}"' in client.text("/")
    client.submit(f"/events/{hearing.id}/verify", {"next": "/"})
    assert f'id="verify-{hearing.id}"' not in client.text("/")
    new_day = services.today_in(case.timezone) + timedelta(days=40)
    bad = client.submit(f"/events/{hearing.id}/reschedule", {"day": "2026-02-31", "start_time": "", "next": "/"})
    assert bad.status_code == 400 and "Enter a real date" in bad.get_data(as_text=True)
    client.submit(f"/events/{hearing.id}/reschedule", {"day": new_day.isoformat(), "start_time": "13:30", "next": "/"})
    moved = db.session.get(Event, hearing.id)
    assert moved.local_date == new_day and moved.local_start.hour == 13
    assert moved.last_verified_on == services.today_in(case.timezone)
    assert [revision.action for revision in moved.revisions][-2:] == ["verified", "rescheduled"]


def test_the_dashboard_lists_the_next_two_weeks_and_detained_people(login_as, users):
    from tracker.people.models import DetentionStatus

    held = factories.make_case(factories.make_person("Held Example", detention_status=DetentionStatus.DETAINED,
                                                     detention_facility="Fictional Center"), team=[users["legal"]])
    factories.make_event(held, EventKind.BOND_HEARING, days=13, actor=users["legal"])
    far = factories.make_case(factories.make_person("Far Example"), team=[users["legal"]])
    factories.make_event(far, EventKind.ICE_CHECK_IN, days=20, actor=users["legal"])
    page = login_as("legal").text("/")
    upcoming = page[page.index('id="upcoming-h"'):page.index('id="detained-h"')]
    assert "Bond hearing" in upcoming and "Far Example" not in upcoming
    assert "Fictional Center" in page[page.index('id="detained-h"'):]


def test_campaign_leads_read_the_timeline_without_notes_and_cannot_change_it(login_as, users):
    case = factories.make_case(team=[users["legal"], users["campaign"]])
    hearing = factories.make_event(case, days=5, actor=users["legal"], notes="Private-strategy-note")
    client = login_as("campaign")
    page = client.text(f"/cases/{case.id}")
    assert "Master calendar hearing" in page and "Private-strategy-note" not in page
    assert "Private-strategy-note" not in client.text(f"/events/{hearing.id}/history")
    assert client.submit(f"/events/{hearing.id}/remove").status_code == 403
    assert client.submit(f"/events/{hearing.id}/deadline/dismiss").status_code == 403
