"""Scans and photos are searchable where OCRmyPDF and Tesseract are installed (CI installs
them); without them the packet is still built and says which exhibits are not searchable."""
from __future__ import annotations

import io
import os

import pytest
from PIL import Image, ImageDraw, ImageFont

from tests.packets import page_texts
from tests.packets.test_layout import letter, make_spec
from tracker.packets import ocr
from tracker.packets.layout import Part, build_packet

WORDS = "Rosa helps every family"


def _photo() -> bytes:
    """A photographed letter: black words on white, no text layer."""
    image = Image.new("L", (1700, 500), 255)
    font = ImageFont.truetype("tracker/packets/fonts/NotoSans-Regular.ttf", 90)
    ImageDraw.Draw(image).text((60, 180), WORDS, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _scan() -> bytes:
    """The same words as a PDF page that is only a picture."""
    out = io.BytesIO()
    Image.open(io.BytesIO(_photo())).convert("RGB").save(out, "PDF", resolution=200)
    return out.getvalue()


def _needs_ocr():
    if not ocr.available():
        if os.environ.get("CI"):
            pytest.fail("OCRmyPDF and Tesseract are missing under CI (.ci/run installs them)")
        pytest.skip("OCRmyPDF and Tesseract are not installed here")


def test_a_scanned_pdf_and_a_photo_become_searchable():
    _needs_ocr()
    built = build_packet(make_spec([
        letter("A", "Scan Example", Part(pdf=_scan(), name="the letter from Scan Example (Exhibit A)",
                                         band="Exhibit A — Letter from Scan Example")),
        letter("B", "Photo Example", Part(heading="Exhibit B — Letter from Photo Example", image=_photo(),
                                          details=[("Relationship", "neighbour")], name="the letter from Photo Example")),
    ]))
    pages = page_texts(built.pdf)
    assert WORDS in pages[2] and WORDS in pages[3]
    assert "Exhibit B — Letter from Photo Example · neighbour" in pages[3]
    assert built.warnings == []


def test_without_ocr_the_packet_is_built_and_names_what_is_not_searchable(monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    built = build_packet(make_spec([
        letter("A", "Scan Example", Part(pdf=_scan(), name="the letter from Scan Example (Exhibit A)")),
        letter("B", "Photo Example", Part(heading="Exhibit B — Letter from Photo Example", image=_photo(),
                                          name="the letter from Photo Example (Exhibit B)")),
    ]))
    assert built.warnings == [
        "The letter from Scan Example (Exhibit A) is a scan without text: it is not searchable "
        "(OCRmyPDF and Tesseract are not installed on this server).",
        "The letter from Photo Example (Exhibit B) is a photo: it is not searchable "
        "(OCRmyPDF and Tesseract are not installed on this server).",
    ]
    assert WORDS not in " ".join(page_texts(built.pdf))
