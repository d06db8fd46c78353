"""Checking, storing and reading uploads.

The type is sniffed from the content (filetype), never trusted from the name;
PDFs must parse and not be encrypted (pypdf); images must decode (Pillow) and
are re-encoded upright without their metadata (a phone photo's EXIF can carry
the GPS position of a writer's home).
"""
from __future__ import annotations

import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import timedelta

import filetype
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PyPdfError
from sqlalchemy import delete

from tracker.extensions import db
from tracker.files.models import StoredFile
from tracker.security.crypto import cipher
from tracker.types import utcnow

DOCUMENT_KINDS = frozenset({"pdf", "jpeg", "png"})
IMAGE_KINDS = frozenset({"jpeg", "png"})
MIME = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
KIND_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}
MAX_PIXELS = 60_000_000  # a 10 MB upload has no business decoding to more
UNCLAIMED_HOURS = 24


class UploadRefused(ValueError):
    """The upload cannot be accepted; the message says why, in plain words."""


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    kind: str
    original_name: str
    page_count: int | None = None
    width: int | None = None
    height: int | None = None


def _limit_label(limit: int) -> str:
    return f"{limit / (1024 * 1024):.0f} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


def check_upload(data: bytes, original_name: str, allowed: frozenset[str] = DOCUMENT_KINDS) -> CheckedUpload:
    """Return the upload, cleaned, or raise UploadRefused with the reason."""
    limit = current_app.config["UPLOAD_MAX_BYTES"]
    names = [KIND_NAMES[kind] for kind in sorted(allowed, key=list(KIND_NAMES).index)]
    accepted = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    if not data:
        raise UploadRefused("The file is empty (0 bytes). Choose the file again, or export it again.")
    if len(data) > limit:
        raise UploadRefused(
            f"The file is {_limit_label(len(data))}; the limit is {_limit_label(limit)}. "
            "Scan at a lower resolution or split it."
        )
    guessed = filetype.guess(data)
    kind = {"pdf": "pdf", "jpg": "jpeg", "png": "png"}.get(guessed.extension if guessed else "")
    if kind not in allowed:
        seen = f" (it looks like {guessed.mime})" if guessed else ""
        raise UploadRefused(f"Only {accepted} files are accepted; this file is not one{seen}.")
    name = (original_name or "upload").replace("\\", "/").rsplit("/", 1)[-1][:200] or "upload"
    if kind == "pdf":
        return CheckedUpload(data=data, kind=kind, original_name=name, page_count=_pdf_pages(data))
    cleaned, width, height = _clean_image(data, kind)
    return CheckedUpload(data=cleaned, kind=kind, original_name=name, width=width, height=height)


def _pdf_pages(data: bytes) -> int:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise UploadRefused(
                "This PDF is password-protected or encrypted, so it cannot go into a packet. "
                "Save or print it again as an unprotected PDF."
            )
        count = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 - every page must have a readable size
    except UploadRefused:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise UploadRefused("This PDF could not be read; it may be damaged. Export or scan it again.") from error
    if count == 0:
        raise UploadRefused("This PDF has no pages.")
    return count


def _clean_image(data: bytes, kind: str) -> tuple[bytes, int, int]:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise UploadRefused("This image is too large in pixels; take the photo at a lower resolution.")
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            if kind == "jpeg" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            # Saved without `exif=`: the metadata (and any GPS position) is dropped.
            if kind == "jpeg":
                upright.save(out, "JPEG", quality=88, optimize=True)
            else:
                upright.save(out, "PNG", optimize=True)
            return out.getvalue(), upright.width, upright.height
    except UploadRefused:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise UploadRefused("This image could not be read; it may be damaged. Take or export it again.") from error


def store(upload: CheckedUpload, *, uploaded_by_id: int | None = None, claimed: bool = True) -> StoredFile:
    """Encrypt and keep a checked upload."""
    _prune_unclaimed()
    stored = StoredFile(
        storage_name=secrets.token_hex(16),
        original_name=upload.original_name,
        kind=upload.kind,
        mime=MIME[upload.kind],
        size=len(upload.data),
        sha256=hashlib.sha256(upload.data).hexdigest(),
        page_count=upload.page_count,
        width=upload.width,
        height=upload.height,
        content=cipher().encrypt_bytes(upload.data),
        claimed=claimed,
        uploaded_by_id=uploaded_by_id,
    )
    db.session.add(stored)
    db.session.flush()
    return stored


def read(stored: StoredFile) -> bytes:
    return cipher().decrypt_bytes(stored.content)


def _prune_unclaimed() -> None:
    cutoff = utcnow() - timedelta(hours=UNCLAIMED_HOURS)
    db.session.execute(
        delete(StoredFile).where(StoredFile.claimed.is_(False), StoredFile.created_at < cutoff)
    )


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kept-upload")


def keep_token(stored: StoredFile) -> str:
    """A signed reference to an unclaimed upload, carried by a re-shown form."""
    return _serializer().dumps(stored.storage_name)


def kept_file(token: str | None) -> StoredFile | None:
    """The unclaimed upload a re-shown form refers to, if the reference is genuine."""
    if not token:
        return None
    try:
        storage_name = _serializer().loads(token)
    except BadSignature:
        return None
    return db.session.scalar(
        db.select(StoredFile).where(StoredFile.storage_name == storage_name, StoredFile.claimed.is_(False))
    )
