"""Checking, storing and reading uploads.

The type is sniffed from the content (filetype), never trusted from the name.
PDFs must parse, not be encrypted and cost a bounded amount to draw (pdfs.py);
images must decode within a pixel budget and are re-drawn upright without any
metadata (images.py: a phone photo's EXIF can carry the GPS position of a
writer's home).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

import filetype
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete

from tracker.extensions import db
from tracker.files.errors import UploadRefused
from tracker.files.images import clean_image
from tracker.files.models import StoredFile
from tracker.files.pdfs import checked_page_count
from tracker.names import clean_file_name
from tracker.security.crypto import cipher
from tracker.types import utcnow

DOCUMENT_KINDS = frozenset({"pdf", "jpeg", "png"})
IMAGE_KINDS = frozenset({"jpeg", "png"})
MIME = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}
KIND_NAMES = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}
UNCLAIMED_HOURS = 24


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
    accepted = names[0] if len(names) == 1 else _("%(some)s or %(last)s", some=", ".join(names[:-1]), last=names[-1])
    if not data:
        raise UploadRefused(_("The file is empty (0 bytes). Choose the file again, or export it again."))
    if len(data) > limit:
        raise UploadRefused(_(
            "The file is %(size)s; the limit is %(limit)s. Scan at a lower resolution or split it.",
            size=_limit_label(len(data)), limit=_limit_label(limit),
        ))
    guessed = filetype.guess(data)
    kind = {"pdf": "pdf", "jpg": "jpeg", "png": "png"}.get(guessed.extension if guessed else "")
    if kind not in allowed:
        if guessed:
            raise UploadRefused(_("Only %(accepted)s files are accepted; this file is not one (it looks like %(seen)s).",
                                  accepted=accepted, seen=guessed.mime))
        raise UploadRefused(_("Only %(accepted)s files are accepted; this file is not one.", accepted=accepted))
    name = clean_file_name(original_name)
    if kind == "pdf":
        return CheckedUpload(data=data, kind=kind, original_name=name, page_count=checked_page_count(data))
    cleaned, width, height = clean_image(data, kind)
    return CheckedUpload(data=cleaned, kind=kind, original_name=name, width=width, height=height)


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
