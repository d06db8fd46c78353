"""Support letters: the checklist, invitations, review, and writers' own links."""
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import text

from tests import factories
from tracker.extensions import db
from tracker.letters.models import Invitation, Letter, LetterSource, LetterStatus
from tracker.security.audit import AuditEntry
from tracker.types import utcnow

WRITER = {"author_name": "Rev. Ana Example", "relation": "clergy", "relationship_detail": "her pastor", "known_for": "11 years",
          "organization": "St. Example Parish", "author_contact": "ana.pastor@example.org", "language": "English",
          "body": "I have known her for eleven years.", "translation_text": "", "translator_name": "", "translator_address": "",
          "translator_statement": ""}


@pytest.fixture
def case(app, users):
    case = factories.consenting_case(team=[users["campaign"], users["legal"]], name="Letter Example")
    factories.make_campaign(case, slug="letters-case")
    return case


def _invite(client, case, name="Rev. Ana Example"):
    page = client.submit(f"/cases/{case.id}/letters/invitations", {"author_name": name, "relation": "clergy", "days": "30"})
    link = re.search(r'value="(http[^"]+/letters/invite/[^"]+)"', page.get_data(as_text=True)).group(1)
    return link[link.index("/letters/invite/"):]


def test_the_checklist_counts_letters_by_status_against_what_is_needed(login_as, case):
    client = login_as("campaign")
    client.submit(f"/cases/{case.id}/letters/needs", {"family": "2", "clergy": "1", "employer": "0", "teacher": "0",
                                                     "neighbour": "0", "elected_official": "0", "community": "0", "other": "0"})
    factories.make_letter(case, author="Fam One", relation=__import__("tracker.letters.models", fromlist=["Relation"]).Relation.FAMILY)
    page = client.text(f"/cases/{case.id}/letters")
    assert re.search(r"Family</td>\s*<td class=\"num\">2</td>\s*<td class=\"num\">1</td>", page)
    assert "1 more" in page


def test_an_invited_writer_writes_revises_and_is_closed_after_approval(login_as, case, client):
    staff = login_as("campaign")
    link = _invite(staff, case)
    invitation = Invitation.query.one()
    assert len(link.rsplit("/", 1)[1]) >= 43 and invitation.token_digest not in link
    assert "Write a support letter for" in client.text(link)
    client.submit(link, WRITER)
    letter = Letter.query.one()
    assert letter.status is LetterStatus.RECEIVED and letter.source is LetterSource.INVITED
    staff.submit(f"/letters/{letter.id}/review/revise", {"note": "Please add the date and sign."})
    assert "Please add the date and sign." in client.text(link)
    client.submit(link, {**WRITER, "body": "Revised letter, signed and dated."})
    assert Letter.query.one().status is LetterStatus.RECEIVED
    staff.submit(f"/letters/{letter.id}/review/approve", {"note": ""})
    closed = client.text(link)
    assert "approved" in closed
    client.submit(link, {**WRITER, "body": "A change after approval"})
    assert Letter.query.one().body == "Revised letter, signed and dated."


def test_expired_and_revoked_links_do_not_work(login_as, case, client):
    staff = login_as("campaign")
    link = _invite(staff, case)
    invitation = Invitation.query.one()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    gone = client.get(link)
    assert gone.status_code == 404 and "This link does not work" in gone.get_data(as_text=True)
    invitation.expires_at = utcnow() + timedelta(days=3)
    db.session.commit()
    staff.submit(f"/invitations/{invitation.id}/revoke")
    assert client.get(link).status_code == 404


def test_a_new_link_replaces_the_old_one(login_as, case, client):
    staff = login_as("campaign")
    old = _invite(staff, case)
    invitation = Invitation.query.one()
    page = staff.submit(f"/invitations/{invitation.id}/renew").get_data(as_text=True)
    new = re.search(r'/letters/invite/[^"]+', page).group(0)
    assert client.get(old).status_code == 404 and client.get(new).status_code == 200


def test_a_letter_in_spanish_needs_a_certified_translation_before_approval(login_as, case):
    letter = factories.make_letter(case, status=LetterStatus.RECEIVED, language="Spanish", body="Es una buena vecina.")
    staff = login_as("legal")
    response = staff.submit(f"/letters/{letter.id}/review/approve", {"note": ""}, follow_redirects=True)
    assert "add an English translation" in response.get_data(as_text=True)
    letter.translation_text, letter.translator_name = "She is a good neighbour.", "Elena Translator"
    db.session.commit()
    assert "not certified" in staff.submit(f"/letters/{letter.id}/review/approve", {"note": ""}, follow_redirects=True).get_data(as_text=True)
    assert db.session.get(Letter, letter.id).status is LetterStatus.RECEIVED


def test_the_writer_certifies_a_translation_on_the_form(login_as, case):
    staff = login_as("campaign")
    form = {**WRITER, "language": "Spanish", "body": "Es una buena vecina.", "translation_text": "She is a good neighbour.",
            "translator_name": "Elena Translator", "translator_address": "1 Example Rd"}
    refused = staff.submit(f"/cases/{case.id}/letters/new", form)
    assert "must certify the translation" in refused.get_data(as_text=True)
    staff.submit(f"/cases/{case.id}/letters/new", {**form, "translation_certified": "y"})
    letter = Letter.query.one()
    assert letter.translation_certified_on is not None and "competent to translate from Spanish" in letter.translator_statement
    staff.submit(f"/letters/{letter.id}/review/approve", {"note": ""})
    assert db.session.get(Letter, letter.id).status is LetterStatus.APPROVED


def test_review_steps_record_who_and_when_and_are_audited(login_as, case, users):
    letter = factories.make_letter(case, status=LetterStatus.RECEIVED)
    staff = login_as("campaign")
    refused = staff.submit(f"/letters/{letter.id}/review/revise", {"note": ""}, follow_redirects=True)
    assert "Say what the writer should change" in refused.get_data(as_text=True)
    staff.submit(f"/letters/{letter.id}/review/exclude", {"note": "No relationship given"})
    excluded = db.session.get(Letter, letter.id)
    assert excluded.status is LetterStatus.EXCLUDED and excluded.reviewed_by_id == users["campaign"].id
    staff.submit(f"/letters/{letter.id}/review/reopen", {"note": ""})
    assert db.session.get(Letter, letter.id).status is LetterStatus.RECEIVED
    assert {entry.action for entry in AuditEntry.query} >= {"letters.exclude", "letters.reopen"}


def test_an_approved_letter_cannot_be_edited_until_reopened(login_as, case):
    letter = factories.make_letter(case)
    staff = login_as("campaign")
    assert staff.get(f"/letters/{letter.id}/edit").status_code == 302
    staff.submit(f"/letters/{letter.id}/edit", {**WRITER, "body": "Sneaky change"})
    assert db.session.get(Letter, letter.id).body == "I have known them for years."


def test_public_letters_arrive_for_review_and_bots_leave_nothing(client, case):
    client.submit("/c/letters-case/letter", {**WRITER, "website": ""})
    client.submit("/c/letters-case/letter", {**WRITER, "website": "http://spam.example"})
    letter = Letter.query.one()
    assert letter.source is LetterSource.PUBLIC and letter.status is LetterStatus.RECEIVED


def test_writer_contact_details_are_encrypted_at_rest(client, case):
    client.submit("/c/letters-case/letter", {**WRITER, "author_contact": "contact-secret@example.org"})
    raw = db.session.execute(text("SELECT author_contact FROM letters")).scalar()
    assert "contact-secret" not in raw


def test_markup_in_every_letter_field_is_shown_as_text(login_as, case, client):
    script = "<script>alert(1)</script>"
    staff = login_as("campaign")
    link = _invite(staff, case, name=script)
    form = {key: script for key in WRITER if key != "relation"} | {"relation": "clergy"}
    client.submit(link, form)
    letter = Letter.query.one()
    for page in (staff.text(f"/letters/{letter.id}"), staff.text(f"/cases/{case.id}/letters"), client.text(link)):
        assert script not in page and "&lt;script&gt;" in page


def test_staff_enter_a_paper_letter_with_its_scan(login_as, case):
    staff = login_as("legal")
    response = staff.submit(f"/cases/{case.id}/letters/new", {**WRITER, "body": "", "letter_files": (io.BytesIO(factories.pdf_bytes(2)), "scan.pdf")},
                            content_type="multipart/form-data")
    letter = Letter.query.one()
    assert response.status_code == 302 and letter.pages[0].file.page_count == 2 and letter.source is LetterSource.STAFF
