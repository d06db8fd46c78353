"""The packet PDF read back: pages, order, stamps, index ranges, what is in it and what never is."""
import io
import os
import re
import shutil
import subprocess
from datetime import date

import pytest
from pypdf import PdfReader, PdfWriter

from tests import factories
from tracker.campaigns import services as campaigns
from tracker.campaigns.models import Petition
from tracker.extensions import db
from tracker.letters.models import LetterStatus, Relation
from tracker.packets import services
from tracker.packets.layout import PacketError
from tracker.packets.models import Packet, Recipient


def text_of(page) -> str:
    return " ".join(page.extract_text().split())


def _choices(case, **changes):
    letters = services.approved_letters(case)
    choices = services.PacketChoices(
        recipient_kind=Recipient.ICE, recipient=services.recipient_text(case, Recipient.ICE),
        cover_text="Dear Field Office Director:\n\nPlease let them stay.\n\nRespectfully,\n\nPat Organizer",
        letter_ids=[letter.id for letter in letters], include_petition=False, include_signers=False)
    for name, value in changes.items():
        setattr(choices, name, value)
    return choices


@pytest.fixture
def case(app, users):
    case = factories.consenting_case(team=[users["campaign"], users["legal"]], name="Packet Example Person",
                                     a_number="999-777-001", birth_date=date(1981, 6, 7), address="5 Private Lane",
                                     phone="(312) 555-0166", legal_notes="Legal-note-PK", criminal_history="History-PK")
    case.ice_field_office = "Example Field Office, 1 Main St"
    factories.make_campaign(case, slug="packet-campaign")
    return case


def _build(case, **changes) -> tuple[Packet, PdfReader]:
    packet = services.build_and_keep(case, _choices(case, **changes), None)
    db.session.commit()
    return packet, PdfReader(io.BytesIO(services.packet_pdf(packet)))


def test_pages_are_cover_index_and_each_exhibit_in_order_and_every_page_is_stamped(case):
    typed = factories.make_letter(case, author="Typed Writer", relation=Relation.FAMILY,
                                  body="\n\n".join(["A long paragraph of support. " * 40] * 12))
    scan = factories.stored_file(factories.pdf_bytes(pages=20, text="Uploaded page"), "twenty.pdf")
    scanned = factories.make_letter(case, author="Scan Writer", relation=Relation.CLERGY, body=None, letter_files=[scan])
    image = factories.stored_file(factories.png_bytes(), "photo.png")
    photo = factories.make_letter(case, author="Photo Writer", relation=Relation.EMPLOYER, body=None, letter_files=[image])
    spanish = factories.make_letter(case, author="Spanish Writer", relation=Relation.TEACHER, language="Spanish",
                                    body="Es una persona muy buena.", translation_text="She is a very good person.",
                                    translator_name="Elena Translator", translator_address="7 Translator Ave",
                                    translator_statement="I certify that I am competent to translate from Spanish into English.",
                                    translation_certified_on=date.today())
    packet, pdf = _build(case)
    pages = [text_of(page) for page in pdf.pages]
    total = len(pages)
    assert packet.page_count == total
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in page, number
    index = pages[1]
    ranges = {label: (int(first), int(last or first))
              for label, first, last in re.findall(r"\b([A-Z]) Letter from .*?(\d+)(?:–(\d+))?(?= [A-Z] Letter| Index of exhibits)", index)}
    assert set(ranges) == {"A", "B", "C", "D"}
    # Each exhibit starts where the index says, and carries its stamp on every page.
    for label, (first, last) in ranges.items():
        assert f"Exhibit {label}" in pages[first - 1]
        assert all(f"Exhibit {label}" in pages[number - 1] for number in range(first, last + 1))
    assert ranges["A"][1] > ranges["A"][0]  # the long typed letter flows over pages
    assert ranges["B"][1] - ranges["B"][0] + 1 == 20  # the 20-page upload merged whole
    assert "Uploaded page 20" in pages[ranges["B"][1] - 1]
    assert ranges["C"][1] == ranges["C"][0]  # the image on its own page
    spanish_pages = " ".join(pages[ranges["D"][0] - 1:ranges["D"][1]])
    assert spanish_pages.index("Es una persona") < spanish_pages.index("English translation") < spanish_pages.index("Certificate of translation")
    assert "Elena Translator" in spanish_pages and "7 Translator Ave" in spanish_pages
    assert total == 2 + sum(last - first + 1 for first, last in ranges.values())
    # The packet's record names each exhibit's letter and pages as the index prints them.
    kept = [(exhibit.label, exhibit.letter_id, exhibit.first_page, exhibit.last_page)
            for exhibit in sorted(packet.exhibits, key=lambda exhibit: exhibit.position)]
    assert kept == [(label, letter.id, *ranges[label]) for label, letter in zip("ABCD", [typed, scanned, photo, spanish], strict=True)]


def test_only_approved_letters_and_nothing_private_goes_into_the_packet(case):
    petition = Petition.query.one()
    campaigns.sign(petition, name="Signer Example", email="signer.private@example.org", city="Cicero")
    db.session.commit()
    factories.make_letter(case, author="Approved Writer")
    factories.make_letter(case, author="Excluded Writer", status=LetterStatus.EXCLUDED)
    factories.make_letter(case, author="Pending Writer", status=LetterStatus.RECEIVED)
    packet, pdf = _build(case, include_petition=True, include_signers=True)
    text = " ".join(text_of(page) for page in pdf.pages)
    assert "Approved Writer" in text and "Packet Example Person" in text and "999-777-001" in text
    assert "Signer Example" in text and "Cicero" in text
    for absent in ("Excluded Writer", "Pending Writer", "signer.private@example.org", "5 Private Lane", "555-0166",
                   "Legal-note-PK", "History-PK", "1981"):
        assert absent not in text, absent
    metadata = pdf.metadata
    assert metadata.title == "Letters of support for Packet Example Person"
    assert all("Private" not in str(value) and "1981" not in str(value) for value in metadata.values())


def test_names_in_other_scripts_survive_as_text_and_markup_is_printed_as_typed(case):
    factories.make_letter(case, author="Олена Коваль", body="Ελένη and José Núñez wrote <img src=\"/etc/passwd\"/> & <font>.")
    factories.make_letter(case, author="Arabic Example", body="أنا أعرف محمد منذ عشر سنوات")
    _, pdf = _build(case)
    text = " ".join(text_of(page) for page in pdf.pages)
    for expected in ("Олена Коваль", "Ελένη", "José Núñez", '<img src="/etc/passwd"/>', "& <font>."):
        assert expected in text


def test_chinese_letters_print_their_characters(case):
    factories.make_letter(case, author="Chinese Example", body="她是我们的好邻居")
    packet, pdf = _build(case)
    assert "她是我们的好邻居" in " ".join(text_of(page) for page in pdf.pages)
    assert not packet.warnings


def test_the_structure_passes_qpdf(case, tmp_path):
    if not shutil.which("qpdf"):
        if os.environ.get("CI"):
            pytest.fail("qpdf is missing in CI: .ci/run installs it")
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    factories.make_letter(case, author="Typed Writer")
    scan = factories.stored_file(factories.pdf_bytes(pages=2), "scan.pdf")
    factories.make_letter(case, author="Scan Writer", body=None, letter_files=[scan])
    packet, _ = _build(case, include_petition=True, include_signers=True)
    path = tmp_path / "packet.pdf"
    path.write_bytes(services.packet_pdf(packet))
    result = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_rotated_landscape_and_a4_uploads_come_out_on_letter_pages(case):
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    canvas.drawString(72, 700, "A4 portrait words")
    canvas.showPage()
    canvas.setPageSize(landscape(A4))
    canvas.drawString(72, 300, "Landscape words")
    canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=io.BytesIO(buffer.getvalue()))
    writer.pages[0].rotate(90)
    rotated = io.BytesIO()
    writer.write(rotated)
    scan = factories.stored_file(rotated.getvalue(), "mixed.pdf")
    factories.make_letter(case, author="Mixed Writer", body=None, letter_files=[scan])
    _, pdf = _build(case)
    assert all((float(page.mediabox.width), float(page.mediabox.height)) == (612, 792) for page in pdf.pages)
    text = " ".join(text_of(page) for page in pdf.pages)
    assert "A4 portrait words" in text and "Landscape words" in text


def test_an_unreadable_upload_stops_the_build_naming_the_letter(case):
    scan = factories.stored_file(factories.pdf_bytes(), "fine.pdf")
    factories.make_letter(case, author="Broken Upload Writer", body=None, letter_files=[scan])
    scan.content = b"not a Fernet token"
    db.session.commit()
    with pytest.raises(PacketError, match="Broken Upload Writer"):
        services.build_and_keep(case, _choices(case), None)
    db.session.rollback()
    assert Packet.query.count() == 0


def test_a_case_without_approved_letters_gets_a_clear_message(case):
    factories.make_letter(case, status=LetterStatus.RECEIVED)
    with pytest.raises(PacketError, match="no approved letters yet"):
        services.build_and_keep(case, _choices(case), None)


def test_a_certificate_of_service_is_added_only_when_asked(case):
    factories.make_letter(case)
    _, without = _build(case)
    _, with_service = _build(case, service_text="I certify that I served DHS by mail.")
    assert "Certificate of service" not in " ".join(text_of(page) for page in without.pages)
    last = text_of(with_service.pages[-1])
    assert "Certificate of service" in last and "served DHS by mail" in last


def test_the_signer_list_goes_in_only_when_asked(case):
    petition = Petition.query.one()
    campaigns.sign(petition, name="Listed Signer Example", email="listed@example.org", city="Oak Park")
    db.session.commit()
    factories.make_letter(case, author="Approved Writer")
    _, without = _build(case, include_petition=True, include_signers=False)
    text = " ".join(text_of(page) for page in without.pages)
    assert "people signed the petition" in text  # the summary is there
    assert "Listed Signer Example" not in text and "Oak Park" not in text
    _, listed = _build(case, include_petition=True, include_signers=True)
    text = " ".join(text_of(page) for page in listed.pages)
    assert "Listed Signer Example" in text and "Oak Park" in text
    # Each of the petition exhibit's two guards (no list, no count) holds alone.
    summary_only = services.petition_exhibit(petition, "B", with_signers=False)
    assert summary_only.signers is None and summary_only.signer_count == 0
    with_list = services.petition_exhibit(petition, "B", with_signers=True)
    assert list(with_list.signers) == [("Listed Signer Example", "Oak Park")] and with_list.signer_count == 1


def test_writers_id_copies_go_in_only_when_asked(case):
    id_copy = factories.stored_file(factories.png_bytes(), "id.png")
    factories.make_letter(case, author="Identified Writer", id_copy_file_id=id_copy.id)
    without_packet, without = _build(case, include_id_copies=False)
    with_packet, with_ids = _build(case, include_id_copies=True)
    assert "Identification of Identified Writer" not in " ".join(text_of(page) for page in without.pages)
    assert "Identification of Identified Writer" in " ".join(text_of(page) for page in with_ids.pages)
    assert with_packet.page_count == without_packet.page_count + 1
