"""Support letters, the letters a case needs, and writers' private invitations."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.security.crypto import EncryptedText
from tracker.types import N_, LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from tracker.auth.models import User
    from tracker.cases.models import Case
    from tracker.files.models import StoredFile


class Relation(LabelledEnum):
    FAMILY = ("family", N_("Family"))
    EMPLOYER = ("employer", N_("Employer or co-worker"))
    CLERGY = ("clergy", N_("Clergy or faith community"))
    TEACHER = ("teacher", N_("Teacher or school"))
    NEIGHBOUR = ("neighbour", N_("Neighbour"))
    ELECTED_OFFICIAL = ("elected_official", N_("Elected official"))
    COMMUNITY = ("community", N_("Community member"))
    OTHER = ("other", N_("Other"))


class LetterStatus(LabelledEnum):
    REQUESTED = ("requested", N_("Requested"))
    RECEIVED = ("received", N_("Received"))
    NEEDS_REVISION = ("needs_revision", N_("Needs revision"))
    APPROVED = ("approved", N_("Approved"))
    EXCLUDED = ("excluded", N_("Excluded"))


class LetterSource(LabelledEnum):
    INVITED = ("invited", N_("Invited writer"))
    PUBLIC = ("public", N_("Campaign page"))
    STAFF = ("staff", N_("Entered by the team"))


# A writer may change a letter until it is approved (or excluded).
WRITER_MAY_EDIT = frozenset({LetterStatus.REQUESTED, LetterStatus.RECEIVED, LetterStatus.NEEDS_REVISION})

DEFAULT_CERTIFICATION = (
    "I certify that I am competent to translate from {language} into English, "
    "and that the English translation of this letter is complete and accurate "
    "to the best of my knowledge and ability."
)


class LetterNeed(db.Model):
    """One line of a case's letter checklist: e.g. 3 letters from clergy."""

    __tablename__ = "letter_needs"
    __table_args__ = (UniqueConstraint("case_id", "relation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    relation: Mapped[Relation] = mapped_column(enum_column(Relation))
    wanted: Mapped[int] = mapped_column(Integer, default=1)


class Letter(db.Model):
    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    status: Mapped[LetterStatus] = mapped_column(enum_column(LetterStatus), default=LetterStatus.RECEIVED)
    source: Mapped[LetterSource] = mapped_column(enum_column(LetterSource))

    author_name: Mapped[str] = mapped_column(String(200))
    relation: Mapped[Relation] = mapped_column(enum_column(Relation))
    relationship_detail: Mapped[str | None] = mapped_column(String(200))
    known_for: Mapped[str | None] = mapped_column(String(100))
    organization: Mapped[str | None] = mapped_column(String(200))
    # A writer's contact details are personal data: encrypted, for the team only.
    author_contact: Mapped[str | None] = mapped_column(EncryptedText)
    # The language the writer reads ("en", "es"): of the page they wrote from, or as the team invited them.
    writer_locale: Mapped[str | None] = mapped_column(String(5))
    language: Mapped[str] = mapped_column(String(60), default="English")
    body: Mapped[str | None] = mapped_column(Text)
    id_copy_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))

    translation_text: Mapped[str | None] = mapped_column(Text)
    translation_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    translator_name: Mapped[str | None] = mapped_column(String(200))
    translator_address: Mapped[str | None] = mapped_column(EncryptedText)
    translator_statement: Mapped[str | None] = mapped_column(Text)
    translation_certified_on: Mapped[date | None] = mapped_column(Date)

    review_note: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship()
    # The uploaded letter: a PDF, or a photo of each page, in the writer's order.
    pages: Mapped[list[LetterPage]] = relationship(
        back_populates="letter", order_by=lambda: (LetterPage.position, LetterPage.id), cascade="all, delete-orphan"
    )
    id_copy_file: Mapped[StoredFile | None] = relationship(foreign_keys=[id_copy_file_id])
    translation_file: Mapped[StoredFile | None] = relationship(foreign_keys=[translation_file_id])
    reviewed_by: Mapped[User | None] = relationship()
    invitation: Mapped[Invitation | None] = relationship(back_populates="letter", uselist=False)

    def __repr__(self) -> str:
        return f"<Letter {self.id} {self.status.value}>"

    @property
    def needs_translation(self) -> bool:
        return self.language.strip().casefold() not in ("english", "en")

    @property
    def has_content(self) -> bool:
        return bool(self.body or self.pages)

    @property
    def has_translation(self) -> bool:
        return bool(self.translation_text or self.translation_file_id)

    @property
    def writer_may_edit(self) -> bool:
        return self.status in WRITER_MAY_EDIT


# How many files one letter may have: a photo of each page of a long letter, not an album.
MAX_LETTER_PAGES = 20


class LetterPage(db.Model):
    """One uploaded file of a letter (a PDF, or the photo of one page) and its place among the others."""

    __tablename__ = "letter_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), index=True)
    # A page is its file: without the file there is nothing left of it.
    stored_file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    letter: Mapped[Letter] = relationship(back_populates="pages")
    file: Mapped[StoredFile] = relationship()

    def __repr__(self) -> str:
        return f"<LetterPage {self.id} of letter {self.letter_id} at {self.position}>"


class Invitation(db.Model):
    """A named writer's private link to write (and revise) their letter."""

    __tablename__ = "letter_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id", ondelete="CASCADE"), unique=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    letter: Mapped[Letter] = relationship(back_populates="invitation")
    created_by: Mapped[User | None] = relationship()

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now
