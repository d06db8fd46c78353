"""Uploaded PDF pages as ReportLab form objects, drawn like any other page content.

pypdf reads the uploaded page; its content stream and the resources it
uses (fonts, images, nested forms) are copied as they are into the packet
being written by ReportLab, as a form XObject — the mechanism ReportLab
keeps for "externally defined forms". The packet is then written once: no
second program has to parse and rewrite hundreds of generated pages, which
keeps time and memory in proportion to what was uploaded.
"""
from __future__ import annotations

import io

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


class _Copier:
    """Copies pypdf objects into a ReportLab document, each indirect object once."""

    def __init__(self, document):
        self.document = document
        self.copied: dict[tuple[int, int], object] = {}

    def copy(self, value):
        if isinstance(value, IndirectObject):
            return self._indirect(value)
        if isinstance(value, StreamObject):
            return self.document.Reference(self._stream(value, PDFStream(PDFDictionary({}), b"", [])))
        if isinstance(value, DictionaryObject):
            return PDFDictionary({key[1:]: self.copy(item) for key, item in value.items()})
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
        if isinstance(target, StreamObject):
            shell = PDFStream(PDFDictionary({}), b"", [])
            self.copied[key] = self.document.Reference(shell)
            self._stream(target, shell)
        elif isinstance(target, DictionaryObject):
            shell = PDFDictionary({})
            self.copied[key] = self.document.Reference(shell)
            shell.dict.update({name[1:]: self.copy(item) for name, item in target.items()})
        else:
            self.copied[key] = self.copy(target)
        return self.copied[key]

    def _stream(self, stream: StreamObject, shell: PDFStream) -> PDFStream:
        entries = {name[1:]: self.copy(item) for name, item in stream.items() if name not in _STREAM_KEYS_DROPPED}
        shell.dictionary = PDFDictionary(entries)
        # The bytes as stored, still encoded with the /Filter named above (a JPEG stays a JPEG).
        shell.content = stream._data  # noqa: SLF001 - pypdf keeps the encoded bytes here
        shell.filters = [] if "/Filter" in stream else None
        return shell


class Embedder:
    """Turns pages of uploaded PDFs into form objects of one ReportLab document."""

    def __init__(self):
        self._copiers: dict[int, _Copier] = {}

    def form(self, canvas, reader, page_index: int, name: str) -> str:
        """Register page `page_index` of `reader` as form `name` in the canvas's document."""
        document = canvas._doc  # noqa: SLF001 - ReportLab's document behind the canvas
        copier = self._copiers.get(id(reader))
        if copier is None or copier.document is not document:
            copier = self._copiers[id(reader)] = _Copier(document)
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
                "Resources": copier.copy(resources) if resources is not None else PDFDictionary({}),
            }),
            content,
            None,  # compressed like ReportLab's own streams
        )
        document.Reference(form, xObjectName(name))
        return name
