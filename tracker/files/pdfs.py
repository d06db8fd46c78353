"""Uploaded PDFs: readable, unencrypted, and cheap to draw, checked before they are kept.

A PDF can be small on disk and enormous once unpacked: a 72 KB file held one
stream that inflates to 74 MB, drawn eight times on its page, and a packet
built from it took gigabytes. So at upload every stream a page draws is
unpacked chunk by chunk, counting the bytes and throwing them away, and the
count stops at the limit: memory stays at one chunk whatever the file claims.
Limits (config, see README): pages per file (`UPLOAD_PDF_MAX_PAGES`), unpacked
content per page (`UPLOAD_PDF_MAX_PAGE_MB`) and per file (`UPLOAD_PDF_MAX_FILE_MB`).
"""
from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PdfReadError, PyPdfError
from pypdf.filters import ASCII85Decode, ASCIIHexDecode, LZWDecode, RunLengthDecode
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from tracker.files.errors import UploadRefused

MB = 1024 * 1024
CHUNK = 64 * 1024
# Images stay encoded in a packet (a JPEG is copied as a JPEG): their bytes count as stored.
IMAGE_FILTERS = frozenset({"/DCTDecode", "/DCT", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/CCF"})
FLATE_FILTERS = frozenset({"/FlateDecode", "/Fl"})
# Unpacked whole, but never beyond what is left of the allowance (pypdf's own output limits).
OTHER_FILTERS = {
    "/ASCIIHexDecode": ASCIIHexDecode, "/AHx": ASCIIHexDecode,
    "/ASCII85Decode": ASCII85Decode, "/A85": ASCII85Decode,
    "/LZWDecode": LZWDecode, "/LZW": LZWDecode,
    "/RunLengthDecode": RunLengthDecode, "/RL": RunLengthDecode,
}
# Keys that lead from a page's resources back up to the document, not down into what the page draws.
UPWARD_KEYS = frozenset({"/Parent", "/P"})
DAMAGED = _l("This PDF could not be read; it may be damaged. Export or scan it again.")


class _OverAllowance(Exception):
    """A stream unpacks to more than what was left to spend on it."""


class _PageTooFull(Exception):
    pass


class _FileTooFull(Exception):
    pass


@dataclass(frozen=True)
class PdfLimits:
    pages: int
    page_bytes: int
    file_bytes: int

    @classmethod
    def from_config(cls) -> PdfLimits:
        config = current_app.config
        return cls(
            pages=config["UPLOAD_PDF_MAX_PAGES"],
            page_bytes=config["UPLOAD_PDF_MAX_PAGE_MB"] * MB,
            file_bytes=config["UPLOAD_PDF_MAX_FILE_MB"] * MB,
        )


def checked_page_count(data: bytes, limits: PdfLimits | None = None) -> int:
    """The number of pages of an uploaded PDF, or UploadRefused saying why it cannot be kept."""
    limits = limits or PdfLimits.from_config()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRefused(_(
                "This PDF is password-protected or encrypted, so it cannot go into a packet. "
                "Save or print it again as an unprotected PDF."
            ))
        count = len(reader.pages)
        if count == 0:
            raise UploadRefused(_("This PDF has no pages."))
        if count > limits.pages:
            raise UploadRefused(_(
                "This PDF has %(count)s pages; an upload may have at most %(limit)s. "
                "Upload only the pages the letter needs, or split the file.",
                count=f"{count:,}", limit=limits.pages,
            ))
        _check_content(reader, limits)
    except UploadRefused:
        raise
    except (PdfReadError, PyPdfError, zlib.error, ValueError, KeyError, TypeError, AttributeError,
            RecursionError) as error:
        raise UploadRefused(str(DAMAGED)) from error
    return count


def _check_content(reader: PdfReader, limits: PdfLimits) -> None:
    measured = _Measured(limits)
    for number, page in enumerate(reader.pages, 1):
        page.mediabox  # noqa: B018 - every page must have a readable size
        try:
            _page_content(page, measured)
        except _PageTooFull as error:
            raise UploadRefused(_(
                "Page %(page)s of this PDF holds more than %(limit)s of content once unpacked, more than a "
                "letter page needs. Print it to PDF again, or scan it at a lower resolution.",
                page=number, limit=f"{limits.page_bytes // MB} MB",
            )) from error
        except _FileTooFull as error:
            raise UploadRefused(_(
                "This PDF holds more than %(limit)s of content once unpacked. Upload fewer pages, "
                "or scan them at a lower resolution.",
                limit=f"{limits.file_bytes // MB} MB",
            )) from error


class _Measured:
    """What the pages measured so far unpack to. A stream shared by several pages (a font,
    a letterhead) is unpacked once and counts once for the file, but on every page for that
    page; a content stream counts as often as pages list it (each listing is drawn again)."""

    def __init__(self, limits: PdfLimits):
        self.limits = limits
        self.sizes: dict[int, int] = {}
        self.file_total = 0

    def add(self, item, page_total: int, *, every_time: bool) -> int:
        """The unpacked size of a stream the page draws; raises when the page or the file is too full."""
        key = item.idnum if isinstance(item, IndirectObject) else None
        known = self.sizes.get(key) if key is not None else None
        if known is not None:
            size, new = known, every_time
        else:
            stream = item.get_object()
            if not isinstance(stream, StreamObject):
                return 0
            page_left = self.limits.page_bytes - page_total
            file_left = self.limits.file_bytes - self.file_total
            try:
                size = _unpacked_size(stream, min(page_left, file_left))
            except _OverAllowance:
                raise _PageTooFull if page_left <= file_left else _FileTooFull from None
            if key is not None:
                self.sizes[key] = size
            new = True
        if page_total + size > self.limits.page_bytes:
            raise _PageTooFull
        if new:
            self.file_total += size
            if self.file_total > self.limits.file_bytes:
                raise _FileTooFull
        return size


def _page_content(page, measured: _Measured) -> int:
    """Unpacked bytes a page draws: each of its content streams as often as it is listed,
    and every stream its resources reach (forms, images, fonts) once."""
    total = 0
    contents = page.get("/Contents")
    listed = contents.get_object() if contents is not None else None
    for item in (listed if isinstance(listed, ArrayObject) else [contents] if contents is not None else []):
        total += measured.add(item, total, every_time=True)
    seen: set[int] = set()
    pending = [page.get("/Resources")]
    while pending:
        value = pending.pop()
        if isinstance(value, IndirectObject):
            if value.idnum in seen:
                continue
            seen.add(value.idnum)
            if isinstance(value.get_object(), StreamObject):
                total += measured.add(value, total, every_time=False)
            value = value.get_object()
        elif isinstance(value, StreamObject):
            total += measured.add(value, total, every_time=False)
        if isinstance(value, DictionaryObject):
            pending.extend(item for key, item in value.items() if key not in UPWARD_KEYS)
        elif isinstance(value, ArrayObject):
            pending.extend(value)
    return total


def _unpacked_size(stream: StreamObject, allowance: int) -> int:
    size = 0
    for chunk in _unpacked(stream, allowance):
        size += len(chunk)
        if size > allowance:
            raise _OverAllowance
    return size


def _filters(stream: StreamObject) -> list[tuple[str, object]]:
    names = stream.get("/Filter")
    parameters = stream.get("/DecodeParms")
    names = names.get_object() if names is not None else []
    parameters = parameters.get_object() if parameters is not None else None
    names = list(names) if isinstance(names, ArrayObject) else [names]
    parameters = list(parameters) if isinstance(parameters, ArrayObject) else [parameters] * len(names)
    return [(str(name), parameters[index] if index < len(parameters) else None) for index, name in enumerate(names)]


def _unpacked(stream: StreamObject, allowance: int) -> Iterator[bytes]:
    """The stream's bytes as a viewer unpacks them, in chunks, up to a little past `allowance`."""
    raw = stream._data  # noqa: SLF001 - pypdf keeps the encoded bytes here
    chunks: Iterator[bytes] = (raw[start:start + CHUNK] for start in range(0, len(raw), CHUNK))
    for name, parameters in _filters(stream):
        if name in IMAGE_FILTERS:
            break
        if name in FLATE_FILTERS:
            chunks = _inflate(chunks, allowance)
        elif name in OTHER_FILTERS:
            chunks = _whole(chunks, OTHER_FILTERS[name], parameters, allowance)
        else:
            raise UploadRefused(_(
                "This PDF uses a kind of compression the tracker cannot check (%(name)s). "
                "Print it to PDF again and upload that copy.",
                name=name.lstrip("/"),
            ))
    return chunks


def _inflate(chunks: Iterator[bytes], allowance: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    produced = 0
    for chunk in chunks:
        pending = chunk
        while True:
            out = inflater.decompress(pending, CHUNK)
            produced += len(out)
            if out:
                yield out
            if produced > allowance:
                raise _OverAllowance
            pending = inflater.unconsumed_tail
            if inflater.eof or (not pending and not out):
                break
        if inflater.eof:
            return


def _whole(chunks: Iterator[bytes], decoder, parameters, allowance: int) -> Iterator[bytes]:
    data = bytearray()
    for chunk in chunks:
        data += chunk
        if len(data) > allowance:
            raise _OverAllowance
    limit = max(allowance, 1)
    try:
        with apply_configuration(lzw_maximum_output_length=limit, run_length_maximum_output_length=limit):
            out = decoder.decode(bytes(data), parameters)
    except LimitReachedError as error:
        raise _OverAllowance from error
    out = out.encode("latin-1") if isinstance(out, str) else out
    for start in range(0, len(out), CHUNK):
        yield out[start:start + CHUNK]
