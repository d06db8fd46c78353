"""Facilities, detention periods and bonds."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from tracker.cases.models import Case


class Facility(db.Model):
    """A detention facility in the directory admins keep (public information)."""

    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    visiting_rules: Mapped[str | None] = mapped_column(Text)
    ice_field_office: Mapped[str | None] = mapped_column(String(200))
    # Closed facilities stay for the periods that name them, but are offered no more.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<Facility {self.id}>"


class PeriodEnd(LabelledEnum):
    TRANSFERRED = ("transferred", "Transferred")
    RELEASED = ("released", "Released")
    REMOVED = ("removed", "Removed from the country")


class DetentionPeriod(db.Model):
    """Held at one facility from one day to another; a transfer ends one period
    and starts the next, which names it (`transferred_from`)."""

    __tablename__ = "detention_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date | None] = mapped_column(Date)
    ended_by: Mapped[PeriodEnd | None] = mapped_column(enum_column(PeriodEnd))
    transferred_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("detention_periods.id", ondelete="SET NULL"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped[Case] = relationship()
    facility: Mapped[Facility] = relationship()

    def __repr__(self) -> str:
        return f"<DetentionPeriod {self.id}>"

    @property
    def is_open(self) -> bool:
        return self.to_date is None


class BondSetBy(LabelledEnum):
    IMMIGRATION_JUDGE = ("immigration_judge", "Immigration judge")
    ICE = ("ice", "ICE")


class BondPayer(LabelledEnum):
    FAMILY = ("family", "Family")
    BOND_FUND = ("bond_fund", "Bond fund")
    ORGANIZATION = ("organization", "Organization")


class BondStatus(LabelledEnum):
    SET = ("set", "Set (not posted yet)")
    POSTED = ("posted", "Posted")
    BREACHED = ("breached", "Breached")
    CANCELLED = ("cancelled", "Cancelled")
    BEING_RETURNED = ("being_returned", "Being returned")
    RETURNED = ("returned", "Returned")


class Bond(db.Model):
    """A bond set in a case. Amounts are whole dollars (bonds are set in dollars).
    Legal volunteers and admins only: campaign leads and congregations never see them."""

    __tablename__ = "bonds"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[BondSetBy] = mapped_column(enum_column(BondSetBy))
    set_on: Mapped[date] = mapped_column(Date)
    paid_by: Mapped[BondPayer | None] = mapped_column(enum_column(BondPayer))
    # What the network's bond fund or partner organization put in, whoever posted it.
    organization_contribution: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[BondStatus] = mapped_column(enum_column(BondStatus), default=BondStatus.SET, index=True)
    returned_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    case: Mapped[Case] = relationship()

    def __repr__(self) -> str:
        return f"<Bond {self.id}>"

    @property
    def fund_share(self) -> int:
        """The bond fund's money in this bond: all of it when the fund paid, else the
        organization's contribution."""
        if self.paid_by is BondPayer.BOND_FUND:
            return self.amount
        return self.organization_contribution or 0
