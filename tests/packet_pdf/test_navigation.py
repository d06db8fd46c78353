"""Finding one's way in a packet: bookmarks, index entries that link to their exhibit,
exhibit bands over uploaded pages, optional Bates numbers, ID copies by choice, and
the document language."""
from __future__ import annotations

import io

from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from tests import factories
from tests.packets import apply, page_texts, read, upload_placements
from tests.packets.test_layout import full_spec, letter, make_spec
from tracker.extensions import db
from tracker.packets import services
from tracker.packets.layout import BAND_Y, STAMP_Y, Part, build_packet
from tracker.packets.models import Recipient


def _page_of(reader, destination) -> int:
    return reader.get_destination_page_number(destination) + 1


def test_every_section_and_exhibit_is_a_bookmark_on_its_first_page():
    built = build_packet(full_spec())
    reader = read(built.pdf)
    outline = [(item.title, _page_of(reader, item)) for item in reader.outline]
    expected = [(title if label == title else f"{label}: {title}", first) for label, title, first, _ in built.ranges]
    assert outline == expected
    assert outline[0] == ("Cover letter", 1) and outline[1] == ("Index of exhibits", 2)
    assert outline[2][0] == "Exhibit A: Letter from Grace Example — neighbour"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_each_index_entry_links_to_its_exhibits_first_page():
    built = build_packet(full_spec())
    reader = read(built.pdf)
    page_ids = [page.indirect_reference.idnum for page in reader.pages]
    links = [annotation.get_object() for annotation in reader.pages[1].get("/Annots", [])]
    targets = []
    for link in links:
        assert link["/Subtype"] == "/Link"
        targets.append(page_ids.index(link["/Dest"][0].idnum) + 1)  # an explicit destination: [page /Fit]
    exhibits = [first for label, _, first, _ in built.ranges if label.startswith("Exhibit ")]
    assert targets == exhibits and len(targets) == 6


def test_the_document_language_is_set():
    assert read(build_packet(make_spec([letter("A", "Grace Example")])).pdf).trailer["/Root"]["/Lang"] == "en-US"


def test_bates_numbers_run_on_every_page_beside_page_n_of_m():
    plain = page_texts(build_packet(make_spec([letter("A", "Grace Example")])).pdf)
    assert not any("ROSA-" in page for page in plain)
    pages = page_texts(build_packet(make_spec([letter("A", "Grace Example")], bates_prefix="ROSA", bates_start=120)).pdf)
    for number, page in enumerate(pages, start=1):
        assert f"ROSA-{119 + number:06d}" in page and f"Page {number} of {len(pages)}" in page


def _numbered_upload() -> bytes:
    """A writer's own two-page letter with their own page numbers at the very bottom edge."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER)
    for page in (1, 2):
        canvas.drawString(72, 700, f"Writer's own text {page}")
        canvas.drawString(280, 8, f"Writer page {page}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_uploaded_pages_carry_the_exhibit_band_and_their_page_numbers_stay_clear_of_the_stamp():
    band = "Exhibit A — Letter from Scan Example · her employer · known 7 years · written in Spanish"
    built = build_packet(make_spec([letter("A", "Scan Example", Part(pdf=_numbered_upload(), name="the scan", band=band))]))
    reader = read(built.pdf)
    pages = page_texts(reader)
    for number in (3, 4):
        assert band in pages[number - 1]
        [(matrix, box)] = upload_placements(reader.pages[number - 1])
        # The writer's number, 8 points above their page's bottom edge, lands above the stamp line,
        # and the top of their page below the band.
        assert apply(matrix, 280, 8)[1] > STAMP_Y + 12
        assert apply(matrix, 0, box[3])[1] < BAND_Y - 5


def test_uploads_from_the_database_get_the_writers_details_on_the_band_and_id_copies_are_a_choice(app, users):
    case = factories.consenting_case(team=[users["campaign"]], name="Band Example")
    case.ice_field_office = "Example Field Office, 1 Main St"
    scan = factories.stored_file(factories.pdf_bytes(pages=1, text="Scanned words"), "scan.pdf")
    id_copy = factories.stored_file(factories.pdf_bytes(pages=1, text="ID card words"), "id.pdf")
    factories.make_letter(case, author="Scan Example", body=None, letter_files=[scan], id_copy_file_id=id_copy.id,
                          relationship_detail="her employer", known_for="7 years")
    db.session.commit()

    def build(ids: bool):
        letters = services.approved_letters(case)
        choices = services.PacketChoices(recipient_kind=Recipient.ICE, recipient="Director", cover_text="Dear Director",
                                         letter_ids=[item.id for item in letters], include_id_copies=ids)
        return page_texts(services.packet_pdf(services.build_and_keep(case, choices, None)))

    with_ids = build(True)
    assert "Letter from Scan Example — her employer (with a copy of the writer's ID)" in with_ids[1]
    assert "Exhibit A — Letter from Scan Example · her employer · known 7 years" in with_ids[2]
    assert "ID card words" in with_ids[3] and "Exhibit A — Identification of Scan Example" in with_ids[3]
    without = build(False)
    assert "with a copy of the writer's ID" not in without[1]
    assert not any("ID card words" in page for page in without)


def test_the_command_line_leaves_id_copies_out_with_no_ids_and_numbers_pages_with_bates(app, users, tmp_path):
    case = factories.consenting_case(team=[users["campaign"]], name="Cli Example")
    case.ice_field_office = "Example Field Office, 1 Main St"
    id_copy = factories.stored_file(factories.pdf_bytes(pages=1, text="ID card words"), "id.pdf")
    factories.make_letter(case, author="Id Example", id_copy_file_id=id_copy.id)
    db.session.commit()
    out = tmp_path / "packet.pdf"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["packets", "build", str(case.id), "--out", str(out), "--no-ids", "--bates", "cli"])
    assert result.exit_code == 0, result.output
    pages = page_texts(out.read_bytes())
    assert not any("ID card words" in page for page in pages)
    assert "CLI-000001" in pages[0] and f"CLI-{len(pages):06d}" in pages[-1]
    bad = runner.invoke(args=["packets", "build", str(case.id), "--out", str(out), "--bates", "no spaces"])
    assert bad.exit_code == 1 and "--bates takes letters, digits and dashes only" in bad.output
