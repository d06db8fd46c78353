"""Writing a ReportLab document with memory that does not grow with its pages.

ReportLab keeps every finished page in memory until it writes the file, then
formats the whole file into one more copy. A packet with a long signer list
has hundreds of such pages. Here each finished page is compressed and put
away in a temporary file at once (only its name stays in memory), and the
file is written object by object to a file, each object let go once written.
The bytes of the PDF are the same kind ReportLab writes; only where they wait
differs.
"""
from __future__ import annotations

import pickle
import zlib
from typing import IO

from reportlab.pdfbase.pdfdoc import (
    PDFCrossReferenceTable,
    PDFDictionary,
    PDFFile,
    PDFIndirectObject,
    PDFObject,
    PDFObjectReference,
    PDFStream,
    PDFTrailer,
)


class _Spooled(PDFObject):
    """A finished page or its contents waiting in the spool file; read back only to be written."""

    __slots__ = ("spool", "offset", "length", "__InternalName__")

    def __init__(self, spool: IO[bytes], offset: int, length: int, name: str):
        self.spool, self.offset, self.length = spool, offset, length
        self.__InternalName__ = name  # how ReportLab knows an object is registered

    def format(self, document) -> bytes:
        self.spool.seek(self.offset)
        return pickle.loads(self.spool.read(self.length)).format(document)  # noqa: S301 - our own temporary file


def _put_away(document, spool: IO[bytes], name: str) -> PDFObjectReference:
    """Move the registered object `name` from memory to the spool file; its number stays."""
    blob = pickle.dumps(document.idToObject[name], protocol=pickle.HIGHEST_PROTOCOL)
    spool.seek(0, 2)
    offset = spool.tell()
    spool.write(blob)
    document.idToObject[name] = _Spooled(spool, offset, len(blob), name)
    return PDFObjectReference(name)


def put_away_page(document, spool: IO[bytes]) -> None:
    """Compress the page just finished and move it and its contents from memory to the spool file."""
    page = document.Pages.pages[-1]
    if page.stream and not page.Contents:
        data = page.stream.encode("utf-8") if isinstance(page.stream, str) else page.stream
        contents = PDFStream(PDFDictionary({"Filter": b"/FlateDecode"}), zlib.compress(data, 6), [])
        # Numbered now, not when the page is written: else every page's contents would wait in memory
        # for the objects added while writing.
        page.Contents = _put_away(document, spool, document.Reference(contents).name)
        page.stream = None
    document.Pages.pages[-1] = _put_away(document, spool, page.__InternalName__)


class _FileOut(PDFFile):
    """ReportLab's output collector, writing to a file instead of a list of strings."""

    def __init__(self, out: IO[bytes], version):
        super().__init__(version)
        for piece in self.strings:
            out.write(piece)
        self.strings = []
        self.write = out.write


def write(document, canvas, out: IO[bytes]) -> None:
    """The document as PDF into `out`, as PDFDocument.SaveToFile writes it, one object at a time."""
    # As PDFDocument.GetPDFData: fonts, document info, outline.
    for font in document.delayedFonts:
        font.addObjects(document)
    document.info.invariant = document.invariant
    document.info.digest(document.signature)
    document.Reference(document.Catalog)
    document.Reference(document.info)
    document.Outlines.prepare(document, canvas)
    if document.Outlines.ready < 0:
        document.Catalog.Outlines = None
    # As PDFDocument.format; objects may still be added while others are formatted.
    document.encrypt.prepare(document)
    catalog, info = document.Catalog, document.info
    document.Reference(catalog)
    document.Reference(info)
    encrypt_info = document.encrypt.info()
    encrypt_reference = document.Reference(encrypt_info) if encrypt_info else None
    file = _FileOut(out, document._pdfVersion)  # noqa: SLF001
    number_to_id, id_to_object, id_to_offset = document.numberToId, document.idToObject, document.idToOffset
    ids, counter = [], 0
    while (counter := counter + 1) in number_to_id:
        oid = number_to_id[counter]
        id_to_offset[oid] = file.add(PDFIndirectObject(oid, id_to_object[oid]).format(document))
        id_to_object[oid] = None  # written: let it go (registered names stay known)
        ids.append(oid)
    if counter - 1 != len(number_to_id):
        raise ValueError("the PDF's object numbers do not follow each other")
    xref = PDFCrossReferenceTable()
    xref.addsection(0, ids)
    offset = file.add(xref.format(document))
    trailer = PDFTrailer(startxref=offset, Size=len(number_to_id) + 1, Root=document.Reference(catalog),
                         Info=document.Reference(info), Encrypt=encrypt_reference, ID=document.ID())
    file.add(trailer.format(document))
    # Written: nothing of it needs to stay in memory while the caller reads the file.
    document.Pages.pages, document.Pages.Kids = [], None
    for table in (number_to_id, id_to_object, id_to_offset, document.idToObjectNumberAndVersion):
        table.clear()
