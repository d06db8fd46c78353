"""A case's public campaign, its petition and the petition's signatures."""
from __future__ import annotations

import secrets
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.security.crypto import EncryptedText
from tracker.types import N_, LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from tracker.cases.models import Case
    from tracker.files.models import StoredFile


def new_page_version() -> str:
    return secrets.token_hex(16)


class Campaign(db.Model):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    # The page is public only while this is on AND the case has publicity consent.
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    headline: Mapped[str] = mapped_column(String(200))
    story: Mapped[str | None] = mapped_column(Text)
    ask: Mapped[str | None] = mapped_column(Text)
    # Optional Spanish versions (tracker/campaigns/languages.py): a Spanish page shows
    # them where they exist, the English otherwise, and the other way round.
    headline_es: Mapped[str | None] = mapped_column(String(200))
    story_es: Mapped[str | None] = mapped_column(Text)
    ask_es: Mapped[str | None] = mapped_column(Text)
    target: Mapped[str | None] = mapped_column(String(200))
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id", ondelete="SET NULL"))
    photo_alt: Mapped[str | None] = mapped_column(String(300))
    # Call-in scripts may quote the A-number; only when the campaign lead says so.
    show_a_number: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # A new random value in the same transaction as any change the public page
    # shows, a consent re-check included (bookkeeping.py, fitness.recheck):
    # anything that keeps a copy of the page, like page_cache.py, compares it.
    page_version: Mapped[str] = mapped_column(String(32), default=new_page_version, server_default="initial")

    case: Mapped[Case] = relationship()
    photo: Mapped[StoredFile | None] = relationship()
    petition: Mapped[Petition | None] = relationship(back_populates="campaign", uselist=False)

    def __repr__(self) -> str:
        return f"<Campaign {self.id}>"


class Petition(db.Model):
    __tablename__ = "petitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(200))
    ask: Mapped[str] = mapped_column(Text)
    title_es: Mapped[str | None] = mapped_column(String(200))
    ask_es: Mapped[str | None] = mapped_column(Text)
    goal: Mapped[int] = mapped_column(Integer, default=500)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    delivered_on: Mapped[date | None] = mapped_column(Date)
    delivered_to: Mapped[str | None] = mapped_column(String(200))
    delivered_count: Mapped[int | None] = mapped_column(Integer)
    # Kept by the database: triggers on `signatures` move it in the statement that adds,
    # deletes or moves a signature (migration c3d8e1f0a2b7), so that no page counts them all.
    signature_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    campaign: Mapped[Campaign] = relationship(back_populates="petition")

    def __repr__(self) -> str:
        return f"<Petition {self.id}>"


class SignatureSource(LabelledEnum):
    ONLINE = ("online", N_("Signed online"))
    PAPER = ("paper", N_("Paper form"))


class Signature(db.Model):
    __tablename__ = "signatures"
    # One signature per email per petition, enforced by the database so that
    # two requests arriving together cannot both insert.
    __table_args__ = (UniqueConstraint("petition_id", "email_index", name="uq_signatures_petition_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Found by the unique index on (petition_id, email_index), which starts with it.
    petition_id: Mapped[int] = mapped_column(ForeignKey("petitions.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    # Supporters' emails stay inside the case team: encrypted, found by a keyed hash.
    email: Mapped[str | None] = mapped_column(EncryptedText)
    email_index: Mapped[str | None] = mapped_column(String(64))
    city: Mapped[str | None] = mapped_column(String(120))
    comment: Mapped[str | None] = mapped_column(Text)
    contact_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language of the page the signer used: campaign updates are written in it.
    locale: Mapped[str | None] = mapped_column(String(5))
    source: Mapped[SignatureSource] = mapped_column(enum_column(SignatureSource), default=SignatureSource.ONLINE)
    # The random id of the form that sent it: a double submit of one form is one signature.
    form_nonce: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    petition: Mapped[Petition] = relationship()

    def __repr__(self) -> str:
        return f"<Signature {self.id}>"


class UnfitText(db.Model):
    """A public text of a case that does not fit the person's publicity consent
    (found when consent narrowed or the name or A-number changed): the public
    page leaves it out, and the campaign lead sees it listed to fix."""

    __tablename__ = "unfit_public_texts"
    __table_args__ = (UniqueConstraint("record", "record_id", "field", name="uq_unfit_public_texts_field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    record: Mapped[str] = mapped_column(String(20))  # campaign, petition, action or event
    record_id: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(40))
    # What it holds: "name", "a_number" or both; never the A-number itself.
    reason: Mapped[str] = mapped_column(String(40))
    # The words of the name it holds beyond consent, as written in the name.
    words: Mapped[str | None] = mapped_column(String(400))
    found_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<UnfitText {self.record} {self.record_id} {self.field}>"
