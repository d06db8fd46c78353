"""No email ever carries a restricted field. Every kind of message is made for
one fully filled case (distinctive restricted values), and its subject, both
parts, headers and attachments are searched for each of them."""
from __future__ import annotations

import email
import re
from datetime import date, datetime, time, timedelta
from email.policy import default
from zoneinfo import ZoneInfo

from tests import factories
from tests.mail.smtp import outbox
from tracker.actions.models import Pledge
from tracker.campaigns import services as campaigns
from tracker.campaigns.models import Campaign
from tracker.cases.models import ConsentLevel
from tracker.extensions import db
from tracker.mail import kinds, notices, schedule, updates
from tracker.mail import pledges as pledge_mail
from tracker.timeline.models import EventKind
from tracker.types import utcnow

RESTRICTED = {
    "a_number": "999887766",
    "birth_date": date(1979, 2, 13),
    "address": "4471 Zzyzx Hollow Road, Apt 9B, Springfield",
    "phone": "555-0187",
    "legal_notes": "LEGALNOTE-PLUM strategy: argue hardship for the US-citizen daughter",
    "criminal_history": "CRIMHIST-OCTOPUS 2009 citation, dismissed",
}
NEVER_IN_MAIL = [
    "999887766", "999-887-766", "999 887 766", "A999887766", "99988 7766",
    "1979-02-13", "02/13/1979", "2/13/1979", "February 13, 1979", "13 Feb 1979", "Feb 13, 1979",
    "Zzyzx", "Hollow Road", "555-0187", "5550187", "LEGALNOTE", "hardship for the US-citizen", "CRIMHIST", "OCTOPUS",
    # only the first name: never the family names
    "Restrepo", "Vantablack",
]
LETTER = {"author_name": "Rev. Ana Example", "relation": "clergy", "relationship_detail": "", "known_for": "11 years",
          "organization": "", "author_contact": "writer@example.org", "language": "English", "body": "A letter.",
          "translation_text": "", "translator_name": "", "translator_address": "", "translator_statement": ""}


def _every_text_of(stored: str) -> str:
    message = email.message_from_string(stored, policy=default)
    pieces = [f"{name}: {value}" for name, value in message.items()]
    for part in message.walk():
        if part.is_multipart():
            continue
        content = part.get_content()
        pieces.append(content.decode("utf-8", "replace") if isinstance(content, bytes) else content)
    return "\n".join(pieces)


def _next_monday_morning(app) -> datetime:
    zone = ZoneInfo(app.config["TRACKER_DEFAULT_TIMEZONE"])
    today = utcnow().astimezone(zone).date()
    return datetime.combine(today + timedelta(days=7 - today.weekday()), time(8), tzinfo=zone)


def test_no_message_of_any_kind_carries_a_restricted_field(app, users, login_as, client, base_url):
    case = factories.consenting_case(team=[users["legal"], users["campaign"]], level=ConsentLevel.FULL_NAME,
                                     name="Xiomara Restrepo Vantablack", a_number=RESTRICTED["a_number"],
                                     **{key: value for key, value in RESTRICTED.items() if key != "a_number"})
    case.person.preferred_name = "Xiomara Restrepo"
    factories.make_campaign(case, slug="keep-xiomara-home", show_a_number=True, headline="Keep Xiomara home")
    factories.make_congregation("St. Example Parish", coordinator=users["congregation"])
    action = factories.make_action(case, users["campaign"], title="Vigil for Xiomara", days=2, place="Main St. plaza")
    deadline = factories.make_event(case, EventKind.FILING_DEADLINE, days=9, at=None, actor=users["legal"])
    factories.make_event(case, EventKind.MASTER_CALENDAR_HEARING, days=12, actor=users["legal"], location="Immigration Court")
    campaign = Campaign.query.filter_by(case_id=case.id).one()
    campaigns.sign(campaign.petition, name="Sam Signer", email="signer@example.org", contact_ok=True)
    db.session.commit()

    # Accounts
    login_as("admin").submit("/admin/users/new", {"email": "new@example.org", "name": "New Person", "role": "legal",
                                                 "congregation_id": "0"})
    notices.password_changed(users["legal"], when=utcnow())
    notices.two_factor_changed(users["legal"], enabled=True, when=utcnow())
    notices.two_factor_changed(users["legal"], enabled=False, when=utcnow(), by_admin=True)
    notices.sign_in_failures(users["legal"], failures=5, hours=24, when=utcnow())
    notices.account_locked_down(users["admin"], account=users["legal"], by_admin=None, when=utcnow())
    notices.sign_in_failures_to_admin(users["admin"], account=users["legal"], failures=5, hours=24, when=utcnow())
    db.session.commit()
    # Letters: invited by email, written, sent back, approved
    staff = login_as("campaign")
    page = staff.submit(f"/cases/{case.id}/letters/invitations", {"author_name": "Rev. Ana Example", "relation": "clergy",
                                                                 "days": "30", "email": "writer@example.org", "locale": "en"})
    link = re.search(r'value="http[^"]+(/letters/invite/[^"]+)"', page.get_data(as_text=True)).group(1)
    client.submit(link, LETTER)
    letter_id = db.session.scalar(db.select(db.func.max(db.text("id"))).select_from(db.text("letters")))
    staff.submit(f"/letters/{letter_id}/review/revise", {"note": "Please sign it."})
    client.submit(link, LETTER)
    staff.submit(f"/letters/{letter_id}/review/approve", {"note": ""})
    client.submit("/c/keep-xiomara-home/letter", {**LETTER, "author_contact": "public.writer@example.org"})
    # Pledges: a coordinator and a public pledger; the action moves, is cancelled
    coordinator = login_as("congregation")
    coordinator.submit(f"/portal/actions/{action.id}/pledge", {"people": "3"})
    client.submit("/c/keep-xiomara-home/pledge", {"action_id": str(action.id), "supporter_name": "Pat Neighbour",
                                                  "contact": "pat@example.org", "people": "1", "note": ""})
    pledge = Pledge.query.filter(Pledge.congregation_id.is_not(None)).one()
    coordinator.submit(f"/portal/pledges/{pledge.id}/change", {"people": "4"})
    pledge_mail.action_changed(action)
    pledge_mail.action_cancelled(action)
    db.session.commit()
    # What time causes: reminders, attendance requests, alerts, the digest, a campaign update
    updates.record(campaign, "News from the campaign", "Thank you for standing with Xiomara.", users["campaign"])
    db.session.commit()
    for now in (action.starts_at - timedelta(hours=2), action.ends_at + timedelta(hours=1),
                deadline.starts_at - timedelta(days=3) + timedelta(hours=1), _next_monday_morning(app)):
        schedule.queue_due(now)
        db.session.commit()

    messages = outbox()
    assert {row.kind for row in messages} == {kind.key for kind in kinds.ALL_KINDS}, "every kind of message is checked"
    for row in messages:
        text = _every_text_of(row.content)
        for value in NEVER_IN_MAIL:
            assert value.casefold() not in text.casefold(), f"{row.kind} carries {value!r}"
        assert "Xiomara" in text or row.kind.startswith("account.") or row.kind == "campaign.update", row.kind
    # Staff mail names the case by first name and number, with a link into the app.
    digest = next(row for row in messages if row.kind == "legal.weekly_digest")
    assert f"Xiomara, case {case.id}" in _every_text_of(digest.content)
    assert f"{base_url}/cases/{case.id}#event-" in _every_text_of(digest.content)
