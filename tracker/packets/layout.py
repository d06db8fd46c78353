"""Laying out the packet PDF from a PacketSpec, without the database.

ReportLab writes every page in one pass: the cover letter, the index, typed
letters, translations, certificates, images, the signer list, and the pages
of uploaded PDFs (read with pypdf, copied in as form objects, scaled upright
onto US Letter under the stamp line).
"Page N of M" and the index's page ranges are PDF form objects drawn on
every page and filled in once the last page is known, so nothing is laid
out twice.
"""
from __future__ import annotations

import functools
import io
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from PIL import Image as PILImage
from pypdf import PdfReader, Transformation
from pypdf.errors import PyPdfError
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable, PageBreakIfNotEmpty

from tracker.packets import fonts, ocr, script, spool
from tracker.packets.court import CourtCover
from tracker.packets.embed import Embedder, with_field_appearances

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = 72
STAMP_Y = 34
# Uploaded pages are fitted into this box, clear of the stamp line.
UPLOAD_BOX = (36, 54, PAGE_WIDTH - 36, PAGE_HEIGHT - 36)
BAND_Y = PAGE_HEIGHT - 24  # the exhibit band above an uploaded page
SIGNER_SIZE, SIGNER_LEADING = 9, 13


class PacketError(ValueError):
    """The packet cannot be built; the message names the letter or part at fault."""


@dataclass
class Part:
    """A piece of an exhibit; each piece starts on a new page."""

    heading: str | None = None
    details: list[tuple[str, str]] = field(default_factory=list)
    text: str | None = None
    closing: str | None = None
    pdf: bytes | None = None
    image: bytes | None = None
    name: str = ""  # how to name it in an error: "the translation of the letter from …"
    band: str | None = None  # over each page of an upload: the exhibit heading with the writer's details


@dataclass
class Exhibit:
    label: str
    title: str
    parts: list[Part]
    # Name and city of each signer, streamed: only one page of rows is held at a time.
    signers: Iterable[tuple[str, str]] | None = None
    signer_count: int = 0


@dataclass
class PacketSpec:
    title: str
    network_name: str
    letterhead_lines: list[str]
    date_line: str
    recipient_lines: list[str]
    re_lines: list[str]
    cover_text: str
    stamp_name: str
    exhibits: list[Exhibit]
    service_text: str | None = None
    stamp_number: str = ""  # "A# 999-000-123": printed whole after the name, which is shortened to fit
    court_cover: CourtCover | None = None  # for the immigration judge: the court's cover page comes first
    bates_prefix: str = ""  # "ROSA": every page also carries "ROSA-000001", numbered from bates_start
    bates_start: int = 1
    # One of several volumes (see volumes.py): "Vol. 2 · Page N of M"; only the first has the cover letter.
    volume: int = 0
    volumes: int = 0


@dataclass
class BuiltPacket:
    pdf: bytes
    page_count: int
    ranges: list[tuple[str, str, int, int]]  # label, title, first page, last page
    warnings: list[str]


def exhibit_label(index: int) -> str:
    """A, B, … Z, AA, AB, … for the index-th exhibit (from 0)."""
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = chr(ord("A") + remainder) + label
    return label


def _styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    body = ParagraphStyle("body", fontName="Serif", fontSize=11, leading=15.5, spaceAfter=8)
    styles = {
        "body": body,
        "address": ParagraphStyle("address", parent=body, spaceAfter=0),
        "re": ParagraphStyle("re", parent=body, fontName="Serif-Bold", spaceAfter=0),
        "detail-line": ParagraphStyle("detail-line", fontName="Serif", fontSize=9.5, leading=13),
        "heading": ParagraphStyle("heading", fontName="Serif-Bold", fontSize=13, leading=17, spaceAfter=10),
        "title": ParagraphStyle("title", fontName="Serif-Bold", fontSize=16, leading=20, spaceAfter=14),
        "small": ParagraphStyle("small", fontName="Serif", fontSize=9.5, leading=13),
        "details": ParagraphStyle("details", fontName="Serif", fontSize=9.5, leading=13, spaceAfter=12),
        "closing": ParagraphStyle("closing", parent=body, fontName="Serif-Italic", spaceBefore=6),
        "letterhead": ParagraphStyle("letterhead", fontName="Sans-Bold", fontSize=17, leading=21),
        "letterhead-line": ParagraphStyle("letterhead-line", fontName="Sans", fontSize=9, leading=12,
                                          textColor=colors.HexColor("#444444")),
        "cell": ParagraphStyle("cell", fontName="Serif", fontSize=10.5, leading=14),
    }
    # Chinese, Japanese and Korean lines break between characters, not only at spaces.
    for name in list(styles):
        styles[f"{name}-wide"] = ParagraphStyle(f"{name}-wide", parent=styles[name], wordWrap="CJK")
    return styles


class _State:
    """What the pages learn while they are drawn: where each section starts
    and which label each page carries."""

    def __init__(self) -> None:
        self.label = ""
        self.starts: dict[int, int] = {}
        self.pages = 0


class _Section(Flowable):
    """Marks where a section starts and which label its pages carry."""

    def __init__(self, state: _State, number: int, label: str, title: str):
        super().__init__()
        self.state, self.number, self.label, self.title = state, number, label, title

    def wrap(self, available_width, available_height):
        return 0, 0

    def draw(self):
        self.state.label = self.label
        self.state.starts[self.number] = self.canv.getPageNumber()
        # A bookmark in the viewer's outline, and the place the index's links go to.
        key = section_key(self.number)
        self.canv.bookmarkPage(key)
        outline = self.title if self.label == self.title else f"{self.label}: {self.title}"
        self.canv.addOutlineEntry(outline, key, level=0)


def section_key(number: int) -> str:
    return f"section{number}"


class _UploadedPage(Flowable):
    """A page of an uploaded PDF, turned upright and scaled to fit the page
    above the stamp line, drawn as a form object (see embed.py)."""

    def __init__(self, embedder: Embedder, reader: PdfReader, page_index: int, name: str, what: str,
                 band: str | None = None, last: bool = False):
        super().__init__()
        self.embedder, self.reader, self.page_index, self.name, self.what = embedder, reader, page_index, name, what
        self.band, self.last = band, last

    def wrap(self, available_width, available_height):
        return 0, 1  # not zero: the page counts as used

    def drawOn(self, canvas, x, y, _sW=0):
        try:
            form = self.embedder.form(canvas, self.reader, self.page_index, self.name)
            annotations = self.embedder.annotation_forms(canvas, self.reader, self.page_index, self.name)
            page = self.reader.pages[self.page_index]
            transform = _upright_fit(page)
            box = [float(value) for value in page.cropbox]
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, ZeroDivisionError, RecursionError) as error:
            raise PacketError(f"Page {self.page_index + 1} of the PDF of {self.what} could not be read; replace the upload.") from error
        canvas.saveState()
        canvas.transform(*transform.ctm)
        canvas.doForm(form)
        if annotations:
            # Filled fields, signatures, ink and stamps drawn on top, as a viewer shows them, within the page.
            clip = canvas.beginPath()
            clip.rect(box[0], box[1], box[2] - box[0], box[3] - box[1])
            canvas.clipPath(clip, stroke=0, fill=0)
            for annotation, matrix in annotations:
                canvas.saveState()
                canvas.transform(*matrix)
                canvas.doForm(annotation)
                canvas.restoreState()
        canvas.restoreState()
        if self.band:  # the exhibit heading, above the page and clear of it
            canvas.saveState()
            canvas.setStrokeColor(colors.HexColor("#888888"))
            canvas.setLineWidth(0.5)
            canvas.line(MARGIN * 0.5, BAND_Y - 5, PAGE_WIDTH - MARGIN * 0.5, BAND_Y - 5)
            fonts.draw(canvas, MARGIN * 0.5, BAND_Y, fonts.fit(self.band, 8.5, PAGE_WIDTH - MARGIN, "Sans-Bold"), 8.5,
                       base="Sans-Bold")
            canvas.restoreState()
        if self.last:
            self.embedder.release(self.reader)


class _CourtCoverPage(Flowable):
    """The cover page of a filing with the immigration court, laid out as EOIR's
    practice manual shows it: the filer at the top left, DETAINED or NON-DETAINED at
    the top right, the court, the caption with the A-number, the judge and the next
    hearing, and the document's title."""

    def __init__(self, cover: CourtCover):
        super().__init__()
        self.cover = cover

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, available_height - 2
        return self.width, self.height

    def draw(self):
        canvas, cover, top, right = self.canv, self.cover, self.height, self.width
        y = top - 11
        for line in cover.filer_lines:
            fonts.draw(canvas, 0, y, line, 10.5, base="Serif")
            y -= 14
        status = "DETAINED" if cover.detained else "NON-DETAINED"
        fonts.draw(canvas, right, top - 11, status, 11, base="Serif-Bold", align="right")
        y = top - 190
        for line in cover.court_lines:
            fonts.draw(canvas, right / 2, y, line, 11, base="Serif-Bold", align="center")
            y -= 15
        y -= 30
        caption = [("In the Matter of:", "Serif"), (cover.respondent, "Serif-Bold"), ("Respondent.", "Serif"),
                   ("", "Serif"), ("In removal proceedings", "Serif")]
        middle = right * 0.55
        for index, (text, face) in enumerate(caption):
            line_y = y - index * 15
            if text:
                fonts.draw(canvas, 0, line_y, fonts.fit(text, 11, middle - 12, face), 11, base=face)
            fonts.draw(canvas, middle, line_y, ")", 11, base="Serif")
        if cover.a_number:
            fonts.draw(canvas, middle + 18, y - 30, f"File No.: A {cover.a_number}", 11, base="Serif")
        y -= len(caption) * 15 + 30
        for label, value in (("Immigration Judge:", cover.judge.removeprefix("Immigration Judge ")),
                             ("Next hearing:", cover.next_hearing)):
            if value:
                fonts.draw(canvas, 0, y, label, 11, base="Serif-Bold")
                fonts.draw(canvas, 120, y, value, 11, base="Serif")
                y -= 16
        y -= 50
        canvas.setLineWidth(1)
        canvas.rect(right * 0.08, y - 12, right * 0.84, 34, stroke=1, fill=0)
        fonts.draw(canvas, right / 2, y, cover.title, 13, base="Serif-Bold", align="center")


class _IndexRow(Flowable):
    """One line of the index: label, description (wrapped), page range (a form filled in at the end)."""

    LABEL, PAGES, PAD = 0.85 * 72, 90, 4

    def __init__(self, label: str, description: Paragraph, form: str | None, heading: bool = False,
                 destination: str | None = None):
        super().__init__()
        self.label, self.description, self.form, self.heading = label, description, form, heading
        self.destination = destination

    def wrap(self, available_width, available_height):
        self.width = available_width
        _, height = self.description.wrap(available_width - self.LABEL - self.PAGES, available_height)
        self.height = height + 2 * self.PAD
        return self.width, self.height

    def draw(self):
        canvas, top = self.canv, self.height - self.PAD
        font = "Serif-Bold" if self.heading else "Serif"
        canvas.setFont(font, 10.5)
        canvas.drawString(0, top - 10.5, self.label)
        self.description.drawOn(canvas, self.LABEL, self.PAD)
        canvas.saveState()
        if self.heading:
            canvas.drawRightString(self.width, top - 10.5, "Pages")
        elif self.form:
            canvas.translate(self.width, top - 10.5)
            canvas.doForm(self.form)
        canvas.restoreState()
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor("#333333" if self.heading else "#cccccc"))
        canvas.setLineWidth(0.8 if self.heading else 0.25)
        canvas.line(0, 0, self.width, 0)
        canvas.restoreState()
        if self.destination:  # the whole row goes to the exhibit's first page
            canvas.linkRect("", self.destination, (0, 0, self.width, self.height), relative=1, thickness=0)


class _FittedImage(Flowable):
    """An image scaled to the space left on its page, upright, aspect kept."""

    def __init__(self, data: bytes):
        super().__init__()
        self.reader = ImageReader(io.BytesIO(data))
        self.image_width, self.image_height = self.reader.getSize()

    def wrap(self, available_width, available_height):
        self.width, self.height = available_width, available_height - 2
        return self.width, self.height

    def draw(self):
        scale = min(self.width / self.image_width, self.height / self.image_height)
        drawn_width, drawn_height = self.image_width * scale, self.image_height * scale
        self.canv.drawImage(self.reader, (self.width - drawn_width) / 2, self.height - drawn_height,
                            drawn_width, drawn_height)


class _SignerPage(Flowable):
    """One page of the signer list, drawn straight onto the canvas. Its rows
    are taken from the shared stream only when the page is laid out and let go
    once drawn, so memory does not grow with the number of signers."""

    def __init__(self, source: Iterator[tuple[int, str, str]], size: int, columns: tuple[float, float, float]):
        super().__init__()
        self.source, self.size, self.columns = source, size, columns
        self.rows: list[tuple[int, str, str]] | None = None

    def wrap(self, available_width, available_height):
        if self.rows is None:
            self.rows = [row for _, row in zip(range(self.size), self.source, strict=False)]
        self.width, self.height = available_width, (len(self.rows) + 1.5) * SIGNER_LEADING
        return self.width, self.height

    def drawOn(self, canvas, x, y, _sW=0):
        super().drawOn(canvas, x, y, _sW)
        self.rows = []  # drawn: the page's content is in the PDF now

    def draw(self):
        canvas, (number_width, name_width, _) = self.canv, self.columns
        y = self.height - SIGNER_SIZE
        for x, heading in ((0, "No."), (number_width, "Name"), (number_width + name_width, "City or ZIP")):
            fonts.draw(canvas, x, y, heading, SIGNER_SIZE, base="Sans-Bold")
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.line(0, y - 4, self.width, y - 4)
        y -= SIGNER_LEADING * 1.5
        city_x, city_width = number_width + name_width, self.width - number_width - name_width
        # One text object for the whole page: far cheaper than one per string.
        lines = canvas.beginText()
        shaped = []  # names in scripts that are shaped or run right to left: drawn after the plain ones
        digit = _digit_width()
        for number, name, city in self.rows:
            label = str(number)
            fonts.set_font(lines, "Sans", SIGNER_SIZE)
            lines.setTextOrigin(number_width - 8 - (len(label) * digit if digit else stringWidth(label, "Sans", SIGNER_SIZE)), y)
            lines.textOut(label)
            for x, text, limit in ((number_width, name, name_width - 8), (city_x, city, city_width)):
                # Up to 28 characters always fit (even "W"s); longer ones are measured and cut.
                if fonts.single_font(text, "Sans") and (len(text) <= 28 or stringWidth(text, "Sans", SIGNER_SIZE) <= limit):
                    lines.setTextOrigin(x, y)  # the common case: one font, already set for the page
                    lines.textOut(text)
                    continue
                text = fonts.fit(text, SIGNER_SIZE, limit)
                if script.needs_layout(text):
                    shaped.append((x, y, text))
                    continue
                fonts.write(lines, x, y, text, SIGNER_SIZE)
                fonts.set_font(lines, "Sans", SIGNER_SIZE)
            y -= SIGNER_LEADING
        canvas.drawText(lines)
        for x, y, text in shaped:
            fonts.draw(canvas, x, y, text, SIGNER_SIZE)


@functools.cache
def _digit_width() -> float | None:
    """The width of every digit of the signer list's font, when they are all as wide (tabular figures)."""
    widths = {stringWidth(digit, "Sans", SIGNER_SIZE) for digit in "0123456789"}
    return widths.pop() if len(widths) == 1 else None


class _Builder:
    def __init__(self, spec: PacketSpec):
        self.spec = spec
        self.styles = _styles()
        self.state = _State()
        self.embedder = Embedder()
        self.uploads = 0
        self.sections: list[tuple[str, str]] = []  # (stamp label, index title)
        self.warnings: list[str] = []
        self.stamp_name = stamp_text(spec.stamp_name, spec.stamp_number)
        self.stamp_x = (PAGE_WIDTH - fonts.width(self.stamp_name, 8.5)) / 2
        self.frame_width = PAGE_WIDTH - 2 * MARGIN
        self.frame_height = PAGE_HEIGHT - 2 * MARGIN

    # -- flowables ---------------------------------------------------------------
    def section(self, label: str, title: str) -> _Section:
        self.sections.append((label, title))
        return _Section(self.state, len(self.sections) - 1, label, title)

    def paragraphs(self, text: str, style: str = "body") -> list[Flowable]:
        return [self.paragraph(block, style) for block in re.split(r"\n\s*\n", (text or "").strip()) if block.strip()]

    def paragraph(self, text: str, style: str = "body", bold_label: str = "") -> Flowable:
        """One paragraph in the style: shaped and laid out in its direction where its script needs it."""
        chosen = self.styles[style]
        if script.needs_layout(text):
            # Letters and closings run in their own direction; the packet's English frame runs left to right.
            rtl = None if style in ("body", "closing") else False
            return script.ScriptParagraph(" ".join(f"{bold_label} {text}".split()), chosen.fontName, chosen.fontSize,
                                          chosen.leading, chosen.spaceAfter, rtl)
        if fonts.has_wide(text):
            chosen = self.styles[f"{style}-wide"]
        label = f"<b>{fonts.markup(bold_label)}</b> " if bold_label else ""
        return Paragraph(label + fonts.markup(text), chosen)

    def check_script(self, text: str | None, where: str) -> None:
        """Refuse to build rather than print gaps where a writer's words or name should be."""
        missing = fonts.uncovered(text or "")
        if missing:
            sample = " ".join(f"{character} (U+{ord(character):04X})" for character in sorted(missing)[:6])
            raise PacketError(
                f"{where[:1].upper()}{where[1:]} has characters that no font of the packet can print: {sample}. "
                "The packet was not built: correct the text, upload a scan of the original or leave the letter out."
            )

    def part(self, part: Part) -> list[Flowable]:
        story: list[Flowable] = []
        if part.pdf is not None:
            return self.uploaded_pages(part)
        # The writer's name in the heading and details must print as surely as the text.
        printed = [part.heading, *(value for _, value in part.details), part.text, part.closing]
        self.check_script("\n".join(text for text in printed if text), part.name or "a letter")
        if part.heading:
            story.append(self.paragraph(part.heading, "heading"))
        details = [(name, value) for name, value in part.details if value]
        if any(script.needs_layout(value) for _, value in details):
            story += [self.paragraph(value, "detail-line", f"{name}:") for name, value in details]
            story.append(Spacer(0, self.styles["details"].spaceAfter))
        elif details:
            lines = "<br/>".join(f"<b>{fonts.markup(name)}:</b> {fonts.markup(value)}" for name, value in details)
            wide = any(fonts.has_wide(value) for _, value in details)
            story.append(Paragraph(lines, self.styles["details-wide" if wide else "details"]))
        if part.text:
            story += self.paragraphs(part.text)
        if part.closing:
            story.append(self.paragraph(part.closing, "closing"))
        if part.image is not None:
            scanned = ocr.searchable(part.image, image=True)
            if scanned is not None:  # the photo as a searchable page, under the same heading as a band
                band = " · ".join([part.heading or "", *(value for name, value in part.details if value and name != "Writer")])
                return self.uploaded_pages(Part(pdf=scanned, name=part.name, band=band.strip(" ·")))
            self.warnings.append(f"{part.name[:1].upper()}{part.name[1:]} is a photo: it is not searchable "
                                 "(OCRmyPDF and Tesseract are not installed on this server).")
            try:
                story.append(_FittedImage(part.image))
            except (OSError, ValueError, PILImage.DecompressionBombError) as error:
                raise PacketError(f"The image of {part.name} could not be read; replace the upload.") from error
        return story

    def uploaded_pages(self, part: Part) -> list[Flowable]:
        try:
            reader = PdfReader(io.BytesIO(part.pdf))
            if reader.is_encrypted:
                raise PacketError(f"The PDF of {part.name} is encrypted; upload an unprotected copy.")
            reader = with_field_appearances(reader)
            if ocr.is_scan(reader):
                reader = self.searchable(part, reader)
            count = len(reader.pages)
        except PacketError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
            raise PacketError(f"The PDF of {part.name} could not be read; replace the upload or leave the letter out.") from error
        if count == 0:
            raise PacketError(f"The PDF of {part.name} has no pages.")
        self.uploads += 1
        story: list[Flowable] = []
        for page_index in range(count):
            if page_index:
                story.append(PageBreak())
            story.append(_UploadedPage(self.embedder, reader, page_index, f"Upload{self.uploads}_{page_index + 1}", part.name,
                                       part.band, last=page_index == count - 1))
        return story

    def searchable(self, part: Part, reader: PdfReader) -> PdfReader:
        """A scan with a text layer added where OCR is installed; otherwise said in the warnings."""
        data = ocr.searchable(part.pdf)
        if data is not None:
            return PdfReader(io.BytesIO(data))
        self.warnings.append(f"{part.name[:1].upper()}{part.name[1:]} is a scan without text: it is not searchable "
                             "(OCRmyPDF and Tesseract are not installed on this server).")
        return reader

    def cover(self) -> list[Flowable]:
        spec, styles = self.spec, self.styles
        story: list[Flowable] = [self.section("Cover letter", "Cover letter"),
                                 Paragraph(fonts.markup(spec.network_name, "Sans"), styles["letterhead"])]
        story += [Paragraph(fonts.markup(line, "Sans"), styles["letterhead-line"]) for line in spec.letterhead_lines]
        story += [HRFlowable(width="100%", thickness=1.2, color=colors.HexColor("#1f4e5f"), spaceBefore=6, spaceAfter=18),
                  Paragraph(fonts.markup(spec.date_line), styles["body"]), Spacer(0, 6)]
        story += [self.paragraph(line, "address") for line in spec.recipient_lines]
        story.append(Spacer(0, 14))
        story += [self.paragraph(line, "re") for line in spec.re_lines]
        story.append(Spacer(0, 14))
        self.check_script("\n".join([*spec.recipient_lines, *spec.re_lines, spec.cover_text]), "the cover letter")
        story += self.paragraphs(spec.cover_text)
        return story

    def index(self) -> list[Flowable]:
        styles = self.styles
        marker = self.section("Index of exhibits", "Index of exhibits")
        first_exhibit = len(self.sections)  # sections: cover, index, then the exhibits in order
        rows: list[Flowable] = [_IndexRow("Exhibit", Paragraph("<b>Description</b>", styles["cell"]), None, heading=True)]
        for number, exhibit in enumerate(self.spec.exhibits):
            rows.append(_IndexRow(exhibit.label, self.paragraph(exhibit.title, "cell"), f"range{first_exhibit + number}",
                                  destination=section_key(first_exhibit + number)))
        if self.spec.service_text:
            rows.append(_IndexRow("", Paragraph("Certificate of service", styles["cell"]),
                                  f"range{first_exhibit + len(self.spec.exhibits)}",
                                  destination=section_key(first_exhibit + len(self.spec.exhibits))))
        title = (f"Index of exhibits — Volume {self.spec.volume} of {self.spec.volumes}" if self.spec.volume
                 else "Index of exhibits")
        return [PageBreak(), marker, Paragraph(title, styles["title"]), *rows]

    def exhibit(self, exhibit: Exhibit) -> list[Flowable]:
        story: list[Flowable] = [PageBreakIfNotEmpty(), self.section(f"Exhibit {exhibit.label}", exhibit.title)]
        self.check_script(exhibit.title, f"the title of Exhibit {exhibit.label}")
        for number, part in enumerate(exhibit.parts):
            if number:
                story.append(PageBreakIfNotEmpty())
            story += self.part(part)
        if exhibit.signers is not None and exhibit.signer_count:
            story += self.signer_pages(exhibit.signers, exhibit.signer_count)
        return story

    def signer_pages(self, signers: Iterable[tuple[str, str]], count: int) -> list[Flowable]:
        per_page = int(self.frame_height // SIGNER_LEADING) - 2
        columns = (0.6 * 72, 3.4 * 72, self.frame_width - 4.0 * 72)
        source = ((number, name or "", city or "") for number, (name, city) in enumerate(signers, start=1))
        story: list[Flowable] = []
        for _ in range(-(-count // per_page)):
            story += [PageBreakIfNotEmpty(), _SignerPage(source, per_page, columns)]
        return story

    # -- pages -----------------------------------------------------------------
    def stamp(self, canvas: Canvas, doc) -> None:
        number = canvas.getPageNumber()
        self.state.pages = max(self.state.pages, number)
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#222222"))
        stamp = canvas.beginText()
        fonts.write(stamp, MARGIN * 0.5, STAMP_Y, self.state.label, 9, base="Sans-Bold")
        canvas.drawText(stamp)
        # The rule and the name are the same on every page: drawn once, in fill_forms. In the
        # page's order of text (label, name, page) for search, copying and screen readers.
        canvas.doForm("stamp_rule_and_name")
        stamp = canvas.beginText()
        page_of = f"Vol. {self.spec.volume} · Page {number} of" if self.spec.volume else f"Page {number} of"
        fonts.write(stamp, PAGE_WIDTH - MARGIN * 0.5 - 22 - stringWidth(page_of, "Sans", 9), STAMP_Y, page_of, 9)
        canvas.drawText(stamp)
        canvas.translate(PAGE_WIDTH - MARGIN * 0.5 - 19, STAMP_Y)
        canvas.doForm("page_total")
        canvas.restoreState()
        if self.spec.bates_prefix:  # under "Page N of M", right-aligned with it
            bates = f"{self.spec.bates_prefix}-{self.spec.bates_start + number - 1:06d}"
            fonts.draw(canvas, PAGE_WIDTH - MARGIN * 0.5, STAMP_Y - 12, bates, 8.5, base="Sans-Bold", align="right")

    def fill_forms(self, canvas: Canvas) -> None:
        """Write the numbers every page refers to, now that the last page is known."""
        total = self.state.pages
        canvas.beginForm("stamp_rule_and_name", lowerx=0, lowery=STAMP_Y - 10, upperx=PAGE_WIDTH, uppery=STAMP_Y + 16)
        canvas.setFillColor(colors.HexColor("#222222"))
        canvas.setStrokeColor(colors.HexColor("#888888"))
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN * 0.5, STAMP_Y + 12, PAGE_WIDTH - MARGIN * 0.5, STAMP_Y + 12)
        fonts.draw(canvas, self.stamp_x, STAMP_Y, self.stamp_name, 8.5)
        canvas.endForm()
        canvas.beginForm("page_total", lowerx=-2, lowery=-4, upperx=40, uppery=12)
        fonts.draw(canvas, 0, 0, str(total), 9)
        canvas.endForm()
        starts = [self.state.starts.get(number, total) for number in range(len(self.sections))]
        for number, start in enumerate(starts):
            end = (starts[number + 1] - 1) if number + 1 < len(starts) else total
            text = f"{start}" if end <= start else f"{start}–{end}"
            canvas.beginForm(f"range{number}", lowerx=-90, lowery=-4, upperx=2, uppery=12)
            fonts.draw(canvas, 0, 0, text, 10.5, base="Serif", align="right")
            canvas.endForm()

    def court_cover_page(self) -> list[Flowable]:
        cover = self.spec.court_cover
        self.check_script("\n".join([cover.respondent, *cover.filer_lines, *cover.court_lines]), "the court cover page")
        return [self.section("Cover page", "Cover page"), _CourtCoverPage(cover), PageBreak()]

    def volume_cover(self) -> list[Flowable]:
        """The first page of a later volume: what the packet is, which volume, and the exhibits it holds."""
        spec, styles = self.spec, self.styles
        labels = [exhibit.label for exhibit in spec.exhibits]
        holds = (f"Exhibit {labels[0]}" if len(labels) == 1 else f"Exhibits {labels[0]} to {labels[-1]}") if labels else ""
        story: list[Flowable] = [self.section(f"Volume {spec.volume} of {spec.volumes}", f"Volume {spec.volume} of {spec.volumes}"),
                                 self.paragraph(spec.title, "title")]
        story += [self.paragraph(line, "re") for line in spec.re_lines[:1]]
        story.append(Spacer(0, 14))
        if holds:
            story.append(Paragraph(f"This volume holds {holds}. The cover letter is in Volume 1.", styles["body"]))
        return story

    def build(self) -> BuiltPacket:
        opening = self.volume_cover() if self.spec.volume > 1 else self.cover()
        story = (self.court_cover_page() if self.spec.court_cover and self.spec.volume <= 1 else []) + opening + self.index()
        for exhibit in self.spec.exhibits:
            story += self.exhibit(exhibit)
        if self.spec.service_text:
            story += [PageBreakIfNotEmpty(), self.section("Certificate of service", "Certificate of service"),
                      Paragraph("Certificate of service", self.styles["title"]), *self.paragraphs(self.spec.service_text)]
        builder = self
        # Finished pages wait in one temporary file and the PDF is written to another: memory
        # does not grow with the pages (see spool.py).
        with tempfile.TemporaryFile() as spooled, tempfile.TemporaryFile() as out:

            class PacketCanvas(Canvas):
                def showPage(self):
                    super().showPage()
                    spool.put_away_page(self._doc, spooled)

                def save(self):
                    builder.fill_forms(self)
                    self.showOutline()  # the viewer opens with the bookmarks shown
                    if len(self._code):
                        self.showPage()
                    spool.write(self._doc, self, out)

            document = BaseDocTemplate(
                out, pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
                title=self.spec.title, author=self.spec.network_name, subject="", creator="Sanctuary Tracker",
                keywords="", producer="Sanctuary Tracker",
                lang="en-US",  # the packet's own words are English; screen readers and search take it from here
            )
            frame = Frame(MARGIN, MARGIN, self.frame_width, self.frame_height, id="body",
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
            document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=self.stamp)])
            document.build(story, canvasmaker=PacketCanvas)
            del document, story
            out.seek(0)
            pdf = out.read()
        starts = [self.state.starts.get(number, self.state.pages) for number in range(len(self.sections))]
        ranges = []
        for number, (label, title) in enumerate(self.sections):
            end = (starts[number + 1] - 1) if number + 1 < len(starts) else self.state.pages
            ranges.append((label, title, starts[number], max(end, starts[number])))
        return BuiltPacket(pdf=pdf, page_count=self.state.pages, ranges=ranges, warnings=self.warnings)


STAMP_WIDTH = 260


def stamp_text(name: str, number: str, size: float = 8.5, limit: float = STAMP_WIDTH) -> str:
    """"Name · A# 999-000-123" within `limit` points: the name is shortened, the A-number never."""
    if not number:
        return fonts.fit(name, size, limit)
    suffix = f" · {number}"
    room = limit - fonts.width(suffix, size)
    return fonts.fit(name, size, max(room, 20)) + suffix


def _upright_fit(page) -> Transformation:
    """Turn a page as its viewer would show it (its /Rotate applied), then scale
    it to fit the upload box, centred, aspect kept."""
    box = page.cropbox
    left, bottom, right, top = UPLOAD_BOX
    turn = Transformation().rotate(-(int(page.rotation or 0) % 360))
    corners = [turn.apply_on((float(x), float(y))) for x in (box.left, box.right) for y in (box.bottom, box.top)]
    min_x, min_y = min(x for x, _ in corners), min(y for _, y in corners)
    width = max(x for x, _ in corners) - min_x
    height = max(y for _, y in corners) - min_y
    scale = min((right - left) / width, (top - bottom) / height)
    return (
        turn.translate(-min_x, -min_y)
        .scale(scale, scale)
        .translate(left + ((right - left) - width * scale) / 2, bottom + ((top - bottom) - height * scale) / 2)
    )


def build_packet(spec: PacketSpec) -> BuiltPacket:
    """The packet PDF. Raises PacketError naming the letter at fault; never returns half a packet."""
    return _Builder(spec).build()

