"""A letter sent as several files is one exhibit of the packet, its files in the
letter's order: the photo of each page on a page of its own, a PDF's pages merged whole."""
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from tests import factories
from tracker.extensions import db
from tracker.letters.models import Letter
from tracker.packets import ocr, services
from tracker.packets.models import Recipient

WRITER = {"author_name": "Marta Example", "relation": "family", "relationship_detail": "her sister", "known_for": "30 years",
          "organization": "", "author_contact": "", "language": "English", "body": "", "translation_text": "",
          "translator_name": "", "translator_address": "", "translator_statement": "", "website": ""}
# Each photo its own colour and size: what a page shows says which photo it is.
PHOTOS = {"first.png": ("red", (300, 400)), "second.png": ("lime", (320, 400)), "third.png": ("blue", (340, 400))}


def _photo(colour: str, size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def case(app, users):
    case = factories.consenting_case(team=[users["campaign"]], name="Order Example")
    factories.make_campaign(case, slug="order-case")
    return case


@pytest.fixture
def without_ocr(monkeypatch):
    """The photos drawn as they are (OCR re-encodes them; its own tests are in test_ocr.py)."""
    monkeypatch.setattr(ocr, "searchable", lambda data, image=False: None)


def _packet(case, login_as) -> PdfReader:
    client = login_as("campaign")
    letter = Letter.query.one()
    assert client.submit(f"/letters/{letter.id}/review/approve", {"note": ""}).status_code == 302
    packet = services.build_and_keep(case, services.PacketChoices(
        recipient_kind=Recipient.ICE, recipient="Field Office Director", cover_text="Dear Director,",
        letter_ids=[letter.id], include_petition=False, include_signers=False), None)
    db.session.commit()
    return PdfReader(io.BytesIO(services.packet_pdf(packet)))


def _exhibit_pages(pdf: PdfReader) -> list:
    return [page for page in pdf.pages if "Exhibit A — Letter from Marta Example" in " ".join(page.extract_text().split())]


def _colour_and_size(page) -> tuple[tuple[int, int, int], tuple[int, int]]:
    (picture,) = page.images
    image = picture.image.convert("RGB")
    return image.getpixel((image.width // 2, image.height // 2)), image.size


def test_three_photos_sent_from_the_public_form_are_the_exhibit_pages_in_that_order(client, login_as, case, without_ocr):
    chosen = [(io.BytesIO(_photo(*PHOTOS[name])), name) for name in PHOTOS]
    assert client.submit("/c/order-case/letter", {**WRITER, "letter_files": chosen},
                         content_type="multipart/form-data").status_code == 302
    pages = _exhibit_pages(_packet(case, login_as))
    assert len(pages) == 3
    for number, page in enumerate(pages, start=1):
        assert f"Letter from Marta Example ({number} of 3)" in " ".join(page.extract_text().split())
    assert [_colour_and_size(page) for page in pages] == [
        ((255, 0, 0), (300, 400)), ((0, 255, 0), (320, 400)), ((0, 0, 255), (340, 400))]


def test_the_order_the_team_sets_is_the_order_of_the_packet(client, login_as, case, without_ocr):
    chosen = [(io.BytesIO(_photo(*PHOTOS[name])), name) for name in PHOTOS]
    client.submit("/c/order-case/letter", {**WRITER, "letter_files": chosen}, content_type="multipart/form-data")
    letter = Letter.query.one()
    third = letter.pages[2]
    staff = login_as("campaign")
    staff.submit(f"/letters/{letter.id}/pages/{third.id}/up")
    staff.submit(f"/letters/{letter.id}/pages/{third.id}/up")
    pages = _exhibit_pages(_packet(case, login_as))
    assert [_colour_and_size(page)[1] for page in pages] == [(340, 400), (300, 400), (320, 400)]


def test_a_pdf_between_two_photos_is_merged_whole_in_its_place(client, login_as, case, without_ocr):
    chosen = [(io.BytesIO(_photo(*PHOTOS["first.png"])), "first.png"),
              (io.BytesIO(factories.pdf_bytes(pages=2, text="Scanned middle page")), "middle.pdf"),
              (io.BytesIO(_photo(*PHOTOS["third.png"])), "third.png")]
    client.submit("/c/order-case/letter", {**WRITER, "letter_files": chosen}, content_type="multipart/form-data")
    pages = _exhibit_pages(_packet(case, login_as))
    texts = [" ".join(page.extract_text().split()) for page in pages]
    assert len(pages) == 4
    assert "Scanned middle page 1" in texts[1] and "Scanned middle page 2" in texts[2]
    assert _colour_and_size(pages[0])[1] == (300, 400) and _colour_and_size(pages[3])[1] == (340, 400)
