"""Reminders 7, 3 and 1 day before an open deadline: which are due on a day, on
the dashboard, as alarms in the calendar feeds, and by email (tests/mail too)."""
from datetime import timedelta

import icalendar
import pytest
import vobject
from sqlalchemy import select

from tests import factories
from tracker.calendar.models import CalendarFeed
from tracker.cases.models import Stage
from tracker.extensions import db
from tracker.mail import legal as legal_mail
from tracker.timeline.models import EventKind
from tracker.timeline.reminders import reminders_due
from tracker.timeline.services import today_in


def _deadline(case, days, actor, title="Brief due"):
    return factories.make_event(case, EventKind.FILING_DEADLINE, days=days, at=None, actor=actor, title=title)


def test_reminders_fall_seven_three_and_one_day_before_and_only_for_open_deadlines(app, users):
    legal = users["legal"]
    case = factories.make_case(team=[legal, users["campaign"]])
    by_days = {days: _deadline(case, days, legal, f"Due in {days}") for days in range(0, 10)}
    met = _deadline(case, 3, legal, "Met, due in 3")
    met.completed_at = met.recorded_at
    closed = factories.make_case(factories.make_person("Closed Example", a_number="999-600-001"), team=[legal],
                                 stage=Stage.CLOSED)
    _deadline(closed, 3, legal, "Closed case, due in 3")
    db.session.commit()
    today = today_in(case.timezone)

    due = reminders_due(today)
    assert sorted((reminder.deadline.id, reminder.days_left) for reminder in due) == sorted(
        (by_days[days].id, days) for days in (1, 3, 7)
    )
    # Only the legal volunteers and admins on the team are told.
    assert all(reminder.recipients == [legal] for reminder in due)
    # Tomorrow, the 7-day reminder is for the deadline due in 8 days today.
    assert {reminder.deadline.id for reminder in reminders_due(today + timedelta(days=1))} == {
        by_days[2].id, by_days[4].id, by_days[8].id}


def test_the_mail_alerts_come_from_the_timeline_reminders():
    from tracker.timeline import reminders

    assert legal_mail.reminders_due is reminders.reminders_due


def test_the_dashboard_shows_todays_reminders(login_as, users):
    legal = users["legal"]
    case = factories.make_case(team=[legal])
    week = _deadline(case, 7, legal, "Week-off brief")
    _deadline(case, 5, legal, "Five-day brief")
    page = login_as("legal").text("/")
    panel = page.split('aria-labelledby="reminders-h"')[1].split("</section>")[0]
    assert "Week-off brief" in panel and "due in 7 days" in panel and "Five-day brief" not in panel
    row = page.split(f'id="dash-deadline-{week.id}"')[1].split("</li>")[0]
    assert "reminder: 7 days before" in row


@pytest.mark.parametrize("case_feed", [False, True])
def test_open_deadlines_carry_alarms_in_the_calendar_feeds(login_as, users, case_feed):
    legal = users["legal"]
    case = factories.make_case(team=[legal])
    open_one = _deadline(case, 20, legal, "Open brief")
    met = _deadline(case, 21, legal, "Met brief")
    met.completed_at = met.recorded_at
    hearing = factories.make_event(case, EventKind.MASTER_CALENDAR_HEARING, days=10, actor=legal)
    db.session.commit()
    client = login_as("legal")
    client.submit(f"/cases/{case.id}/calendar" if case_feed else "/account/calendars")
    feed = db.session.scalars(select(CalendarFeed).order_by(CalendarFeed.id.desc())).first()
    body = client.get(f"/calendar/{feed.token}.ics").get_data(as_text=True)

    entries = {str(entry["UID"]).split("@")[0]: entry for entry in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    alarms = entries[f"event-{open_one.id}"].walk("VALARM")
    assert [alarm["TRIGGER"].dt for alarm in alarms] == [
        timedelta(days=-7, hours=9), timedelta(days=-3, hours=9), timedelta(days=-1, hours=9)]
    assert all(str(alarm["ACTION"]) == "DISPLAY" and "Open brief" in str(alarm["DESCRIPTION"]) for alarm in alarms)
    assert entries[f"event-{met.id}"].walk("VALARM") == []
    assert entries[f"event-{hearing.id}"].walk("VALARM") == []
    # A second parser reads the alarms too.
    parsed = {entry.uid.value.split("@")[0]: entry for entry in vobject.readOne(body).vevent_list}
    assert len(parsed[f"event-{open_one.id}"].valarm_list) == 3


def test_a_calendar_app_reads_the_alarms_and_tasks_from_the_real_server(app, users, live_server):
    """The feed as a calendar app fetches it: over HTTP from a running server, no session."""
    import urllib.request

    from tracker.calendar import services as calendars
    from tracker.tasks.models import CaseTask

    legal = users["legal"]
    case = factories.make_case(team=[legal])
    deadline = _deadline(case, 12, legal, "Live brief")
    task = CaseTask(case_id=case.id, title="Live errand", assignee_id=legal.id,
                    due_on=today_in(case.timezone) + timedelta(days=2))
    db.session.add(task)
    feed = calendars.create_feed(legal)
    token = feed.token
    db.session.commit()
    with urllib.request.urlopen(f"{live_server}/calendar/{token}.ics") as response:
        assert response.status == 200 and response.headers["Content-Type"].startswith("text/calendar")
        body = response.read().decode()
    entries = {str(entry["UID"]).split("@")[0]: entry for entry in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert len(entries[f"event-{deadline.id}"].walk("VALARM")) == 3
    assert "Live errand" in str(entries[f"task-{task.id}"]["SUMMARY"])
