"""What the writer signed survives, and nothing but page content travels.

Uploaded PDFs carry filled form fields and "Fill & Sign" signatures, ink,
stamps and free text as annotations; the packet draws them into the page.
Hostile uploads (JavaScript, Launch and OpenAction, embedded files, XFA)
are built here and must leave none of it in the packet.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from tests.packets import page_texts, qpdf_check, read
from tests.packets.test_layout import letter, make_spec
from tracker.packets.layout import Part, _upright_fit, build_packet

needs_poppler = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")

SIGNATURE_RECT = (330, 120, 530, 180)  # where the writer signed, in the original page's points
STAMP_RECT = (80, 500, 260, 560)


def _name(value: str) -> NameObject:
    return NameObject(value)


def _appearance(writer: PdfWriter, content: bytes, width: float, height: float, resources=None):
    stream = DecodedStreamObject()
    stream.set_data(content)
    stream.update({
        _name("/Type"): _name("/XObject"), _name("/Subtype"): _name("/Form"),
        _name("/BBox"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(height)]),
    })
    if resources is not None:
        stream[_name("/Resources")] = resources
    return writer._add_object(stream)  # noqa: SLF001 - pypdf's way to make an indirect object


def _annotation(writer: PdfWriter, subtype: str, rect, appearance, **extra) -> None:
    annotation = DictionaryObject({
        _name("/Type"): _name("/Annot"), _name("/Subtype"): _name(subtype),
        _name("/Rect"): ArrayObject([FloatObject(value) for value in rect]),
        _name("/F"): NumberObject(4),
        _name("/AP"): DictionaryObject({_name("/N"): appearance}),
    })
    annotation.update(extra)
    writer.add_annotation(page_number=0, annotation=annotation)


def signed_letter() -> bytes:
    """A letter with a Fill & Sign signature (ink), a stamp, free text and a filled form field."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER)
    canvas.drawString(72, 700, "Typed letter words")
    canvas.acroForm.textfield(name="writer", value="Filled Field Words", x=72, y=620, width=260, height=24,
                              borderWidth=0, fontName="Helvetica", fontSize=12)
    canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=io.BytesIO(buffer.getvalue()))
    width, height = SIGNATURE_RECT[2] - SIGNATURE_RECT[0], SIGNATURE_RECT[3] - SIGNATURE_RECT[1]
    ink = _appearance(writer, b"q 0 0 0 RG 8 w 1 J 10 10 m 60 50 l 110 10 l 190 50 l S Q", width, height)
    _annotation(writer, "/Ink", SIGNATURE_RECT, ink,
                **{_name("/InkList"): ArrayObject([ArrayObject([FloatObject(340), FloatObject(130)])])})
    stamp = _appearance(writer, b"q 0.8 0 0 rg 0 0 180 60 re f Q", 180, 60)
    _annotation(writer, "/Stamp", STAMP_RECT, stamp)
    font = DictionaryObject({_name("/Font"): DictionaryObject({_name("/Helv"): writer._add_object(DictionaryObject({  # noqa: SLF001
        _name("/Type"): _name("/Font"), _name("/Subtype"): _name("/Type1"), _name("/BaseFont"): _name("/Helvetica")}))})})
    free_text = _appearance(writer, b"BT /Helv 12 Tf 2 6 Td (Free Text Words) Tj ET", 200, 24, font)
    _annotation(writer, "/FreeText", (72, 420, 272, 444), free_text,
                **{_name("/Contents"): TextStringObject("Free Text Words")})
    hidden = _appearance(writer, b"BT /Helv 12 Tf 2 6 Td (Hidden Words) Tj ET", 200, 24, font)
    _annotation(writer, "/FreeText", (72, 380, 272, 404), hidden, **{_name("/F"): NumberObject(2)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def field_without_appearance() -> bytes:
    """A form filled by a program that left drawing the value to the viewer."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER)
    canvas.drawString(72, 700, "Form page words")
    canvas.acroForm.textfield(name="city", value="", x=72, y=620, width=260, height=24, borderWidth=0,
                              fontName="Helvetica", fontSize=12)
    canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=io.BytesIO(buffer.getvalue()))
    for reference in writer.pages[0]["/Annots"]:
        widget = reference.get_object()
        del widget["/AP"]
        widget[_name("/V")] = TextStringObject("Springfield Value")
    writer._root_object["/AcroForm"][_name("/NeedAppearances")] = BooleanObject(True)  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _render(pdf: bytes, page: int, folder: Path, name: str) -> Image.Image:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page), str(path), str(folder / name)],
                   check=True, capture_output=True)
    [png] = folder.glob(f"{name}-*.png")
    return Image.open(png).convert("L")


def _dark_pixels(image: Image.Image, rect_points, page_height: float) -> int:
    """Pixels darker than light grey inside a rectangle given in PDF points (origin bottom left)."""
    scale = image.height / page_height
    left, bottom, right, top = rect_points
    box = (int(left * scale), int((page_height - top) * scale), int(right * scale) + 1, int((page_height - bottom) * scale) + 1)
    return sum(image.crop(box).histogram()[:160])


def _in_packet(rect, upload: bytes) -> tuple[float, float, float, float]:
    """Where a rectangle of the uploaded page lands on the packet page."""
    transform = _upright_fit(read(upload).pages[0])
    corners = [transform.apply_on((x, y)) for x in (rect[0], rect[2]) for y in (rect[1], rect[3])]
    return (min(x for x, _ in corners), min(y for _, y in corners), max(x for x, _ in corners), max(y for _, y in corners))


@pytest.fixture(scope="module")
def signed():
    upload = signed_letter()
    built = build_packet(make_spec([letter("A", "Signed Example", Part(pdf=upload, name="the letter from Signed Example"))]))
    return upload, built.pdf


def test_filled_fields_and_free_text_are_in_the_packet_text(signed):
    upload, packet = signed
    page = page_texts(packet)[2]
    assert "Typed letter words" in page
    assert "Filled Field Words" in page
    assert "Free Text Words" in page
    # A hidden annotation is not shown by any viewer, so it is not printed either.
    assert "Hidden Words" not in page


def test_no_annotation_or_form_travels_into_the_packet(signed):
    _, packet = signed
    reader = read(packet)
    # Only the index's own links are annotations; the uploaded page carries none of the writer's.
    assert "/Annots" not in reader.pages[2]
    assert all(annotation.get_object()["/Subtype"] == "/Link" for page in reader.pages for annotation in page.get("/Annots", []))
    assert "/AcroForm" not in reader.trailer["/Root"]


@needs_poppler
def test_the_signature_and_stamp_are_visible_in_the_original_and_in_the_packet(signed, tmp_path):
    upload, packet = signed
    original = _render(upload, 1, tmp_path, "original")
    packet_page = _render(packet, 3, tmp_path, "packet")
    for rect in (SIGNATURE_RECT, STAMP_RECT):
        assert _dark_pixels(original, rect, 792) > 30, rect
        assert _dark_pixels(packet_page, _in_packet(rect, upload), 792) > 20, rect
    # And without the flattening the region is blank: the check can tell.
    blank = build_packet(make_spec([letter("A", "Blank Example", Part(pdf=_without_annotations(upload), name="x"))]))
    assert _dark_pixels(_render(blank.pdf, 3, tmp_path, "blank"), _in_packet(SIGNATURE_RECT, upload), 792) == 0


def _without_annotations(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.remove_annotations(None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_field_filled_without_an_appearance_still_prints_its_value():
    built = build_packet(make_spec([letter("A", "Form Example", Part(pdf=field_without_appearance(), name="the form"))]))
    assert "Springfield Value" in page_texts(built.pdf)[2]


def hostile_pdf() -> bytes:
    """Every way a PDF can carry more than its page: scripts, actions, attachments, XFA."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER)
    canvas.drawString(72, 700, "Innocent looking words")
    canvas.showPage()
    canvas.save()
    writer = PdfWriter(clone_from=io.BytesIO(buffer.getvalue()))
    writer.add_attachment("EVILFILE.txt", b"EVILATTACHMENT")
    document_script = DictionaryObject({_name("/S"): _name("/JavaScript"), _name("/JS"): TextStringObject("app.alert('EVILSCRIPT');")})
    writer._root_object["/Names"][_name("/JavaScript")] = DictionaryObject({  # noqa: SLF001
        _name("/Names"): ArrayObject([TextStringObject("hello"), writer._add_object(document_script)])})  # noqa: SLF001
    launch = DictionaryObject({_name("/S"): _name("/Launch"), _name("/F"): TextStringObject("EVILLAUNCH.exe")})
    root = writer._root_object  # noqa: SLF001
    root[_name("/OpenAction")] = writer._add_object(launch)  # noqa: SLF001
    root[_name("/AcroForm")] = DictionaryObject({_name("/Fields"): ArrayObject(),
                                                 _name("/XFA"): TextStringObject("<xdp:xdp>EVILXFA</xdp:xdp>")})
    page = writer.pages[0]
    script = DictionaryObject({_name("/S"): _name("/JavaScript"), _name("/JS"): TextStringObject("EVILPAGESCRIPT")})
    page[_name("/AA")] = DictionaryObject({_name("/O"): writer._add_object(script)})  # noqa: SLF001
    resources = page["/Resources"].get_object()
    # Tucked into the resources: a non-standard kind, and an action inside a standard one.
    resources[_name("/EvilKind")] = writer._add_object(script)  # noqa: SLF001
    hidden = DictionaryObject({_name("/Type"): _name("/OCG"), _name("/Name"): TextStringObject("Layer"),
                               _name("/Evil"): DictionaryObject({_name("/S"): _name("/JavaScript"),
                                                                 _name("/JS"): TextStringObject("EVILNESTED")})})
    resources[_name("/Properties")] = DictionaryObject({_name("/MC0"): writer._add_object(hidden)})  # noqa: SLF001
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


MARKERS = [b"EVILSCRIPT", b"EVILATTACHMENT", b"EVILFILE", b"EVILLAUNCH", b"EVILXFA", b"EVILPAGESCRIPT", b"EVILNESTED",
           b"/JavaScript", b"/Launch", b"/OpenAction", b"/EmbeddedFile", b"/XFA", b"/AA"]


def _has(pdf: bytes, marker: bytes) -> bool:
    """The marker as a whole word or name: /AA is not the start of a subset font's /AAAAAA+ tag."""
    return re.search(re.escape(marker) + rb"(?![A-Za-z0-9+])", pdf) is not None


def _uncompressed(pdf: bytes, folder: Path) -> bytes:
    """The file with every stream and object stream unpacked, so that nothing hides in compression."""
    if not shutil.which("qpdf"):
        pytest.skip("qpdf is not installed here")
    source, target = folder / "in.pdf", folder / "out.pdf"
    source.write_bytes(pdf)
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(source), str(target)], check=True)
    return target.read_bytes()


def test_scripts_actions_attachments_and_xfa_never_travel(tmp_path):
    upload = hostile_pdf()
    original = _uncompressed(upload, tmp_path)
    assert [marker for marker in MARKERS if not _has(original, marker)] == []
    built = build_packet(make_spec([letter("A", "Hostile Example", Part(pdf=upload, name="the hostile letter"))]))
    packet = _uncompressed(built.pdf, tmp_path)
    assert [marker for marker in MARKERS if _has(packet, marker)] == []
    assert "Innocent looking words" in page_texts(built.pdf)[2]
    reader = read(built.pdf)
    root = reader.trailer["/Root"]
    assert not {"/OpenAction", "/Names", "/AcroForm", "/AA"} & set(root.keys())
    qpdf_check(built.pdf, tmp_path)
