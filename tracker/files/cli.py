"""`flask --app tracker files clean-images`: drop the metadata that images uploaded
before every block was dropped still carry (a JPEG comment with a home address was
served on a campaign page), re-drawing them as a new upload is."""
from __future__ import annotations

import hashlib

import click
from sqlalchemy import select

from tracker.extensions import db
from tracker.files import services
from tracker.files.images import carries_metadata, clean_image
from tracker.files.models import StoredFile
from tracker.security import audit
from tracker.security.crypto import cipher

files = click.Group("files", help="Look after stored uploads.")


@files.command("clean-images")
def clean_images() -> None:
    """Re-draw every stored image that still carries metadata; the others stay as they are."""
    cleaned = failed = 0
    ids = db.session.scalars(select(StoredFile.id).where(StoredFile.kind.in_(services.IMAGE_KINDS))).all()
    for file_id in ids:
        stored = db.session.get(StoredFile, file_id)
        data = services.read(stored)
        if not carries_metadata(data, stored.kind):
            db.session.expunge(stored)
            continue
        try:
            data, stored.width, stored.height = clean_image(data, stored.kind)
        except services.UploadRefused as refused:
            failed += 1
            click.echo(f"Stored file {stored.id} could not be cleaned: {refused}", err=True)
            db.session.expunge(stored)
            continue
        stored.content = cipher().encrypt_bytes(data)
        stored.size = len(data)
        stored.sha256 = hashlib.sha256(data).hexdigest()
        audit.record("file.metadata_removed", target=stored)
        db.session.commit()
        db.session.expunge(stored)  # one image in memory at a time
        cleaned += 1
    click.echo(f"{cleaned} image(s) cleaned of metadata, {len(ids) - cleaned - failed} already clean, {failed} left as they were.")
    if failed:
        raise SystemExit(1)
