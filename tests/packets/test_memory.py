"""A long signer list costs memory no faster than it adds to the file (the aim of bench/packet.py),
and the check for scans reads page operators, not the text."""
from __future__ import annotations

import gc
import io
import tracemalloc

from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from tests.packets import page_texts, read
from tests.packets.test_layout import letter, make_spec
from tracker.packets import fonts, ocr
from tracker.packets.layout import Exhibit, Part, build_packet


def _typed_pdf(pages: int) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for page in range(pages):
        canvas.drawString(72, 720, f"Typed upload, page {page + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _signer_spec(count: int):
    signers = ((f"Signer Example {number}", f"City {number % 40}") for number in range(1, count + 1))
    upload = Part(pdf=_typed_pdf(3), name="the letter from Upload Example (Exhibit B)")
    return make_spec([letter("A", "Typed Example"), letter("B", "Upload Example", upload),
                      Exhibit(label="C", title="Petition", parts=[Part(heading="Petition", text="We ask.", name="petition")],
                              signers=signers, signer_count=count)])


def _peak(count: int) -> tuple[int, int]:
    spec = _signer_spec(count)
    gc.collect()
    tracemalloc.start()
    try:
        built = build_packet(spec)
        return tracemalloc.get_traced_memory()[1], len(built.pdf)
    finally:
        tracemalloc.stop()


def test_memory_grows_no_faster_than_the_file_with_the_signer_list():
    fonts.register()
    build_packet(_signer_spec(50))  # fonts and caches, as a server has them after its first packet
    small_peak, small_size = _peak(500)
    large_peak, large_size = _peak(6_000)
    assert large_size - small_size > 100_000  # the list does add pages to the file
    assert large_peak - small_peak <= large_size - small_size


def test_the_pages_put_away_while_building_all_come_back_in_order():
    built = build_packet(_signer_spec(1_200))
    pages = page_texts(built.pdf)
    assert len(read(built.pdf).pages) == built.page_count == len(pages)
    assert [int(text.split("Page ")[-1].split(" of")[0]) for text in pages] == list(range(1, built.page_count + 1))
    assert "1 Signer Example 1 City 1" in " ".join(pages)
    assert "Signer Example 1200 City 0" in pages[-1]


def test_a_typed_pdf_is_not_a_scan_and_a_picture_only_pdf_is():
    out = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(out, "PDF", resolution=72)
    assert ocr.is_scan(read(out.getvalue()))
    assert not ocr.is_scan(read(_typed_pdf(2)))
