"""A stored upload. The content lives encrypted in the database, so every app
server sees the same files and a backup holds them with the records that use them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from tracker.extensions import db
from tracker.names import clean_file_name
from tracker.types import UTCDateTime, utcnow


class StoredFile(db.Model):
    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    # A random name: nothing about the file or its owner can be guessed from it.
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(10))  # pdf, jpeg, png
    mime: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    page_count: Mapped[int | None] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    # Fernet token of the bytes; loaded only when the file is read.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    # An upload kept while its form is re-shown is unclaimed until the form is saved.
    claimed: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<StoredFile {self.id} {self.kind}>"

    @property
    def display_name(self) -> str:
        """The name to show and to send in a download: cleaned again, for a name
        kept before names were cleaned (a NUL, a control character, or a
        right-to-left override that makes "invoice\u202efdp.exe" read as "invoiceexe.pdf")."""
        return clean_file_name(self.original_name)

    @property
    def is_pdf(self) -> bool:
        return self.kind == "pdf"

    @property
    def is_image(self) -> bool:
        return self.kind in ("jpeg", "png")

    @property
    def size_label(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} MB"
        return f"{max(1, self.size // 1024)} KB"
