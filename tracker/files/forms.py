"""A file field whose upload survives a form that is shown again with errors.

A valid upload is stored at once (encrypted, unclaimed); the re-shown form
carries a signed reference to it, so the writer does not have to choose the
file again. The view claims the file when the form is finally saved.
"""
from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_wtf.file import FileField, MultipleFileField
from wtforms.validators import ValidationError

from tracker.files import services
from tracker.files.images import OverRequestBudget
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


class MultipleUploadField(MultipleFileField):
    """Several files in one input (`multiple`), kept in the order they were chosen.

    Each file is checked as a single upload is. A file refused (wrong type, too
    large, damaged, hostile) refuses the whole choice, so that nothing is kept
    out of order: the person chooses the files again. Files accepted while the
    form is shown again with other errors are kept, in order, and files chosen
    next are added after them. When the images of one send are more than can be
    decoded at once, the files before that point are kept and the person sends
    the rest.
    """

    def __init__(self, label: str, *, allowed: frozenset[str] = services.DOCUMENT_KINDS, max_files: int = 20, **kwargs):
        super().__init__(label, **kwargs)
        self.allowed = allowed
        self.max_files = max_files
        self.already = 0  # files the record being changed has already: they count toward the limit
        self.stored: list[StoredFile] = []

    @property
    def kept_name(self) -> str:
        return f"{self.name}__kept"

    @property
    def forget_name(self) -> str:
        return f"{self.name}__forget"

    @property
    def accept(self) -> str:
        return ",".join(ACCEPT[kind] for kind in sorted(self.allowed))

    @property
    def kept(self) -> list[tuple[StoredFile, str]]:
        """The accepted files waiting for the form to be saved, with their signed references."""
        return [(stored, services.keep_token(stored)) for stored in self.stored if not stored.claimed]

    def _kept_files(self) -> list[StoredFile]:
        if request.form.get(self.forget_name):
            return []
        found = (services.kept_file(token) for token in request.form.getlist(self.kept_name))
        return [stored for stored in found if stored is not None]

    def pre_validate(self, form):
        kept = self._kept_files()
        self.stored = kept
        chosen = [upload for upload in self.data or [] if getattr(upload, "filename", None)]
        if not chosen:
            return
        room = self.max_files - self.already - len(kept)
        if len(chosen) > room:
            raise ValidationError(_too_many(len(chosen), self.max_files, self.already + len(kept)))
        limit = current_app.config["UPLOAD_MAX_BYTES"]
        checked, refused, left = [], [], []
        for upload in chosen:
            name = clean_file_name(upload.filename)
            if left:  # the pixels of this send ran out: the rest are not opened
                left.append(name)
                continue
            try:
                checked.append(services.check_upload(upload.read(limit + 1), upload.filename, self.allowed))
            except OverRequestBudget:
                left.append(name)
            except services.UploadRefused as refused_file:
                refused.append(f"{name}: {refused_file}")
        if refused:
            self.errors.extend(refused)
            raise ValidationError(ngettext(
                "%(num)s other file you chose was not kept either, so that the pages stay in order: "
                "choose the files again, without the refused one or with a new copy of it.",
                "%(num)s other files you chose were not kept either, so that the pages stay in order: "
                "choose the files again, without the refused one or with a new copy of it.",
                len(chosen) - len(refused),
            ) if len(chosen) > len(refused) else _("Choose the file again, or a new copy of it."))
        self.stored = kept + [services.store(upload, claimed=False) for upload in checked]
        if left:
            raise ValidationError(ngettext(
                "The files before %(name)s are kept: together they are as many images as can be processed at once. "
                "Send the form again with the %(num)s file left, %(name)s; it is added after them.",
                "The files before %(name)s are kept: together they are as many images as can be processed at once. "
                "Send the form again with the %(num)s files left, from %(name)s on; they are added after them.",
                len(left), name=left[0],
            ))

    def claim(self) -> list[StoredFile]:
        """Mark the uploads as used by a saved record; returns them in their order."""
        for stored in self.stored:
            stored.claimed = True
        return list(self.stored)


def _too_many(chosen: int, limit: int, already: int) -> str:
    if already:
        return ngettext(
            "You chose %(num)s files, but there is room for %(room)s more: a letter has at most %(limit)s files "
            "and %(already)s are already there. Put several pages in one PDF, or choose fewer files.",
            "You chose %(num)s files, but there is room for %(room)s more: a letter has at most %(limit)s files "
            "and %(already)s are already there. Put several pages in one PDF, or choose fewer files.",
            chosen, room=max(0, limit - already), limit=limit, already=already,
        )
    return ngettext(
        "You chose %(num)s file; at most %(limit)s can be sent. Put several pages in one PDF, or choose fewer files.",
        "You chose %(num)s files; at most %(limit)s can be sent. Put several pages in one PDF, or choose fewer files.",
        chosen, limit=limit,
    )
