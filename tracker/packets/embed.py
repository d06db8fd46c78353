"""Uploaded PDF pages as ReportLab form objects, drawn like any other page content.

pypdf reads the uploaded page; its content stream and the resources it
uses (fonts, images, nested forms) are copied as they are into the packet
being written by ReportLab, as a form XObject — the mechanism ReportLab
keeps for "externally defined forms". The packet is then written once: no
second program has to parse and rewrite hundreds of generated pages, which
keeps time and memory in proportion to what was uploaded.

What the writer added on top of the page — filled form fields, a "Fill &
Sign" signature, ink, stamps, free text — lives in annotations, not in the
page content; their appearances are drawn onto the packet page as forms
too (flattened), so nothing visible in the original disappears.

Only page content travels: the uploaded file's catalog (JavaScript,
OpenAction, embedded files, XFA) is never read, only the standard resource
kinds are copied, and any action or file specification met on the way is
written as null.
"""
from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NullObject,
    NumberObject,
    StreamObject,
)
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFStream, xObjectName

# Keys a copied stream must not carry over: ReportLab writes its own length.
_STREAM_KEYS_DROPPED = frozenset({"/Length"})
# The resource kinds a page may draw with (PDF 32000-1, 7.8.3); nothing else is copied.
STANDARD_RESOURCES = frozenset({"/ExtGState", "/ColorSpace", "/Pattern", "/Shading", "/XObject", "/Font",
                                "/ProcSet", "/Properties"})
# Keys that carry actions, scripts, attached files or interactive forms, wherever they appear.
_KEYS_DROPPED = frozenset({"/A", "/AA", "/JS", "/JavaScript", "/OpenAction", "/EmbeddedFiles", "/EF", "/XFA",
                           "/AcroForm", "/Names", "/Annots", "/Parent", "/URI", "/Launch", "/Next"})
_UNSAFE_TYPES = frozenset({"/Action", "/Filespec", "/EmbeddedFile", "/Catalog", "/Pages", "/Page", "/Annot"})
_ACTIONS = frozenset({"/JavaScript", "/Launch", "/ImportData", "/SubmitForm", "/ResetForm", "/URI", "/GoTo", "/GoToR",
                      "/GoToE", "/Rendition", "/Sound", "/Movie", "/Hide", "/Named", "/SetOCGState", "/Trans", "/GoTo3DView",
                      "/Thread"})
# Annotation flags (PDF 32000-1, 12.5.3): hidden ones are not shown by any viewer.
_HIDDEN, _NO_VIEW = 2, 32
# Not drawn: a popup is the note window, a link is an invisible click area.
_NOT_DRAWN = frozenset({"/Popup", "/Link"})


def _unsafe(value: DictionaryObject) -> bool:
    """An action (typed or not: /S names its kind), a file, or a way back into the document's structure."""
    return value.get("/Type") in _UNSAFE_TYPES or "/S" in value and ("/JS" in value or value.get("/S") in _ACTIONS)


class _Copier:
    """Copies pypdf objects into a ReportLab document, each indirect object once."""

    def __init__(self, document):
        self.document = document
        self.copied: dict[tuple[int, int], object] = {}

    def copy(self, value):
        if isinstance(value, IndirectObject):
            return self._indirect(value)
        if isinstance(value, StreamObject):
            if _unsafe(value):
                return b"null"
            return self.document.Reference(self._stream(value, PDFStream(PDFDictionary({}), b"", [])))
        if isinstance(value, DictionaryObject):
            if _unsafe(value):
                return b"null"
            return PDFDictionary({key[1:]: self.copy(item) for key, item in value.items() if key not in _KEYS_DROPPED})
        if isinstance(value, ArrayObject):
            return PDFArray([self.copy(item) for item in value])
        if isinstance(value, BooleanObject):
            return b"true" if value else b"false"
        if isinstance(value, NullObject) or value is None:
            return b"null"
        if isinstance(value, NumberObject | FloatObject):
            return float(value) if isinstance(value, FloatObject) else int(value)
        # Names and strings: written exactly as pypdf would write them.
        buffer = io.BytesIO()
        value.write_to_stream(buffer)
        return buffer.getvalue()

    def _indirect(self, reference: IndirectObject):
        key = (reference.idnum, reference.generation)
        if key in self.copied:
            return self.copied[key]
        target = reference.get_object()
        if isinstance(target, DictionaryObject) and _unsafe(target):
            self.copied[key] = b"null"
        elif isinstance(target, StreamObject):
            shell = PDFStream(PDFDictionary({}), b"", [])
            self.copied[key] = self.document.Reference(shell)
            self._stream(target, shell)
        elif isinstance(target, DictionaryObject):
            shell = PDFDictionary({})
            self.copied[key] = self.document.Reference(shell)
            shell.dict.update({name[1:]: self.copy(item) for name, item in target.items() if name not in _KEYS_DROPPED})
        else:
            self.copied[key] = self.copy(target)
        return self.copied[key]

    def _stream(self, stream: StreamObject, shell: PDFStream) -> PDFStream:
        entries = {name[1:]: self.copy(item) for name, item in stream.items()
                   if name not in _STREAM_KEYS_DROPPED and name not in _KEYS_DROPPED}
        shell.dictionary = PDFDictionary(entries)
        # The bytes as stored, still encoded with the /Filter named above (a JPEG stays a JPEG).
        shell.content = stream._data  # noqa: SLF001 - pypdf keeps the encoded bytes here
        shell.filters = [] if "/Filter" in stream else None
        return shell


class Embedder:
    """Turns pages of uploaded PDFs into form objects of one ReportLab document."""

    def __init__(self):
        # The reader is kept beside its copier: an id is reused once its object is gone.
        self._copiers: dict[int, tuple[object, _Copier]] = {}

    def copier(self, canvas, reader) -> _Copier:
        document = canvas._doc  # noqa: SLF001 - ReportLab's document behind the canvas
        kept = self._copiers.get(id(reader))
        if kept is None or kept[0] is not reader or kept[1].document is not document:
            kept = self._copiers[id(reader)] = (reader, _Copier(document))
        return kept[1]

    def release(self, reader) -> None:
        """The upload's pages are all copied in: let go of the reader and of what it parsed at once
        (its objects refer to each other, so they would otherwise wait for the garbage collector)."""
        self._copiers.pop(id(reader), None)
        reader.resolved_objects.clear()
        reader.flattened_pages = None

    def form(self, canvas, reader, page_index: int, name: str) -> str:
        """Register page `page_index` of `reader` as form `name` in the canvas's document."""
        copier = self.copier(canvas, reader)
        document = copier.document
        page = reader.pages[page_index]
        contents = page.get("/Contents")
        streams = []
        if contents is not None:
            resolved = contents.get_object()
            streams = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
        content = b"\n".join(stream.get_object().get_data() for stream in streams)
        box = page.cropbox
        resources = page.get("/Resources")
        form = PDFStream(
            PDFDictionary({
                "Type": b"/XObject",
                "Subtype": b"/Form",
                "BBox": PDFArray([float(box.left), float(box.bottom), float(box.right), float(box.top)]),
                "Resources": _resources(copier, resources),
            }),
            content,
            None,  # compressed like ReportLab's own streams
        )
        document.Reference(form, xObjectName(name))
        return name

    def annotation_forms(self, canvas, reader, page_index: int, name: str) -> list[tuple[str, tuple[float, ...]]]:
        """Each visible annotation of the page as a form: (form name, matrix in page space)."""
        copier = self.copier(canvas, reader)
        page = reader.pages[page_index]
        annotations = page.get("/Annots")
        annotations = annotations.get_object() if annotations is not None else []
        drawn = []
        for number, reference in enumerate(annotations or []):
            annotation = reference.get_object()
            if not isinstance(annotation, DictionaryObject) or annotation.get("/Subtype") in _NOT_DRAWN:
                continue
            if int(annotation.get("/F", 0)) & (_HIDDEN | _NO_VIEW):
                continue
            appearance = _normal_appearance(annotation)
            rect = annotation.get("/Rect")
            if appearance is None or rect is None:
                continue
            matrix = _appearance_matrix(appearance, [float(value) for value in rect.get_object()])
            if matrix is None:
                continue
            form_name = f"{name}_annot{number}"
            box = [float(value) for value in appearance.get("/BBox", [0, 0, 1, 1])]
            entries = {
                "Type": b"/XObject",
                "Subtype": b"/Form",
                "BBox": PDFArray(box),
                "Resources": _resources(copier, appearance.get("/Resources")),
            }
            if "/Matrix" in appearance:
                entries["Matrix"] = PDFArray([float(value) for value in appearance["/Matrix"]])
            form = PDFStream(PDFDictionary(entries), appearance.get_data(), None)
            copier.document.Reference(form, xObjectName(form_name))
            drawn.append((form_name, matrix))
        return drawn


def _resources(copier: _Copier, resources) -> PDFDictionary:
    """A fresh resource dictionary with only the standard kinds, their contents copied."""
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        return PDFDictionary({})
    return PDFDictionary({key[1:]: copier.copy(value) for key, value in resources.items() if key in STANDARD_RESOURCES})


def _normal_appearance(annotation: DictionaryObject) -> StreamObject | None:
    """The appearance a viewer shows: /AP /N, or the state /AS picks from it (check boxes, radio buttons)."""
    appearances = annotation.get("/AP")
    appearances = appearances.get_object() if appearances is not None else None
    if not isinstance(appearances, DictionaryObject) or "/N" not in appearances:
        return None
    normal = appearances["/N"].get_object()
    if isinstance(normal, StreamObject):
        return normal
    if isinstance(normal, DictionaryObject):
        state = annotation.get("/AS")
        chosen = normal.get(state).get_object() if state is not None and state in normal else None
        return chosen if isinstance(chosen, StreamObject) else None
    return None


def _appearance_matrix(appearance: StreamObject, rect: list[float]) -> tuple[float, ...] | None:
    """The matrix that maps the appearance's box (after its own /Matrix) onto the
    annotation's rectangle, as PDF 32000-1 12.5.5 prescribes."""
    box = [float(value) for value in appearance.get("/BBox", [0, 0, 0, 0])]
    a, b, c, d, e, f = ([float(value) for value in appearance["/Matrix"]] if "/Matrix" in appearance
                        else [1.0, 0.0, 0.0, 1.0, 0.0, 0.0])
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (box[0], box[2]) for y in (box[1], box[3])]
    min_x, max_x = min(x for x, _ in corners), max(x for x, _ in corners)
    min_y, max_y = min(y for _, y in corners), max(y for _, y in corners)
    left, right = min(rect[0], rect[2]), max(rect[0], rect[2])
    bottom, top = min(rect[1], rect[3]), max(rect[1], rect[3])
    if max_x - min_x <= 0 or max_y - min_y <= 0:
        return None
    scale_x, scale_y = (right - left) / (max_x - min_x), (top - bottom) / (max_y - min_y)
    return (scale_x, 0.0, 0.0, scale_y, left - min_x * scale_x, bottom - min_y * scale_y)


def with_field_appearances(reader: PdfReader) -> PdfReader:
    """The reader, or a copy of it in which every filled text or choice field has an
    appearance: a form filled by a program that left drawing it to the viewer
    (/NeedAppearances, no /AP) would otherwise flatten to an empty box."""
    root = reader.trailer["/Root"].get_object()
    form = root.get("/AcroForm")
    if form is None:
        return reader
    values = {}
    missing = bool(form.get_object().get("/NeedAppearances"))
    for name, field in (reader.get_fields() or {}).items():
        value = field.get("/V")
        if field.get("/FT") in ("/Tx", "/Ch") and isinstance(value, str) and value:
            values[name] = value
    for page in reader.pages:
        for reference in page.get("/Annots") or []:
            annotation = reference.get_object()
            if annotation.get("/Subtype") == "/Widget" and "/AP" not in annotation:
                missing = True
    if not values or not missing:
        return reader
    writer = PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(None, values, auto_regenerate=False)
    buffer = io.BytesIO()
    writer.write(buffer)
    return PdfReader(buffer)
