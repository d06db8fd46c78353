"""Every packet ever built, with what went into it: sent packets are evidence."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from tracker.extensions import db
from tracker.types import N_, LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from tracker.auth.models import User
    from tracker.cases.models import Case


class Recipient(LabelledEnum):
    ICE = ("ice", N_("ICE Field Office Director"))
    JUDGE = ("judge", N_("Immigration Judge"))
    COUNSEL = ("counsel", N_("Office of the Chief Counsel (DHS)"))
    OTHER = ("other", N_("Someone else"))


class Packet(db.Model):
    __tablename__ = "packets"
    __table_args__ = (UniqueConstraint("case_id", "version", name="uq_packets_case_version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    recipient_kind: Mapped[Recipient] = mapped_column(enum_column(Recipient))
    recipient: Mapped[str] = mapped_column(Text)
    cover_text: Mapped[str] = mapped_column(Text)
    include_petition: Mapped[bool] = mapped_column(Boolean, default=False)
    include_signers: Mapped[bool] = mapped_column(Boolean, default=False)
    include_id_copies: Mapped[bool] = mapped_column(Boolean, default=True)
    service_text: Mapped[str | None] = mapped_column(Text)
    page_count: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    warnings: Mapped[str | None] = mapped_column(Text)
    # The PDF, encrypted like every stored file; loaded only for a download.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    built_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    built_by: Mapped[User | None] = relationship()
    exhibits: Mapped[list[PacketExhibit]] = relationship(
        back_populates="packet", order_by="PacketExhibit.position", cascade="all, delete-orphan"
    )
    # Empty unless the packet was split for an e-filing system's size limit (tracker/packets/volumes.py).
    volumes: Mapped[list[PacketVolume]] = relationship(
        back_populates="packet", order_by="PacketVolume.number", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Packet {self.id} v{self.version}>"


class PacketExhibit(db.Model):
    """One exhibit of a built packet, as it was: label, title and pages."""

    __tablename__ = "packet_exhibits"

    id: Mapped[int] = mapped_column(primary_key=True)
    packet_id: Mapped[int] = mapped_column(ForeignKey("packets.id", ondelete="CASCADE"), index=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(400))
    first_page: Mapped[int] = mapped_column(Integer)
    last_page: Mapped[int] = mapped_column(Integer)

    packet: Mapped[Packet] = relationship(back_populates="exhibits")


class PacketVolume(db.Model):
    """One numbered volume of a packet split to fit an e-filing system's size limit, kept with it."""

    __tablename__ = "packet_volumes"
    __table_args__ = (UniqueConstraint("packet_id", "number", name="uq_packet_volumes_packet_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    packet_id: Mapped[int] = mapped_column(ForeignKey("packets.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    first_label: Mapped[str] = mapped_column(String(40))
    last_label: Mapped[str] = mapped_column(String(40))
    # The PDF, encrypted like the packet's; loaded only for a download.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))

    packet: Mapped[Packet] = relationship(back_populates="volumes")


class CourtOffice(db.Model):
    """Where DHS is served for filings with one immigration court: the Office of the
    Chief Counsel's address, kept by admins, matched to a case by its court's name."""

    __tablename__ = "court_offices"

    id: Mapped[int] = mapped_column(primary_key=True)
    court: Mapped[str] = mapped_column(String(200), unique=True)
    chief_counsel_address: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<CourtOffice {self.id}>"
