"""Case tasks: anyone on the case team adds them, gives them to someone on the team
and marks them done; a user's open tasks are on their dashboard and calendar feed."""
from datetime import date, timedelta

import icalendar
import pytest
from sqlalchemy import select

from tests import factories
from tests.casework.test_list_query_counts import _bulk_cases
from tracker.calendar.models import CalendarFeed
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.tasks.models import CaseTask
from tracker.types import utcnow


def _task_form(title="Get the I-246 signed", assignee=None, due_on=None):
    return {"title": title, "assignee_id": str(assignee.id) if assignee else "0",
            "due_on": due_on.isoformat() if due_on else ""}


@pytest.fixture
def case(users):
    return factories.make_case(factories.make_person("Rosa Example"), team=[users["legal"], users["campaign"]])


@pytest.mark.parametrize("role", ["legal", "campaign", "admin"])
def test_the_case_team_adds_a_task_for_someone_on_the_team(login_as, users, case, role):
    client = login_as(role)
    due = date.today() + timedelta(days=5)
    response = client.submit(f"/cases/{case.id}/tasks/new", _task_form(assignee=users["campaign"], due_on=due))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/cases/{case.id}#tasks")
    task = CaseTask.query.one()
    assert (task.title, task.assignee_id, task.due_on, task.created_by_id) == (
        "Get the I-246 signed", users["campaign"].id, due, users[role].id)
    page = client.text(f"/cases/{case.id}")
    assert "Get the I-246 signed" in page and "Cam Campaign" in page


@pytest.mark.parametrize("role,status", [("congregation", 403), ("outsider", 404)])
def test_nobody_off_the_team_adds_reads_or_closes_tasks(login_as, users, case, role, status):
    task = CaseTask(case_id=case.id, title="Secret errand", assignee_id=users["legal"].id)
    db.session.add(task)
    db.session.commit()
    client = login_as(role)
    assert client.get(f"/cases/{case.id}/tasks/new").status_code == status
    assert client.submit(f"/cases/{case.id}/tasks/new", _task_form()).status_code == status
    assert client.submit(f"/tasks/{task.id}/done").status_code == status
    assert client.submit(f"/tasks/{task.id}/remove").status_code == status
    db.session.expire_all()
    assert CaseTask.query.count() == 1 and db.session.get(CaseTask, task.id).done_at is None


def test_a_task_goes_only_to_someone_on_the_team_and_a_bad_form_loses_nothing(login_as, users, case):
    client = login_as("legal")
    page = client.submit(f"/cases/{case.id}/tasks/new", _task_form(title="Call the parish", assignee=users["outsider"],
                                                                    due_on=None)).get_data(as_text=True)
    assert "Choose someone on the case team." in page and 'value="Call the parish"' in page
    empty = client.submit(f"/cases/{case.id}/tasks/new", {**_task_form(), "title": "", "due_on": "2026-13-45"})
    body = empty.get_data(as_text=True)
    assert "Say what is to be done." in body and "Enter a real date" in body
    assert CaseTask.query.count() == 0
    # The form offers the team only.
    form = client.text(f"/cases/{case.id}/tasks/new")
    assert "Cam Campaign" in form and "Otto Outsider" not in form


def test_sending_the_form_twice_makes_one_task(login_as, case):
    client = login_as("legal")
    form = {**_task_form(), "form_nonce": "n" * 22}
    client.submit(f"/cases/{case.id}/tasks/new", form)
    client.submit(f"/cases/{case.id}/tasks/new", form)
    assert CaseTask.query.count() == 1


def test_the_team_edits_a_task_reassigning_it_within_the_team(login_as, users, case):
    task = CaseTask(case_id=case.id, title="Call the parish", assignee_id=users["legal"].id)
    db.session.add(task)
    db.session.commit()
    client = login_as("campaign")
    assert 'value="Call the parish"' in client.text(f"/tasks/{task.id}/edit")
    later = date.today() + timedelta(days=9)
    refused = client.submit(f"/tasks/{task.id}/edit", _task_form("Call the parish office", users["outsider"], later))
    assert "Choose someone on the case team." in refused.get_data(as_text=True)
    client.submit(f"/tasks/{task.id}/edit", _task_form("Call the parish office", users["campaign"], later))
    db.session.expire_all()
    task = db.session.get(CaseTask, task.id)
    assert (task.title, task.assignee_id, task.due_on) == ("Call the parish office", users["campaign"].id, later)
    for role, status in (("congregation", 403), ("outsider", 404)):
        other = login_as(role)
        assert other.get(f"/tasks/{task.id}/edit").status_code == status
        assert other.submit(f"/tasks/{task.id}/edit", _task_form("Hijacked")).status_code == status
    db.session.expire_all()
    assert db.session.get(CaseTask, task.id).title == "Call the parish office"


def test_done_and_not_done_after_all(login_as, users, case):
    task = CaseTask(case_id=case.id, title="Collect letters from the parish", assignee_id=users["campaign"].id)
    db.session.add(task)
    db.session.commit()
    client = login_as("campaign")
    client.submit(f"/tasks/{task.id}/done")
    db.session.expire_all()
    task = db.session.get(CaseTask, task.id)
    assert task.done_at is not None and task.done_by_id == users["campaign"].id
    client.submit(f"/tasks/{task.id}/reopen")
    db.session.expire_all()
    assert db.session.get(CaseTask, task.id).done_at is None
    client.submit(f"/tasks/{task.id}/remove")
    assert CaseTask.query.count() == 0


def test_my_open_tasks_are_on_my_dashboard_only(login_as, users, case):
    late = CaseTask(case_id=case.id, title="Late errand", assignee_id=users["legal"].id,
                    due_on=date.today() - timedelta(days=2))
    mine = CaseTask(case_id=case.id, title="My errand", assignee_id=users["legal"].id, due_on=date.today() + timedelta(days=3))
    done = CaseTask(case_id=case.id, title="Finished errand", assignee_id=users["legal"].id, done_at=utcnow())
    theirs = CaseTask(case_id=case.id, title="Their errand", assignee_id=users["campaign"].id)
    db.session.add_all([late, mine, done, theirs])
    db.session.commit()
    page = login_as("legal").text("/")
    section = page.split('aria-labelledby="tasks-h"')[1].split("</section>")[0]
    assert section.index("Late errand") < section.index("My errand")
    assert "late" in section.split("My errand")[0]
    assert "Finished errand" not in section and "Their errand" not in section
    assert "Their errand" in login_as("campaign").text("/")


def test_my_open_tasks_are_in_my_calendar_feed(login_as, users, case):
    due = date.today() + timedelta(days=4)
    mine = CaseTask(case_id=case.id, title="Get the I-246 signed", assignee_id=users["legal"].id, due_on=due)
    theirs = CaseTask(case_id=case.id, title="Their errand", assignee_id=users["campaign"].id, due_on=due)
    done = CaseTask(case_id=case.id, title="Finished errand", assignee_id=users["legal"].id, due_on=due,
                    done_at=utcnow())
    db.session.add_all([mine, theirs, done])
    db.session.commit()
    client = login_as("legal")
    client.submit("/account/calendars")
    feed = db.session.scalars(select(CalendarFeed)).one()
    body = client.get(f"/calendar/{feed.token}.ics").get_data(as_text=True)
    entries = {str(entry["UID"]).split("@")[0]: entry for entry in icalendar.Calendar.from_ical(body).walk("VEVENT")}
    assert set(key for key in entries if key.startswith("task-")) == {f"task-{mine.id}"}
    entry = entries[f"task-{mine.id}"]
    assert entry["DTSTART"].dt == due and "Get the I-246 signed" in str(entry["SUMMARY"])
    assert "Rosa" in str(entry["SUMMARY"]) and f"case {case.id}" in str(entry["SUMMARY"])


def test_the_dashboard_with_tasks_costs_the_same_queries_for_5_and_200_cases(login_as, users, count_queries):
    legal = users["legal"]
    client = login_as("legal")

    def with_tasks(count):
        _bulk_cases(count, [legal], legal)
        for case in Case.query.all():
            if not CaseTask.query.filter_by(case_id=case.id).count():
                db.session.add(CaseTask(case_id=case.id, title=f"Errand {case.id}", assignee_id=legal.id,
                                        due_on=date.today() + timedelta(days=case.id % 9)))
        db.session.commit()

    with_tasks(5)
    client.get("/")
    with count_queries() as few:
        client.get("/")
    with_tasks(195)
    with count_queries() as many:
        page = client.text("/")
    assert page.count('id="dash-task-') == 200
    assert many.count == few.count, many.statements
