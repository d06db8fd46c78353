"""A file field whose upload survives a form that is shown again with errors.

A valid upload is stored at once (encrypted, unclaimed); the re-shown form
carries a signed reference to it, so the writer does not have to choose the
file again. The view claims the file when the form is finally saved.
"""
from __future__ import annotations

from flask import current_app, request
from flask_wtf.file import FileField
from wtforms.validators import ValidationError

from tracker.files import services
from tracker.files.models import StoredFile
from tracker.names import clean_file_name

ACCEPT = {"pdf": ".pdf,application/pdf", "jpeg": ".jpg,.jpeg,image/jpeg", "png": ".png,image/png"}


class UploadField(FileField):
    def __init__(self, label: str, *, allowed: frozenset[str] = services.DOCUMENT_KINDS, **kwargs):
        super().__init__(label, **kwargs)
        self.allowed = allowed
        self.stored: StoredFile | None = None

    @property
    def kept_name(self) -> str:
        return f"{self.name}__kept"

    @property
    def accept(self) -> str:
        """The browser's file picker hint (the server checks the content anyway)."""
        return ",".join(ACCEPT[kind] for kind in sorted(self.allowed))

    @property
    def kept_token(self) -> str | None:
        return services.keep_token(self.stored) if self.stored is not None and not self.stored.claimed else None

    def pre_validate(self, form):
        chosen = self.data
        if chosen is not None and getattr(chosen, "filename", None):
            limit = current_app.config["UPLOAD_MAX_BYTES"]
            data = chosen.read(limit + 1)
            try:
                checked = services.check_upload(data, chosen.filename, self.allowed)
            except services.UploadRefused as refused:
                # The name as it would be kept: never shown with its hidden characters.
                raise ValidationError(f"{clean_file_name(chosen.filename)}: {refused}") from refused
            self.stored = services.store(checked, claimed=False)
            return
        self.stored = services.kept_file(request.form.get(self.kept_name))

    def claim(self) -> StoredFile | None:
        """Mark the upload as used by a saved record; returns it (or None when no file was given)."""
        if self.stored is not None:
            self.stored.claimed = True
        return self.stored
