"""Letter writers hear by email: the invitation itself, then "received",
"needs revision" (with the reviewer's note) and "approved"; an invitation
that bounced shows on the letter's page."""
from __future__ import annotations

import re

import pytest

from tests import factories
from tests.mail.smtp import deliver, outbox, parsed, path_of
from tracker.letters.models import Letter, LetterStatus

WRITER = {"author_name": "Rev. Ana Example", "relation": "clergy", "relationship_detail": "her pastor", "known_for": "11 years",
          "organization": "St. Example Parish", "author_contact": "ana.pastor@example.org", "language": "English",
          "body": "I have known her for eleven years.", "translation_text": "", "translator_name": "",
          "translator_address": "", "translator_statement": ""}


@pytest.fixture
def case(app, users):
    case = factories.consenting_case(team=[users["campaign"], users["legal"]], name="Rosa Letter Example")
    factories.make_campaign(case, slug="letters-mail")
    return case


def _invite_by_email(staff, case, address="ana.pastor@example.org", locale="en"):
    return staff.submit(f"/cases/{case.id}/letters/invitations", {
        "author_name": "Rev. Ana Example", "relation": "clergy", "days": "30", "email": address, "locale": locale})


def test_an_invited_writer_gets_the_link_by_email_and_every_step_after(login_as, client, case, smtp_server):
    staff = login_as("campaign")
    page = _invite_by_email(staff, case)
    assert "The invitation was emailed to ana.pastor@example.org" in page.get_data(as_text=True)
    deliver()
    [invitation] = smtp_server.inbox.to("ana.pastor@example.org")
    assert invitation.message["Subject"] == "Will you write a support letter for Rosa?"
    assert "List-Unsubscribe" not in invitation.message  # the invitation is what they need
    link = re.search(r"https://tracker\.example\.org/letters/invite/\S+", invitation.text).group(0)
    assert f'href="{link}"' in invitation.html

    writer_page = path_of(link)
    client.submit(writer_page, WRITER)
    letter = Letter.query.one()
    assert letter.status is LetterStatus.RECEIVED
    staff.submit(f"/letters/{letter.id}/review/revise", {"note": "Please add the date and sign it."})
    client.submit(writer_page, {**WRITER, "body": "Revised, signed and dated."})
    staff.submit(f"/letters/{letter.id}/review/approve", {"note": ""})
    deliver()

    subjects = [item.message["Subject"] for item in smtp_server.inbox.to("ana.pastor@example.org")]
    assert subjects == [
        "Will you write a support letter for Rosa?",
        "We received your letter for Rosa",
        "Please revise your letter for Rosa",
        "We received your letter for Rosa",
        "Your letter for Rosa was approved",
    ]
    revision = smtp_server.inbox.to("ana.pastor@example.org")[2]
    assert "Please add the date and sign it." in revision.text and "Please add the date and sign it." in revision.html
    assert "private link you received with your invitation" in revision.text
    assert revision.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_public_writer_asked_to_revise_gets_a_link_to_do_it(login_as, client, case, smtp_server):
    client.submit("/c/letters-mail/letter?lang=es", {**WRITER, "author_contact": "vecina@example.org"})
    letter = Letter.query.one()
    assert letter.writer_locale == "es"  # the language of the page they wrote from
    login_as("campaign").submit(f"/letters/{letter.id}/review/revise", {"note": "Falta la firma."})
    deliver()
    received, revision = smtp_server.inbox.to("vecina@example.org")
    assert received.message["Content-Language"] == "es"
    link = re.search(r"https://tracker\.example\.org/letters/invite/\S+", revision.text).group(0)
    assert "Falta la firma." in client.text(path_of(link))


def test_a_writer_without_an_email_gets_nothing(login_as, client, case, smtp_server):
    client.submit("/c/letters-mail/letter", {**WRITER, "author_contact": "555-0142"})
    login_as("campaign").submit(f"/letters/{Letter.query.one().id}/review/approve", {"note": ""})
    assert outbox() == []


def test_an_invitation_that_bounced_shows_on_the_letters_page(login_as, case, smtp_server):
    smtp_server.inbox.refuse.add("gone@example.org")
    staff = login_as("campaign")
    _invite_by_email(staff, case, "gone@example.org")
    deliver()
    letter = Letter.query.one()
    page = staff.text(f"/letters/{letter.id}")
    assert "An email could not be delivered" in page
    assert "The invitation to write a letter" in page and "550 5.1.1" in page


def test_staff_can_send_a_new_link_by_email_from_the_letters_page(login_as, client, case, smtp_server):
    staff = login_as("campaign")
    _invite_by_email(staff, case)
    letter = Letter.query.one()
    page = staff.text(f"/letters/{letter.id}")
    assert "Send a new link by email" in page
    staff.submit(f"/invitations/{letter.invitation.id}/email")
    deliver()
    first, second = smtp_server.inbox.to("ana.pastor@example.org")
    old = re.search(r"https://tracker\.example\.org/letters/invite/\S+", first.text).group(0)
    new = re.search(r"https://tracker\.example\.org/letters/invite/\S+", second.text).group(0)
    assert client.get(path_of(old)).status_code == 404
    assert client.get(path_of(new)).status_code == 200


def test_a_review_note_with_the_a_number_is_refused_before_it_is_emailed(login_as, client, case, smtp_server):
    client.submit("/c/letters-mail/letter", WRITER)
    letter = Letter.query.one()
    a_number = case.person.a_number  # 999000001
    staff = login_as("legal")
    response = staff.submit(f"/letters/{letter.id}/review/revise", {"note": f"Mention A{a_number[:3]}-{a_number[3:6]}-{a_number[6:]}"},
                            follow_redirects=True)
    assert "The note contains the A-number of the person" in response.get_data(as_text=True)
    assert Letter.query.one().status is LetterStatus.RECEIVED
    assert [row.kind for row in outbox()] == ["letter.received"]
    assert all(a_number not in parsed(row).as_string() for row in outbox())
