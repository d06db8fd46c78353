"""Congregation coordinators and public pledgers hear about their pledges: a
confirmation with the action as an .ics file, a reminder 24 hours before, a
notice when the action moves or is cancelled or the pledge changes, and a
request to record attendance afterwards; unsubscribing works without signing in."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tests import factories
from tests.mail.smtp import deliver, outbox, path_of
from tracker.actions.models import ActionKind, Pledge
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.mail import schedule


@pytest.fixture
def setup(app, users):
    case = factories.live_campaign_case(team=[users["campaign"]], slug="keep-maria-home", name="María Pledge Example")
    action = factories.make_action(case, users["campaign"], title="Vigil at the field office", days=5, place="Main St. plaza")
    congregation = factories.make_congregation("St. Example Parish", coordinator=users["congregation"])
    return case, action, congregation


def _calendar_of(received):
    [attachment] = received.attachments()
    assert attachment.get_content_type() == "text/calendar" and attachment.get_filename() == "action.ics"
    calendar = Calendar.from_ical(attachment.get_content())
    [event] = calendar.walk("VEVENT")
    return calendar, event


def _run_schedule(now):
    counts = schedule.queue_due(now)
    db.session.commit()
    return counts


def test_a_coordinator_gets_the_confirmation_with_the_action_for_their_calendar(setup, login_as, smtp_server):
    case, action, _ = setup
    login_as("congregation").submit(f"/portal/actions/{action.id}/pledge", {"people": "6"})
    deliver()
    [received] = smtp_server.inbox.to("congregation@example.test")
    assert received.message["Subject"] == "Your pledge: Vigil at the field office"
    assert received.message.get_content_type() == "multipart/mixed"
    for part in (received.text, received.html):
        assert "Vigil at the field office" in part and "Main St. plaza" in part and "for María" in part
    assert "6" in received.text
    calendar, event = _calendar_of(received)
    assert str(calendar["method"]) == "PUBLISH"
    assert event["uid"] == f"action-{action.id}@tracker.example.org"  # the same entry as in the calendar feed
    assert event.decoded("dtstart") == action.local_start
    assert "Vigil at the field office" in str(event["summary"]) and str(event["location"]) == "Main St. plaza"
    assert "#pledge-" in re.search(r"https://tracker\.example\.org/\S+", received.text).group(0)


def test_the_reminder_goes_24_hours_before_once_however_often_the_schedule_runs(setup, login_as, smtp_server):
    _, action, _ = setup
    login_as("congregation").submit(f"/portal/actions/{action.id}/pledge", {"people": "3"})
    assert _run_schedule(action.starts_at - timedelta(hours=25))["pledge reminders"] == 0
    assert _run_schedule(action.starts_at - timedelta(hours=23))["pledge reminders"] == 1
    assert _run_schedule(action.starts_at - timedelta(hours=22))["pledge reminders"] == 0
    assert _run_schedule(action.starts_at - timedelta(hours=1))["pledge reminders"] == 0
    deliver()
    reminders = [item for item in smtp_server.inbox.to("congregation@example.test") if item.message["Subject"].startswith("Tomorrow")]
    assert len(reminders) == 1
    _, event = _calendar_of(reminders[0])
    assert event.decoded("dtstart") == action.local_start


def test_moving_or_cancelling_the_action_tells_those_who_pledged(setup, login_as, smtp_server):
    _, action, _ = setup
    login_as("congregation").submit(f"/portal/actions/{action.id}/pledge", {"people": "3"})
    staff = login_as("campaign")
    new_day = action.local_start.date() + timedelta(days=1)
    staff.submit(f"/actions/{action.id}/edit", {
        "kind": "vigil", "title": action.title, "day": new_day.isoformat(), "start_time": "19:30", "end_time": "",
        "timezone": action.timezone, "place": "City Hall steps", "description": "", "people_needed": "10",
        "is_public": "y", "call_number": "", "call_hours": "", "script": ""})
    staff.submit(f"/actions/{action.id}/cancel")
    deliver()
    confirmation, changed, cancelled = smtp_server.inbox.to("congregation@example.test")
    assert changed.message["Subject"] == "Changed: Vigil at the field office"
    assert "City Hall steps" in changed.text and "7:30" in changed.text
    _, event = _calendar_of(changed)
    assert event.decoded("dtstart").date() == new_day and str(event["location"]) == "City Hall steps"
    assert cancelled.message["Subject"] == "Cancelled: Vigil at the field office"
    _, event = _calendar_of(cancelled)
    assert str(event["status"]) == "CANCELLED"


def test_a_change_of_the_pledge_and_the_campaigns_confirmation_are_told(setup, login_as, smtp_server):
    _, action, _ = setup
    coordinator = login_as("congregation")
    coordinator.submit(f"/portal/actions/{action.id}/pledge", {"people": "3"})
    pledge = Pledge.query.one()
    coordinator.submit(f"/portal/pledges/{pledge.id}/change", {"people": "5"})
    login_as("campaign").submit(f"/pledges/{pledge.id}/confirm")
    deliver()
    subjects = [item.message["Subject"] for item in smtp_server.inbox.to("congregation@example.test")]
    assert subjects == ["Your pledge: Vigil at the field office"] + ["Your pledge changed: Vigil at the field office"] * 2
    assert "The campaign confirmed your pledge" in smtp_server.inbox.to("congregation@example.test")[2].text


def test_after_the_action_coordinators_are_asked_to_record_attendance(setup, login_as, smtp_server):
    _, action, _ = setup
    login_as("congregation").submit(f"/portal/actions/{action.id}/pledge", {"people": "3"})
    assert _run_schedule(action.starts_at + timedelta(minutes=30))["attendance requests"] == 0  # still going on
    assert _run_schedule(action.ends_at + timedelta(hours=1))["attendance requests"] == 1
    assert _run_schedule(action.ends_at + timedelta(hours=2))["attendance requests"] == 0
    deliver()
    request = smtp_server.inbox.to("congregation@example.test")[-1]
    assert request.message["Subject"] == "How many came to Vigil at the field office?"


def test_a_public_pledger_gets_confirmation_and_reminder_in_the_language_of_the_page(setup, client, smtp_server):
    _, action, _ = setup
    client.submit("/c/keep-maria-home/pledge?lang=es", {"action_id": str(action.id), "supporter_name": "Vecinos de la calle 5",
                                                        "contact": "vecinos@example.org", "people": "4", "note": ""})
    assert Pledge.query.one().locale == "es"
    _run_schedule(action.starts_at - timedelta(hours=2))
    deliver()
    confirmation, reminder = smtp_server.inbox.to("vecinos@example.org")
    assert confirmation.message["Content-Language"] == "es" and reminder.message["Content-Language"] == "es"
    assert "Hola, Vecinos de la calle 5:" in confirmation.text and "Gracias por comprometerte a asistir" in confirmation.text
    assert "/c/keep-maria-home" in confirmation.text
    _calendar_of(reminder)


def _public_pledge(client, action, query: str = "", **headers):
    response = client.submit(f"/c/keep-maria-home/pledge{query}", {
        "action_id": str(action.id), "supporter_name": "Fictional Block Club", "contact": "block@example.org", "people": "4",
        "note": ""}, headers=headers)
    assert response.status_code == 302


@pytest.mark.parametrize("query,headers,subject,greeting,summary", [
    pytest.param("?lang=es", {}, "Tu compromiso de asistencia: Vigil at the field office", "Gracias por comprometerte a asistir",
                 "Vigil at the field office — 4 personas de nuestra parte", id="es"),
    pytest.param("", {"Accept-Language": "es-MX,es;q=0.8"}, "Tu compromiso de asistencia: Vigil at the field office",
                 "Gracias por comprometerte a asistir", "Vigil at the field office — 4 personas de nuestra parte",
                 id="browser in Spanish"),
    pytest.param("?lang=en", {"Accept-Language": "es"}, "Your pledge: Vigil at the field office",
                 "Thank you for pledging to show up", "Vigil at the field office — 4 people from us", id="en"),
])
def test_the_confirmation_speaks_the_language_the_pledge_was_made_in(setup, client, smtp_server, query, headers, subject,
                                                                      greeting, summary):
    _, action, _ = setup
    _public_pledge(client, action, query, **headers)
    locale = "es" if "Tu" in subject else "en"
    assert Pledge.query.one().locale == locale
    deliver()
    [confirmation] = smtp_server.inbox.to("block@example.org")
    assert confirmation.message["Subject"] == subject and confirmation.message["Content-Language"] == locale
    assert greeting in confirmation.text and greeting in confirmation.html
    other = "Thank you for pledging" if locale == "es" else "Gracias por comprometerte"
    assert other not in confirmation.text
    _, event = _calendar_of(confirmation)
    assert str(event["summary"]) == summary


def test_a_team_member_on_an_english_page_tells_a_spanish_pledger_in_spanish(app, users, client, login_as, smtp_server):
    from tracker.campaigns import fitness
    from tracker.cases.models import Case, ConsentLevel

    case = factories.live_campaign_case(team=[users["campaign"]], slug="keep-maria-home", name="María Pledge Example")
    action = factories.make_action(case, users["campaign"], title="Vigil for María Pledge Example", days=5)
    _public_pledge(client, action, "?lang=es")
    # Consent narrowed to the first name: the title that names her in full gives way to the kind of action,
    # which the Spanish pledger reads in Spanish even though the team member's page is in English.
    case = db.session.get(Case, case.id)
    case.consent_level = ConsentLevel.FIRST_NAME
    fitness.recheck(case)
    db.session.commit()
    pledge = Pledge.query.one()
    lead = login_as("campaign")
    assert lead.submit(f"/pledges/{pledge.id}/confirm?lang=en").status_code == 302
    deliver()
    confirmation, confirmed = smtp_server.inbox.to("block@example.org")
    assert confirmed.message["Subject"] == "Tu compromiso de asistencia cambió: Vigilia"
    assert "La campaña confirmó tu compromiso de asistencia" in confirmed.text and "Vigil " not in confirmed.text
    _, event = _calendar_of(confirmed)
    assert str(event["summary"]) == "Vigilia — 4 personas de nuestra parte"


def test_internal_actions_are_never_emailed_about(app, users, login_as, smtp_server):
    case = factories.live_campaign_case(team=[users["campaign"]], slug="internal-case")
    congregation = factories.make_congregation("Quiet Meeting", coordinator=users["congregation"])
    action = factories.make_action(case, users["campaign"], kind=ActionKind.CHECK_IN_ACCOMPANIMENT, public=False, days=1)
    login_as("campaign").submit(f"/actions/{action.id}/pledges", {"congregation_id": str(congregation.id), "people": "2"})
    assert Pledge.query.count() == 1
    _run_schedule(action.starts_at - timedelta(hours=2))
    assert outbox() == []


def test_one_click_unsubscribe_and_the_link_in_the_body_both_work(setup, login_as, client, smtp_server, users):
    _, action, _ = setup
    login_as("congregation").submit(f"/portal/actions/{action.id}/pledge", {"people": "3"})
    client.submit("/c/keep-maria-home/pledge", {"action_id": str(action.id), "supporter_name": "Pat Neighbour",
                                                "contact": "pat@example.org", "people": "1", "note": ""})
    _run_schedule(action.starts_at - timedelta(hours=2))
    deliver()
    coordinator_reminder = smtp_server.inbox.to("congregation@example.test")[-1]
    public_reminder = smtp_server.inbox.to("pat@example.org")[-1]

    # A mail program's one-click button: a POST with the RFC 8058 body, no session, no CSRF token.
    # As it is on the wire: one plain <URL>, which mail programs read (no encoded words, no folding inside).
    one_click = re.search(rb"\r\nList-Unsubscribe: <(https://[^>\s]+)>\r\n", coordinator_reminder.raw).group(1).decode()
    assert one_click == re.fullmatch(r"<(\S+)>", coordinator_reminder.message["List-Unsubscribe"]).group(1)
    assert coordinator_reminder.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    response = client.post(path_of(one_click), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and "You are unsubscribed" in response.get_data(as_text=True)

    # The link in the body: opening it asks (a link checker must not unsubscribe anyone), the button does it.
    link = re.search(r"https://tracker\.example\.org/mail/unsubscribe/\S+", public_reminder.text).group(0)
    assert f'href="{link}"' in public_reminder.html
    page = client.text(path_of(link))
    assert "Stop these emails?" in page
    assert "You are unsubscribed" in client.post(path_of(link)).get_data(as_text=True)

    later = factories.make_action(action.case, users["campaign"], title="Second vigil", days=3)
    login_as("congregation").submit(f"/portal/actions/{later.id}/pledge", {"people": "2"})
    client.submit("/c/keep-maria-home/pledge", {"action_id": str(later.id), "supporter_name": "Pat Neighbour",
                                                "contact": "PAT@Example.org ", "people": "1", "note": ""})
    counts = _run_schedule(later.starts_at - timedelta(hours=2))
    assert counts["pledge reminders"] == 0  # both turned reminders off (the same address typed another way too)
    assert "checked" not in login_as("congregation").text("/account").split('value="reminders"')[1].split(">")[0]


def test_a_forged_unsubscribe_link_does_nothing(client):
    response = client.post("/mail/unsubscribe/not-a-real-token", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 404 and "This link does not work" in response.get_data(as_text=True)


def test_a_change_whose_email_would_carry_the_a_number_is_not_made(setup, login_as, smtp_server):
    case, action, _ = setup
    # The page may quote the A-number (so the consent check lets the title through); an email never may.
    campaign = db.session.scalar(select(Campaign).where(Campaign.case_id == case.id))
    campaign.show_a_number = True
    db.session.commit()
    login_as("congregation").submit(f"/portal/actions/{action.id}/pledge", {"people": "3"})
    a_number = case.person.a_number
    response = login_as("campaign").submit(f"/actions/{action.id}/edit", {
        "kind": "vigil", "title": f"Vigil for A{a_number}", "day": action.local_start.date().isoformat(), "start_time": "18:00",
        "end_time": "", "timezone": action.timezone, "place": "Another plaza", "description": "", "people_needed": "10",
        "is_public": "y", "call_number": "", "call_hours": "", "script": ""})
    assert response.status_code == 400
    assert "contains the A-number of the person" in response.get_data(as_text=True)
    db.session.refresh(action)
    assert action.title == "Vigil at the field office" and action.place == "Main St. plaza"  # nothing was changed
    assert [row.kind for row in outbox()] == ["pledge.confirmation"]


def test_each_recipient_reads_the_action_title_in_their_language(setup, client, login_as, smtp_server):
    """The campaign wrote the title in Spanish too: a pledger from the Spanish page gets it in the
    subject and body of both messages (the reminder is written by the schedule, outside any page);
    the coordinator, in English, gets the English title."""
    _, action, _ = setup
    action.title_es = "Vigilia frente a la oficina"
    db.session.commit()
    client.submit("/c/keep-maria-home/pledge?lang=es", {"action_id": str(action.id), "supporter_name": "Vecinos de la calle 5",
                                                        "contact": "vecinos@example.org", "people": "4", "note": ""})
    login_as("congregation").submit(f"/portal/actions/{action.id}/pledge?lang=en", {"people": "6"})
    _run_schedule(action.starts_at - timedelta(hours=2))
    deliver()
    for received in smtp_server.inbox.to("vecinos@example.org"):
        assert "Vigilia frente a la oficina" in received.message["Subject"] and "Vigilia frente a la oficina" in received.text
        assert "Vigil at the field office" not in received.message["Subject"] + received.text
    for received in smtp_server.inbox.to("congregation@example.test"):
        assert "Vigil at the field office" in received.message["Subject"]
        assert "Vigilia" not in received.message["Subject"] + received.text
