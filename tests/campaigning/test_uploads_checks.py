"""Uploads: the type comes from the content, bad files are refused with a reason and nothing kept."""
import io

import pytest
from pypdf import PdfWriter

from tests import factories
from tracker.files import services as files
from tracker.files.models import StoredFile
from tracker.letters.models import Letter


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("fictional-password")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BAD_FILES = [
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "letter.pdf", "Only PDF, JPEG or PNG"),
    (b"MZ\x90\x00" + b"\x00" * 200, "letter.pdf", "Only PDF, JPEG or PNG"),
    (b"", "letter.pdf", "empty"),
    (b"%PDF-1.7\n1 0 obj garbage garbage\n%%EOF", "letter.pdf", "could not be read"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "photo.png", "could not be read"),
]


@pytest.mark.parametrize(("data", "name", "message"), BAD_FILES)
def test_a_bad_file_is_refused_with_its_reason(app, data, name, message):
    with pytest.raises(files.UploadRefused, match=message):
        files.check_upload(data, name)


def test_an_encrypted_pdf_is_refused(app):
    with pytest.raises(files.UploadRefused, match="password-protected"):
        files.check_upload(_encrypted_pdf(), "locked.pdf")


def test_an_oversize_file_is_refused(app):
    app.config["UPLOAD_MAX_BYTES"] = 1000
    try:
        with pytest.raises(files.UploadRefused, match="the limit is"):
            files.check_upload(factories.pdf_bytes(pages=3) + b" " * 2000, "big.pdf")
    finally:
        app.config["UPLOAD_MAX_BYTES"] = 10 * 1024 * 1024


def test_a_good_pdf_keeps_its_page_count_and_is_stored_encrypted(app):
    checked = files.check_upload(factories.pdf_bytes(pages=3, text="Visible words"), "three.pdf")
    stored = files.store(checked)
    assert (stored.kind, stored.page_count, stored.mime) == ("pdf", 3, "application/pdf")
    assert b"%PDF" not in stored.content and b"Visible" not in stored.content
    assert files.read(stored).startswith(b"%PDF")


def test_images_lose_their_metadata(app):
    from PIL import Image

    image = Image.new("RGB", (30, 20), "red")
    exif = Image.Exif()
    exif[0x010F] = "FictionalCamera"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    checked = files.check_upload(buffer.getvalue(), "scan.jpg")
    assert dict(Image.open(io.BytesIO(checked.data)).getexif()) == {}


LETTER = {"author_name": "Pat Writer", "relation": "community", "relationship_detail": "neighbour", "known_for": "4 years",
          "organization": "", "author_contact": "", "language": "English", "body": "", "translation_text": "",
          "translator_name": "", "translator_address": "", "translator_statement": "", "website": ""}


@pytest.mark.parametrize(("data", "name", "message"), [*BAD_FILES[:4], (None, "locked.pdf", "password-protected")])
def test_the_public_form_refuses_a_bad_file_and_keeps_nothing(client, data, name, message):
    case = factories.consenting_case()
    factories.make_campaign(case, slug="letters-here")
    payload = _encrypted_pdf() if data is None else data
    response = client.submit("/c/letters-here/letter", {**LETTER, "letter_files": (io.BytesIO(payload), name)},
                             content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert message in page and 'value="Pat Writer"' in page
    assert Letter.query.count() == 0
    assert StoredFile.query.filter_by(claimed=True).count() == 0


def test_a_valid_upload_is_kept_while_the_form_is_corrected(client):
    case = factories.consenting_case()
    factories.make_campaign(case, slug="letters-here")
    first = client.submit("/c/letters-here/letter", {**LETTER, "known_for": "", "letter_files": (io.BytesIO(factories.pdf_bytes()), "mine.pdf")},
                          content_type="multipart/form-data").get_data(as_text=True)
    assert "Kept from your last try" in first and "<strong>mine.pdf</strong>" in first
    token = first.split('name="letter_files__kept" value="')[1].split('"')[0]
    client.submit("/c/letters-here/letter", {**LETTER, "letter_files__kept": token})
    letter = Letter.query.one()
    assert [page.file.original_name for page in letter.pages] == ["mine.pdf"] and letter.pages[0].file.claimed


def test_uploads_are_served_only_to_the_case_team(login_as, users, client):
    case = factories.consenting_case(team=[users["campaign"], users["legal"]])
    stored = factories.stored_file(factories.pdf_bytes(), "signed.pdf")
    letter = factories.make_letter(case, letter_files=[stored])
    url = f"/letters/{letter.id}/pages/{letter.pages[0].id}"
    response = login_as("campaign").get(url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert login_as("outsider").get(url).status_code == 404
    assert login_as("congregation").get(url).status_code == 403
    assert client.get(url).status_code == 302
