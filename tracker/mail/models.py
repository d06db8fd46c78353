"""The outbox: every email the app sends is a row here first, written in the
same database transaction as the change that causes it; `flask mail send`
delivers the rows that are due. Also who asked not to get which mail, and the
campaign updates a campaign lead writes to signers.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.security.crypto import EncryptedText
from tracker.types import N_, LabelledEnum, UTCDateTime, enum_column, utcnow


class MailState(LabelledEnum):
    QUEUED = ("queued", N_("Waiting to be sent"))
    SENDING = ("sending", N_("Being sent"))
    SENT = ("sent", N_("Sent"))
    FAILED = ("failed", N_("Could not be delivered"))


class OutboxMessage(db.Model):
    """One email. Address and content are encrypted at rest and cleared once
    the message is sent (or, for a failed one, after MAIL_KEEP_FAILED_DAYS)."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_about", "about_type", "about_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the message is ("letter.approved"), for counts, tests and staff pages.
    kind: Mapped[str] = mapped_column(String(60), index=True)
    # Scheduled messages carry a key (kind + record + occasion): queuing one twice
    # inserts nothing the second time.
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    # The record the message is about ("Letter", 12): where staff see a bounce.
    about_type: Mapped[str | None] = mapped_column(String(40))
    about_id: Mapped[int | None] = mapped_column(Integer)
    recipient_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    to_address: Mapped[str | None] = mapped_column(EncryptedText)
    # The whole RFC 5322 message (headers, plain and HTML parts, attachments).
    content: Mapped[str | None] = mapped_column(EncryptedText)
    state: Mapped[MailState] = mapped_column(enum_column(MailState), default=MailState.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Which sender run holds the message while it is being sent.
    claim: Mapped[str | None] = mapped_column(String(40), index=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Why the last attempt failed, in words, without the address.
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"<OutboxMessage {self.id} {self.kind} {self.state.value}>"


class MailOptOut(db.Model):
    """A notice someone does not want: by account (the account page) or by
    address (an unsubscribe link), for one topic ("reminders", "campaign:12")."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (
        UniqueConstraint("user_id", "topic", name="uq_mail_opt_outs_user_topic"),
        UniqueConstraint("address_index", "topic", name="uq_mail_opt_outs_address_topic"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # A keyed hash of the normalized address: the address itself is not kept.
    address_index: Mapped[str | None] = mapped_column(String(64))
    topic: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CampaignUpdate(db.Model):
    """News a campaign lead sends to the signers who agreed to be contacted.
    At most one per campaign per day (in the case's time zone)."""

    __tablename__ = "campaign_updates"
    __table_args__ = (UniqueConstraint("campaign_id", "sent_on", name="uq_campaign_updates_campaign_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    sent_on: Mapped[date] = mapped_column(Date)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when `mail schedule` has queued a message to every signer.
    queued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recipients: Mapped[int | None] = mapped_column(Integer)
