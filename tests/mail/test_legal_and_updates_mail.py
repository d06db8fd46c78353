"""The legal team's deadline alerts and weekly digest, and campaign updates to
signers who agreed to be contacted (one a day at most, one-click unsubscribe)."""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests import factories
from tests.mail.smtp import deliver, path_of
from tracker.campaigns import services as campaigns
from tracker.campaigns.models import Signature
from tracker.cases import team_access
from tracker.extensions import db
from tracker.mail import schedule
from tracker.timeline.models import EventKind
from tracker.types import utcnow


def _run_schedule(now):
    counts = schedule.queue_due(now)
    db.session.commit()
    return counts


def next_monday(app, hour: int) -> datetime:
    zone = ZoneInfo(app.config["TRACKER_DEFAULT_TIMEZONE"])
    today = utcnow().astimezone(zone).date()
    monday = today + timedelta(days=7 - today.weekday())
    return datetime.combine(monday, time(hour), tzinfo=zone)


@pytest.fixture
def legal_case(app, users):
    return factories.make_case(factories.make_person("Dolores Deadline Example"), team=[users["legal"], users["campaign"]])


def test_deadline_alerts_go_7_3_and_1_days_before_once_each(legal_case, users, smtp_server):
    deadline = factories.make_event(legal_case, EventKind.FILING_DEADLINE, days=9, at=None, actor=users["legal"],
                                    title="BIA appeal due (Form EOIR-26)")
    due = deadline.starts_at  # midnight where the case is (Chicago); the schedule's day is New York's
    assert _run_schedule(due - timedelta(days=9))["deadline alerts"] == 0
    assert _run_schedule(due - timedelta(days=7) + timedelta(hours=2))["deadline alerts"] == 1
    assert _run_schedule(due - timedelta(days=7) + timedelta(hours=10))["deadline alerts"] == 0  # once a day
    assert _run_schedule(due - timedelta(days=5))["deadline alerts"] == 0
    assert _run_schedule(due - timedelta(days=3) + timedelta(hours=1))["deadline alerts"] == 1
    assert _run_schedule(due - timedelta(days=1) + timedelta(hours=1))["deadline alerts"] == 1
    assert _run_schedule(due - timedelta(hours=4))["deadline alerts"] == 0
    deliver()
    alerts = [item for item in smtp_server.inbox.to("legal@example.test") if item.message["Subject"].startswith("Deadline")]
    assert [item.message["Subject"] for item in alerts] == [
        f"Deadline in 7 days: BIA appeal due (Form EOIR-26) (case {legal_case.id})",
        f"Deadline in 3 days: BIA appeal due (Form EOIR-26) (case {legal_case.id})",
        f"Deadline tomorrow: BIA appeal due (Form EOIR-26) (case {legal_case.id})",
    ]
    assert f"Dolores, case {legal_case.id}" in alerts[0].text
    assert smtp_server.inbox.to("campaign@example.test") == []  # the legal team only


def test_a_volunteer_lent_to_the_team_gets_no_alert_once_the_time_is_over(legal_case, users, smtp_server):
    legal_case.team.append(users["outsider"])
    db.session.flush()
    team_access.set_until(legal_case.id, users["outsider"].id, utcnow() + timedelta(hours=1))
    db.session.commit()
    deadline = factories.make_event(legal_case, EventKind.FILING_DEADLINE, days=9, at=None, actor=users["legal"],
                                    title="BIA appeal due (Form EOIR-26)")
    assert _run_schedule(deadline.starts_at - timedelta(days=7) + timedelta(hours=2))["deadline alerts"] == 1
    deliver()
    assert smtp_server.inbox.to("outsider@example.test") == []
    assert any(item.message["Subject"].startswith("Deadline") for item in smtp_server.inbox.to("legal@example.test"))


def test_a_deadline_marked_met_stops_alerting(legal_case, users, login_as):
    deadline = factories.make_event(legal_case, EventKind.FILING_DEADLINE, days=6, at=None, actor=users["legal"])
    login_as("legal").submit(f"/events/{deadline.id}/deadline/complete")
    assert _run_schedule(deadline.starts_at - timedelta(days=3) + timedelta(hours=1))["deadline alerts"] == 0


def test_the_weekly_digest_goes_on_monday_morning_once(app, legal_case, users, smtp_server):
    factories.make_event(legal_case, EventKind.FILING_DEADLINE, days=10, at=None, actor=users["legal"], title="Motion to reopen due")
    factories.make_event(legal_case, EventKind.MASTER_CALENDAR_HEARING, days=12, actor=users["legal"])
    assert _run_schedule(next_monday(app, 6))["weekly digests"] == 0
    assert _run_schedule(next_monday(app, 8))["weekly digests"] == 1
    assert _run_schedule(next_monday(app, 9))["weekly digests"] == 0
    deliver()
    [digest] = [item for item in smtp_server.inbox.to("legal@example.test") if item.message["Subject"].startswith("This week")]
    assert digest.message["Subject"] == "This week: 1 deadlines, 1 hearings to re-check"
    for part in (digest.text, digest.html):
        assert "Motion to reopen due" in part and "Master calendar hearing" in part and f"Dolores, case {legal_case.id}" in part
    assert "never checked" in digest.text


def test_a_volunteer_who_turned_the_digest_off_gets_none(app, legal_case, users, login_as):
    factories.make_event(legal_case, EventKind.FILING_DEADLINE, days=10, at=None, actor=users["legal"])
    login_as("legal").submit("/account/notices", {"topics": ["deadline_alerts"]})
    assert _run_schedule(next_monday(app, 8))["weekly digests"] == 0


# --- Campaign updates ---------------------------------------------------------


@pytest.fixture
def campaign_case(app, users):
    case = factories.live_campaign_case(team=[users["campaign"]], slug="keep-luz-home", name="Luz Update Example")
    petition = case_petition(case)
    for name, address, ok, locale in (("Ana Signer", "ana@example.org", True, "en"), ("Beto Firmante", "beto@example.org", True, "es"),
                                      ("Quiet Signer", "quiet@example.org", False, "en")):
        campaigns.sign(petition, name=name, email=address, contact_ok=ok, locale=locale)
    db.session.commit()
    return case


def case_petition(case):
    from tracker.campaigns.models import Campaign

    return Campaign.query.filter_by(case_id=case.id).one().petition


def test_a_campaign_lead_previews_and_sends_an_update_to_signers_who_agreed(campaign_case, login_as, client, smtp_server):
    lead = login_as("campaign")
    url = f"/cases/{campaign_case.id}/campaign/updates"
    update = {"subject": "The hearing moved to Friday", "body": "Please come to the vigil on Friday.\n\nThank you!"}
    preview = lead.submit(url, {**update, "step": "preview"}).get_data(as_text=True)
    assert "Please come to the vigil on Friday." in preview and "Send to 2 signers" in preview
    assert lead.submit(url, {**update, "step": "send"}).status_code == 302
    again = lead.submit(url, {**update, "step": "send"})
    assert again.status_code == 400 and "already sent today" in again.get_data(as_text=True)

    _run_schedule(utcnow())
    deliver()
    assert smtp_server.inbox.to("quiet@example.org") == []
    [ana] = smtp_server.inbox.to("ana@example.org")
    [beto] = smtp_server.inbox.to("beto@example.org")
    assert ana.message["Subject"] == "The hearing moved to Friday" and beto.message["Content-Language"] == "es"
    assert "Please come to the vigil on Friday." in ana.text and "/c/keep-luz-home" in ana.text
    # One click in Ana's mail program: she is off this campaign's list and her contact consent is withdrawn.
    one_click = re.fullmatch(r"<(\S+)>", ana.message["List-Unsubscribe"]).group(1)
    assert client.post(path_of(one_click), data={"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Signature.query.filter_by(name="Ana Signer").one().contact_ok is False
    assert "to the 1 signers who agreed" in lead.text(url)


def test_each_signer_gets_the_headline_in_their_language_where_the_campaign_wrote_it(campaign_case, login_as, smtp_server):
    campaign = case_petition(campaign_case).campaign
    campaign.headline, campaign.headline_es = "Keep Luz home", "Que Luz se quede en casa"
    db.session.commit()
    url = f"/cases/{campaign_case.id}/campaign/updates"
    lead = login_as("campaign")
    assert lead.submit(url, {"subject": "Friday", "body": "Come on Friday.", "step": "send"}).status_code == 302
    _run_schedule(utcnow())
    deliver()
    [ana] = smtp_server.inbox.to("ana@example.org")
    [beto] = smtp_server.inbox.to("beto@example.org")
    assert "Keep Luz home" in ana.text and "Que Luz se quede" not in ana.text
    assert "Que Luz se quede en casa" in beto.text and "Que Luz se quede en casa" in beto.html
    assert "Keep Luz home" not in beto.text


def test_an_update_carrying_the_a_number_is_refused(campaign_case, login_as):
    a_number = campaign_case.person.a_number
    response = login_as("campaign").submit(f"/cases/{campaign_case.id}/campaign/updates",
                                           {"subject": "News", "body": f"Call ICE about A{a_number}", "step": "send"})
    assert response.status_code == 400
    assert "contains the A-number of the person" in response.get_data(as_text=True)
    assert f"Call ICE about A{a_number}" in response.get_data(as_text=True)  # what was typed is kept


def test_only_the_campaign_lead_and_admins_write_updates(campaign_case, login_as):
    assert login_as("legal").get(f"/cases/{campaign_case.id}/campaign/updates").status_code == 403
    assert login_as("outsider").get(f"/cases/{campaign_case.id}/campaign/updates").status_code == 403
    assert login_as("admin").get(f"/cases/{campaign_case.id}/campaign/updates").status_code == 200
