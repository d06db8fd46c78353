"""The packet layout on hand-made PacketSpecs, without the database: pages,
order, index ranges, stamps, scripts, escaping, uploads and bad input."""
import io
import math
import re
import unicodedata

import pytest
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.pdfgen.canvas import Canvas

from tests import factories
from tests.packets import (
    PAGE_OF,
    apply,
    index_ranges,
    page_texts,
    qpdf_check,
    read,
    stamped_label,
    upload_placements,
)
from tracker.packets.layout import (
    UPLOAD_BOX,
    Exhibit,
    PacketError,
    PacketSpec,
    Part,
    build_packet,
    exhibit_label,
)

STAMP = "Marisol Ejemplo Núñez · A# 999-000-123"
SIGNERS = 120


def make_spec(exhibits: list[Exhibit], **changes) -> PacketSpec:
    spec = PacketSpec(
        title="Letters of support for Marisol Ejemplo Núñez",
        network_name="Fictional Sanctuary Network",
        letterhead_lines=["100 Example Avenue, Springfield", "network@example.org"],
        date_line="May 4, 2026",
        recipient_lines=["Field Office Director", "Example Field Office"],
        re_lines=["Re: Marisol Ejemplo Núñez, A# 999-000-123", "Letters of support"],
        cover_text="Dear Field Office Director:\n\nWe submit the enclosed letters.\n\nRespectfully,\n\nPat Organizer",
        stamp_name=STAMP,
        exhibits=exhibits,
    )
    for name, value in changes.items():
        setattr(spec, name, value)
    return spec


def typed(label: str, author: str, text: str = "I have known her for ten years.", **fields) -> Part:
    return Part(heading=f"Exhibit {label} — Letter from {author}", details=[("Writer", author)], text=text,
                name=f"the letter from {author} (Exhibit {label})", **fields)


def letter(label: str, author: str, *parts: Part) -> Exhibit:
    return Exhibit(label=label, title=f"Letter from {author} — neighbour", parts=list(parts) or [typed(label, author)])


def full_spec(**changes) -> PacketSpec:
    """One exhibit of every kind: typed, a 20-page upload, an image, a letter with its
    translation and certificate, a letter with an ID copy, the petition with its signers."""
    return make_spec([
        letter("A", "Grace Example"),
        letter("B", "Scan Example", Part(pdf=factories.pdf_bytes(pages=20, text="Uploaded letter page"),
                                         name="the letter from Scan Example (Exhibit B)")),
        letter("C", "Photo Example", Part(heading="Exhibit C — Letter from Photo Example", image=factories.png_bytes(300, 400),
                                          name="the letter from Photo Example (Exhibit C)")),
        letter("D", "Lucía Ejemplo",
               typed("D", "Lucía Ejemplo", "Conozco a Marisol desde hace doce años. Es una madre ejemplar."),
               Part(heading="Exhibit D — English translation of the letter from Lucía Ejemplo",
                    details=[("Translated from", "Spanish")], text="I have known Marisol for twelve years. She is an exemplary mother.",
                    name="the translation of the letter from Lucía Ejemplo (Exhibit D)"),
               Part(heading="Exhibit D — Certificate of translation",
                    text="I, Tina Translator, state: I am competent to translate from Spanish into English.\n\n"
                         "Address: 9 Example Court, Springfield",
                    name="the translator's certificate for Exhibit D")),
        letter("E", "Ivan Example", typed("E", "Ivan Example"),
               Part(heading="Exhibit E — Identification of Ivan Example", image=factories.png_bytes(80, 50),
                    name="the ID copy of Ivan Example (Exhibit E)")),
        Exhibit(label="F", title="Petition: 120 signatures — Let her stay",
                parts=[Part(heading="Exhibit F — Petition", text="120 people signed the petition.", name="the petition summary")],
                signers=((f"Signer Example {number}", f"City {number}") for number in range(1, SIGNERS + 1)),
                signer_count=SIGNERS),
    ], **changes)


ROWS = [("A", "Letter from Grace Example — neighbour"), ("B", "Letter from Scan Example — neighbour"),
        ("C", "Letter from Photo Example — neighbour"), ("D", "Letter from Lucía Ejemplo — neighbour"),
        ("E", "Letter from Ivan Example — neighbour"), ("F", "Petition: 120 signatures — Let her stay")]


@pytest.fixture(scope="module")
def full():
    built = build_packet(full_spec())
    return built, page_texts(built.pdf)


def test_page_count_is_cover_index_and_the_pages_of_each_exhibit(full):
    built, pages = full
    signer_pages = [text for text in pages if text.startswith("No. Name City or ZIP")]
    rows_per_page = len(re.findall(r"Signer Example \d+ ", signer_pages[0]))
    assert len(signer_pages) == math.ceil(SIGNERS / rows_per_page) >= 2
    # cover + index + typed + 20 uploaded + image + (letter, translation, certificate) + (letter, ID) + (summary, signers)
    expected = 1 + 1 + 1 + 20 + 1 + 3 + 2 + (1 + len(signer_pages))
    assert len(pages) == built.page_count == expected
    ranges = index_ranges(pages, ROWS)
    assert {label: last - first + 1 for label, (first, last) in ranges.items()} == {
        "A": 1, "B": 20, "C": 1, "D": 3, "E": 2, "F": 1 + len(signer_pages)}
    assert 2 + sum(last - first + 1 for first, last in ranges.values()) == len(pages)


def test_each_exhibit_starts_on_the_page_the_index_gives_and_every_page_carries_its_label(full):
    built, pages = full
    ranges = index_ranges(pages, ROWS)
    assert ranges == {label.removeprefix("Exhibit "): (first, last) for label, _, first, last in built.ranges
                      if label.startswith("Exhibit ")}
    assert list(ranges.values()) == sorted(ranges.values())
    assert ranges["A"][0] == 3  # right after the cover letter and the one-page index
    for label, (first, last) in ranges.items():
        assert stamped_label(pages[first - 2], STAMP) != f"Exhibit {label}"  # the page before belongs to something else
        for number in range(first, last + 1):
            assert stamped_label(pages[number - 1], STAMP) == f"Exhibit {label}", (label, number)
    assert stamped_label(pages[0], STAMP) == "Cover letter"
    assert stamped_label(pages[1], STAMP) == "Index of exhibits"
    # The first page of each exhibit is its first part: its heading, or the first page of its upload.
    starts = {label: pages[first - 1] for label, (first, _) in ranges.items()}
    assert starts["A"].startswith("Exhibit A — Letter from Grace Example")
    assert starts["B"].startswith("Uploaded letter page 1 ")
    assert starts["C"].startswith("Exhibit C — Letter from Photo Example")
    assert starts["D"].startswith("Exhibit D — Letter from Lucía Ejemplo")
    assert starts["E"].startswith("Exhibit E — Letter from Ivan Example")
    assert starts["F"].startswith("Exhibit F — Petition")


def test_every_page_merged_ones_included_says_page_n_of_m(full):
    _, pages = full
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert PAGE_OF.findall(text) == [(str(number), str(total))], number
        assert text.endswith(f"Page {number} of {total}")


def test_a_twenty_page_upload_is_merged_whole_in_order(full):
    _, pages = full
    first, last = index_ranges(pages, ROWS)["B"]
    for offset, number in enumerate(range(first, last + 1), start=1):
        assert pages[number - 1].startswith(f"Uploaded letter page {offset} Exhibit B {STAMP}")


def test_translation_and_certificate_follow_their_letter_and_the_id_copy_follows_its_letter(full):
    _, pages = full
    ranges = index_ranges(pages, ROWS)
    first, _ = ranges["D"]
    assert "Conozco a Marisol" in pages[first - 1]
    assert pages[first].startswith("Exhibit D — English translation of the letter from Lucía Ejemplo")
    assert "I have known Marisol for twelve years" in pages[first]
    assert pages[first + 1].startswith("Exhibit D — Certificate of translation")
    assert "Tina Translator" in pages[first + 1] and "9 Example Court" in pages[first + 1]
    first, last = ranges["E"]
    assert pages[last - 1].startswith("Exhibit E — Identification of Ivan Example")
    assert ranges["E"][1] + 1 == ranges["F"][0]


def test_the_signer_list_comes_last_and_lists_every_signer_once(full):
    _, pages = full
    first, last = index_ranges(pages, ROWS)["F"]
    assert last == len(pages)
    signer_text = " ".join(pages[first:last])
    numbers = [int(number) for number in re.findall(r"Signer Example (\d+) City \1\b", signer_text)]
    assert numbers == list(range(1, SIGNERS + 1))


def test_the_structure_passes_qpdf(full, tmp_path):
    built, _ = full
    qpdf_check(built.pdf, tmp_path)


def test_the_metadata_carries_the_title_and_nothing_personal():
    upload = io.BytesIO()
    canvas = Canvas(upload, pagesize=LETTER)
    canvas.setAuthor("Upload Author Private")
    canvas.setSubject("Subject 12 Hidden Street")
    canvas.setKeywords("born 1979-03-14")
    canvas.drawString(72, 700, "A scanned letter")
    canvas.showPage()
    canvas.save()
    built = build_packet(make_spec([letter("A", "Scan Example", Part(pdf=upload.getvalue(), name="the scan"))]))
    metadata = read(built.pdf).metadata
    assert metadata.title == "Letters of support for Marisol Ejemplo Núñez"
    assert metadata.author == "Fictional Sanctuary Network"
    assert not metadata.subject and not metadata.get("/Keywords")
    # The upload's own document information does not travel with its pages.
    for private in (b"Upload Author Private", b"Hidden Street", b"1979"):
        assert private not in built.pdf
    assert "/Metadata" not in read(built.pdf).trailer["/Root"]


def test_a_long_letter_flows_across_pages_with_every_paragraph_in_order():
    paragraphs = [f"Paragraph {number} of the letter. " + "She helps every neighbour on our street. " * 12
                  for number in range(1, 31)]
    built = build_packet(make_spec([letter("A", "Long Example", typed("A", "Long Example", "\n\n".join(paragraphs)))]))
    pages = page_texts(built.pdf)
    first, last = index_ranges(pages, [("A", "Letter from Long Example — neighbour")])["A"]
    assert (first, last) == (3, len(pages)) and last - first >= 2
    text = " ".join(pages[first - 1:])
    positions = [text.index(f"Paragraph {number} of the letter.") for number in range(1, 31)]
    assert positions == sorted(positions)
    assert all(stamped_label(page, STAMP) == "Exhibit A" for page in pages[first - 1:])


def test_a_long_cover_letter_and_an_index_over_two_pages_keep_the_ranges_right():
    exhibits = [letter(exhibit_label(number), f"Writer Example {number}") for number in range(60)]
    cover = "\n\n".join(["Dear Field Office Director:", *[f"Cover paragraph {n}. " + "We ask for your discretion. " * 15
                                                            for n in range(12)]])
    built = build_packet(make_spec(exhibits, cover_text=cover))
    pages = page_texts(built.pdf)
    cover_pages = [text for text in pages if stamped_label(text, STAMP) == "Cover letter"]
    index_pages = [text for text in pages if stamped_label(text, STAMP) == "Index of exhibits"]
    assert len(cover_pages) >= 2 and len(index_pages) >= 2
    rows = [(exhibit.label, exhibit.title) for exhibit in exhibits]
    ranges = index_ranges(pages, rows)
    assert ranges["A"] == (len(cover_pages) + len(index_pages) + 1,) * 2
    assert ranges["BH"] == (len(pages), len(pages))
    for label, (first, _) in ranges.items():
        assert pages[first - 1].startswith(f"Exhibit {label} — Letter from Writer Example")
        assert stamped_label(pages[first - 1], STAMP) == f"Exhibit {label}"


def test_exhibit_labels_run_on_after_z():
    assert [exhibit_label(number) for number in (0, 1, 25, 26, 27, 51, 52, 701, 702)] == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]


def test_names_in_other_scripts_and_accents_survive_as_text():
    arabic = "محمد عبد الله"
    built = build_packet(make_spec([
        letter("A", "Олена Коваль"),
        letter("B", "Γιώργος Παπαδόπουλος"),
        Exhibit(label="C", title="Letter from Arabic Example — neighbour",
                parts=[typed("C", "Arabic Example", f"أنا {arabic} أعرفها منذ عشر سنوات")]),
        letter("D", "José Núñez Peña", typed("D", "José Núñez Peña", "Señora Muñoz, ça va, Ærøskøbing, Łódź, Nguyễn.")),
    ]))
    pages = page_texts(built.pdf)
    text = " ".join(pages)
    for expected in ("Exhibit A — Letter from Олена Коваль", "Letter from Олена Коваль — neighbour",
                     "Exhibit B — Letter from Γιώργος Παπαδόπουλος", "José Núñez Peña",
                     "Señora Muñoz, ça va, Ærøskøbing, Łódź, Nguyễn.", "Marisol Ejemplo Núñez · A# 999-000-123"):
        assert expected in text, expected
    # Arabic is drawn shaped and right to left: pypdf reads the glyphs in drawing order, so a word may come
    # out reversed (tests/packet_pdf/test_scripts.py reads it in order with pdftotext).
    drawn = unicodedata.normalize("NFKC", pages[4])
    for word in arabic.split()[:2]:
        assert word in drawn or word[::-1] in drawn, word
    fonts = {str(font["/BaseFont"]) for page in read(built.pdf).pages
             for font in page["/Resources"]["/Font"].values()}
    assert any("NotoNaskhArabic" in font for font in fonts), fonts
    assert built.warnings == []


def test_a_letter_in_a_script_no_font_has_is_refused_naming_the_letter():
    with pytest.raises(PacketError) as raised:
        build_packet(make_spec([
            letter("A", "Wei Zhang", typed("A", "Wei Zhang", "ᏌᏊ ᎠᏂᏴᏫᏯ. She is our good neighbour.")),
            letter("B", "Grace Example"),
        ]))
    message = str(raised.value)
    assert message.startswith("The letter from Wei Zhang (Exhibit A) has characters that no font of the packet can print")
    assert "Ꮜ (U+13CC)" in message and "The packet was not built" in message


def test_a_name_no_font_has_is_refused_too():
    """Even when the letter itself is in English, the name would print as gaps in the heading and index."""
    with pytest.raises(PacketError) as raised:
        build_packet(make_spec([letter("A", "ᏌᏊ Example")]))
    assert "Exhibit A" in str(raised.value) and "Ꮜ" in str(raised.value)


def test_markup_in_a_letter_is_printed_as_typed_never_interpreted():
    hostile = 'See <img src="/etc/passwd"/> and <font name="Courier" size="40">big</font> & <b>bold</b> &amp; <br/> A&B'
    built = build_packet(make_spec(
        [Exhibit(label="A", title="Letter from Ann <b>Example</b> & Co — <i>neighbour</i>",
                 parts=[Part(heading="Exhibit A — Letter from Ann <b>Example</b> & Co", details=[("Writer", "<u>Ann</u> & Co")],
                             text=hostile, closing="Signed <i>Ann</i> &", name="the letter from Ann")])],
        recipient_lines=["Director <b>&</b> Co"], cover_text="Dear <br/> Director & <font>team</font>"))
    pages = page_texts(built.pdf)
    text = " ".join(pages)
    for literal in (hostile, "Letter from Ann <b>Example</b> & Co — <i>neighbour</i>", "Writer: <u>Ann</u> & Co",
                    "Signed <i>Ann</i> &", "Director <b>&</b> Co", "Dear <br/> Director & <font>team</font>"):
        assert literal in text, literal
    reader = read(built.pdf)
    assert not any("/Image" in str(xobject.get_object().get("/Subtype"))
                   for page in reader.pages for xobject in page["/Resources"].get("/XObject", {}).values())
    assert all(not str(font["/BaseFont"]).endswith("Courier")
               for page in reader.pages for font in page["/Resources"]["/Font"].values())


def test_a_certificate_of_service_is_added_only_when_asked():
    without = page_texts(build_packet(make_spec([letter("A", "Grace Example")])).pdf)
    assert "Certificate of service" not in " ".join(without)
    built = build_packet(make_spec([letter("A", "Grace Example")], service_text="I served DHS by first-class mail."))
    pages = page_texts(built.pdf)
    assert len(pages) == len(without) + 1
    assert pages[-1].startswith("Certificate of service I served DHS by first-class mail.")
    assert stamped_label(pages[-1], STAMP) == "Certificate of service"
    assert re.search(rf"Certificate of service {len(pages)} Index of exhibits", pages[1])


def _mixed_upload() -> bytes:
    """A scan as phones and copiers make them: a landscape page turned upright by /Rotate 90,
    an A4 portrait page, and a landscape US Letter page."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=landscape(A4))
    canvas.saveState()
    canvas.translate(300, 100)
    canvas.rotate(90)  # drawn going up the page: upright once the viewer turns it 90° clockwise
    canvas.drawString(0, 0, "Sideways scan words")
    canvas.restoreState()
    canvas.showPage()
    canvas.setPageSize(A4)
    canvas.drawString(72, 700, "A4 portrait words")
    canvas.showPage()
    canvas.setPageSize(landscape(LETTER))
    canvas.drawString(72, 300, "Landscape words")
    canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=io.BytesIO(buffer.getvalue()))
    writer.pages[0].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_rotated_a4_and_landscape_uploads_come_out_upright_on_us_letter_pages_above_the_stamp(tmp_path):
    built = build_packet(make_spec([letter("A", "Scan Example", Part(pdf=_mixed_upload(), name="the scan"))]))
    reader = read(built.pdf)
    assert len(reader.pages) == 2 + 3
    assert all((float(page.mediabox.width), float(page.mediabox.height)) == (612, 792) for page in reader.pages)
    pages = page_texts(reader)
    for number, words in ((3, "Sideways scan words"), (4, "A4 portrait words"), (5, "Landscape words")):
        assert pages[number - 1].startswith(f"{words} Exhibit A {STAMP} Page {number} of 5")
    left, bottom, right, top = UPLOAD_BOX
    for number, direction in ((3, (0, 1)), (4, (1, 0)), (5, (1, 0))):
        [(matrix, (x0, y0, x1, y1))] = upload_placements(reader.pages[number - 1])
        # The whole uploaded page lands inside the box above the stamp line.
        for x, y in (apply(matrix, x, y) for x in (x0, x1) for y in (y0, y1)):
            assert left - 0.01 <= x <= right + 0.01 and bottom - 0.01 <= y <= top + 0.01, (number, x, y)
        # The direction its text was written in now points right across the page: upright.
        dx, dy = apply(matrix, *direction)[0] - matrix[4], apply(matrix, *direction)[1] - matrix[5]
        assert dx > 0 and abs(dy) < 1e-6, (number, dx, dy)
    qpdf_check(built.pdf, tmp_path)


def _encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(factories.pdf_bytes()))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(("part", "message"), [
    (Part(pdf=b"%PDF-1.4 this is not really a PDF", name="the letter from Broken Example (Exhibit B)"),
     "The PDF of the letter from Broken Example (Exhibit B) could not be read"),
    (Part(pdf=factories.pdf_bytes(pages=3)[:400], name="the letter from Broken Example (Exhibit B)"),
     "The PDF of the letter from Broken Example (Exhibit B) could not be read"),
    (Part(pdf=_encrypted_pdf(), name="the letter from Broken Example (Exhibit B)"),
     "The PDF of the letter from Broken Example (Exhibit B) is encrypted"),
    (Part(pdf=factories.pdf_bytes().replace(b"/Contents", b"/Contents 999 0 R /Unused"),
          name="the letter from Broken Example (Exhibit B)"),
     "Page 1 of the PDF of the letter from Broken Example (Exhibit B) could not be read"),
    (Part(heading="Exhibit B — Identification", image=b"\x89PNG\r\n\x1a\n not an image",
          name="the ID copy of Broken Example (Exhibit B)"),
     "The image of the ID copy of Broken Example (Exhibit B) could not be read"),
], ids=["garbage", "truncated", "encrypted", "dangling-reference", "bad-image"])
def test_an_upload_that_cannot_be_read_stops_the_build_naming_it(part, message):
    with pytest.raises(PacketError) as raised:
        build_packet(make_spec([letter("A", "Grace Example"), letter("B", "Broken Example", part)]))
    assert str(raised.value).startswith(message)
