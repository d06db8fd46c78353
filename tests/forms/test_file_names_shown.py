"""A file's name is shown as cleanly as it is downloaded: never with a NUL, a
control character or a right-to-left override ("invoice\u202efdp.exe.pdf" reads as
"invoiceexe.pdf..." — a disguise), on any page that lists an upload, in an
upload's refusal, or in the case file the team downloads before a purge."""
from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from tests import factories
from tests.forms.test_sent_twice import LETTER, nonce
from tracker.extensions import db
from tracker.files.models import StoredFile
from tracker.letters.models import Letter, LetterPage, LetterStatus
from tracker.names import BIDI_CONTROLS

DISGUISED = "invoice\u202efdp.exe.pdf"
SHOWN = "invoicefdp.exe.pdf"
# Kept before names were cleaned (PostgreSQL never stored a NUL: only the override there).
LEGACY = "old\x07letter\u202efdp.exe.pdf"
LEGACY_SHOWN = "oldletterfdp.exe.pdf"


def _hidden_characters(text: str) -> set[str]:
    return {character for character in text if character in BIDI_CONTROLS or (ord(character) < 32 and character not in "\t\n\r")}


@pytest.fixture
def case(app, users):
    return factories.live_campaign_case(team=[users["campaign"], users["legal"]], slug="shown-names")


def _letter_with_legacy_files(case) -> Letter:
    letter = factories.make_letter(case, body=None, language="Spanish", status=LetterStatus.RECEIVED)
    for attribute in ("pages", "id_copy_file_id", "translation_file_id"):
        stored = factories.stored_file(factories.pdf_bytes(), "letter.pdf")
        stored.original_name = LEGACY
        if attribute == "pages":
            letter.pages.append(LetterPage(file=stored))
        else:
            setattr(letter, attribute, stored.id)
    db.session.commit()
    return letter


def test_the_display_name_is_the_download_name():
    assert StoredFile(original_name=LEGACY).display_name == LEGACY_SHOWN
    assert StoredFile(original_name="a/b\\" + DISGUISED).display_name == SHOWN
    assert StoredFile(original_name="\u202e\x00").display_name == "upload"


def test_an_upload_with_a_disguised_name_is_listed_clean(login_as, case):
    client = login_as("campaign")
    page = client.text(f"/cases/{case.id}/letters/new")
    answer = client.submit(f"/cases/{case.id}/letters/new",
                           {**LETTER, "body": "", "form_nonce": nonce(page),
                            "letter_files": (io.BytesIO(factories.pdf_bytes()), DISGUISED)},
                           content_type="multipart/form-data")
    assert answer.status_code == 302
    letter = Letter.query.one()
    for path in (f"/letters/{letter.id}", f"/letters/{letter.id}/edit"):
        shown = client.text(path)
        assert SHOWN in shown, path
        assert not _hidden_characters(shown), path


@pytest.mark.parametrize("role", ["campaign", "legal"])
def test_names_kept_before_names_were_cleaned_are_shown_clean(login_as, case, role):
    letter = _letter_with_legacy_files(case)
    client = login_as(role)
    shown = client.text(f"/letters/{letter.id}")
    assert shown.count(LEGACY_SHOWN) == 3  # the letter, the ID copy and the translation
    assert not _hidden_characters(shown)
    edit = client.text(f"/letters/{letter.id}/edit")
    # The letter's file: "already uploaded", its link in the list to put in order, its Remove button
    # (visually hidden text) and that button's confirmation; and "already uploaded" for the translation.
    assert edit.count(LEGACY_SHOWN) == 5
    assert not _hidden_characters(edit)


def test_a_kept_upload_on_a_form_shown_again_is_named_clean(login_as, case):
    client = login_as("campaign")
    page = client.text(f"/cases/{case.id}/letters/new")
    form = {**LETTER, "author_name": "", "body": "", "form_nonce": nonce(page)}
    first = client.submit(f"/cases/{case.id}/letters/new", {**form, "letter_files": (io.BytesIO(factories.pdf_bytes()), "a.pdf")},
                          content_type="multipart/form-data")
    assert first.status_code == 200  # the writer's name is missing: the form comes back, the file kept
    token = re.search(r'name="letter_files__kept" value="([^"]+)"', first.get_data(as_text=True)).group(1)
    stored = db.session.scalar(db.select(StoredFile).order_by(StoredFile.id.desc()))
    stored.original_name = LEGACY
    db.session.commit()
    again = client.submit(f"/cases/{case.id}/letters/new", {**form, "letter_files__kept": token},
                          content_type="multipart/form-data")
    shown = again.get_data(as_text=True)
    assert again.status_code == 200 and LEGACY_SHOWN in shown
    assert not _hidden_characters(shown)


def test_a_refused_upload_is_named_clean_in_its_message(client, case):
    page = client.text("/c/shown-names/letter")
    answer = client.submit("/c/shown-names/letter",
                           {**LETTER, "body": "", "form_nonce": nonce(page),
                            "letter_files": (io.BytesIO(b"MZ not a letter at all"), "invoice\u202efdp.exe\x00.pdf")},
                           content_type="multipart/form-data")
    shown = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "invoicefdp.exe.pdf:" in shown
    assert not _hidden_characters(shown)
    assert Letter.query.count() == 0


def test_the_case_file_names_uploads_clean(login_as, case):
    _letter_with_legacy_files(case)
    download = login_as("legal").get(f"/cases/{case.id}/case-file.zip")
    assert download.status_code == 200, download.status_code
    with zipfile.ZipFile(io.BytesIO(download.get_data())) as archive:
        written = {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
                   if name.endswith((".json", ".csv"))}
    assert any(LEGACY_SHOWN in text for text in written.values())
    assert json.loads(written["case-file.json"])["letters"][0]["letter_files"] == [LEGACY_SHOWN]
    for name, text in written.items():
        assert not _hidden_characters(text), name
    assert "\u202e" not in written["case-file.json"]
