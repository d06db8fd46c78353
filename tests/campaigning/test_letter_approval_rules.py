"""What stops a letter from being approved for a packet, each rule alone: a
letter with neither text nor file, and a translation without the translator's
name (at approval, and on the writer's form)."""
from __future__ import annotations

from datetime import date

import pytest

from tests import factories
from tests.campaigning.test_letters_flow import WRITER
from tests.forms.test_sent_twice import nonce
from tests.pages import visible_text
from tracker.extensions import db
from tracker.letters import services
from tracker.letters.models import Letter, LetterStatus


@pytest.fixture
def case(app, users):
    return factories.consenting_case(team=[users["campaign"], users["legal"]], name="Approval Example")


def _approve(client, letter) -> str:
    page = client.submit(f"/letters/{letter.id}/review/approve", {"note": ""}, follow_redirects=True)
    return visible_text(page.get_data(as_text=True))


def test_a_letter_with_neither_text_nor_file_is_not_approved(login_as, case):
    letter = factories.make_letter(case, status=LetterStatus.RECEIVED, body=None)
    assert services.approval_problems(letter) == ["There is no letter yet: neither text nor an uploaded file."]
    page = _approve(login_as("campaign"), letter)
    assert "neither text nor an uploaded file" in page
    assert db.session.get(Letter, letter.id).status is LetterStatus.RECEIVED


def test_a_letter_with_only_a_file_is_approved(login_as, case):
    scan = factories.stored_file(factories.pdf_bytes(), "scan.pdf")
    letter = factories.make_letter(case, status=LetterStatus.RECEIVED, body=None, letter_files=[scan])
    _approve(login_as("campaign"), letter)
    assert db.session.get(Letter, letter.id).status is LetterStatus.APPROVED


def _translated(case, **changes):
    fields = {"language": "Spanish", "body": "Es una buena vecina.", "translation_text": "She is a good neighbour.",
              "translator_name": "Elena Translator", "translator_address": "1 Example Rd",
              "translator_statement": "I am competent in Spanish and English.", "translation_certified_on": date.today(),
              **changes}
    return factories.make_letter(case, status=LetterStatus.RECEIVED, **fields)


def test_a_certified_translation_without_the_translators_name_is_not_approved(login_as, case):
    letter = _translated(case, translator_name=None)
    assert services.approval_problems(letter) == ["Give the translator's name for the certificate."]
    assert "translator's name" in _approve(login_as("legal"), letter)
    assert db.session.get(Letter, letter.id).status is LetterStatus.RECEIVED


def test_a_certified_translation_with_the_translators_name_is_approved(login_as, case):
    letter = _translated(case)
    assert services.approval_problems(letter) == []
    _approve(login_as("legal"), letter)
    assert db.session.get(Letter, letter.id).status is LetterStatus.APPROVED


def test_the_letter_form_refuses_a_certified_translation_without_the_translators_name(login_as, case):
    client = login_as("campaign")
    form = {**WRITER, "language": "Spanish", "body": "Es una buena vecina.", "translation_text": "She is a good neighbour.",
            "translator_name": "", "translator_address": "1 Example Rd", "translator_statement": "I am competent.",
            "translation_certified": "y", "form_nonce": nonce(client.text(f"/cases/{case.id}/letters/new"))}
    refused = client.submit(f"/cases/{case.id}/letters/new", form)
    assert refused.status_code == 200
    assert "A translation needs the translator's name" in visible_text(refused.get_data(as_text=True))
    assert Letter.query.count() == 0
