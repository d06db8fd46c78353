"""A file whose name holds a NUL byte or a right-to-left override is kept under
a clean name and downloads from a real server: a control character in a header
makes gunicorn refuse the whole answer (its own rule is checked here)."""
from __future__ import annotations

import io

import pytest
from gunicorn.http.wsgi import HEADER_VALUE_RE

from tests import factories
from tests.forms.test_sent_twice import LETTER, nonce
from tests.live_http import Visitor
from tracker.extensions import db
from tracker.letters.models import Letter, LetterPage


@pytest.fixture
def case(app, users):
    return factories.live_campaign_case(team=[users["campaign"]], slug="file-names")


def _download(live_server, users, letter):
    visitor = Visitor(live_server)
    visitor.sign_in(users["campaign"].email)
    reply = visitor.get(f"/letters/{letter.id}/pages/{letter.pages[0].id}?download=1")
    assert reply.status == 200
    assert reply.body.startswith(b"%PDF")
    refused = {name: value for name, value in reply.headers.items() if not HEADER_VALUE_RE.fullmatch(value)}
    assert refused == {}, "gunicorn would answer 500 for these headers"
    return reply.headers["Content-Disposition"]


@pytest.mark.parametrize("sent_name", ["letter\x00.pdf", "letter\u202efdp.exe.pdf"])
def test_an_upload_named_with_hidden_characters_is_kept_clean_and_downloads(live_server, login_as, users, case, sent_name):
    client = login_as("campaign")
    page = client.text(f"/cases/{case.id}/letters/new")
    answer = client.submit(f"/cases/{case.id}/letters/new",
                           {**LETTER, "body": "", "form_nonce": nonce(page),
                            "letter_files": (io.BytesIO(factories.pdf_bytes()), sent_name)},
                           content_type="multipart/form-data")
    assert answer.status_code == 302
    letter = Letter.query.one()
    assert letter.pages[0].file.original_name == sent_name.replace("\x00", "").replace("\u202e", "")
    assert "\u202e" not in client.text(f"/letters/{letter.id}")
    disposition = _download(live_server, users, letter)
    assert "letter" in disposition


def test_a_file_kept_with_a_nul_in_its_name_before_names_were_cleaned_downloads(live_server, users, case):
    if db.engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL never stored a NUL")
    letter = factories.make_letter(case, body=None)
    stored = factories.stored_file(factories.pdf_bytes(), "letter.pdf")
    stored.original_name = "old\x00letter\u202efdp.pdf"
    letter.pages.append(LetterPage(file=stored))
    db.session.commit()
    assert "filename=oldletterfdp.pdf" in _download(live_server, users, letter)
