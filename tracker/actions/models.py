"""Actions people are needed for, the congregations that pledge them, and
the reports filed after an accompaniment."""
from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.security.crypto import EncryptedText
from tracker.types import N_, LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from tracker.auth.models import User
    from tracker.cases.models import Case
    from tracker.timeline.models import Event


class ActionKind(LabelledEnum):
    CALL_IN_DAY = ("call_in_day", N_("Call-in day"))
    VIGIL = ("vigil", N_("Vigil"))
    RALLY = ("rally", N_("Rally"))
    PRESS_CONFERENCE = ("press_conference", N_("Press conference"))
    DELIVERY = ("delivery", N_("Petition or letter delivery"))
    HEARING_ACCOMPANIMENT = ("hearing_accompaniment", N_("Hearing accompaniment / court watch"))
    CHECK_IN_ACCOMPANIMENT = ("check_in_accompaniment", N_("Check-in accompaniment"))
    DETENTION_VISIT = ("detention_visit", N_("Visit in detention"))
    BOND_FUND = ("bond_fund", N_("Bond fund"))
    CONGRESSIONAL_OUTREACH = ("congressional_outreach", N_("Congressional outreach"))


# After these, the team leader files a report (what happened, the next date).
ACCOMPANIMENT_KINDS = frozenset({ActionKind.HEARING_ACCOMPANIMENT, ActionKind.CHECK_IN_ACCOMPANIMENT})
# Their time and place must stay private unless the team decides otherwise.
INTERNAL_BY_DEFAULT = frozenset({ActionKind.CHECK_IN_ACCOMPANIMENT, ActionKind.DETENTION_VISIT})


class Action(db.Model):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ActionKind] = mapped_column(enum_column(ActionKind))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    timezone: Mapped[str] = mapped_column(String(64))
    place: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    people_needed: Mapped[int] = mapped_column(Integer, default=0)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    # Call-in days: the number to call, when, and what to say.
    call_number: Mapped[str | None] = mapped_column(String(40))
    call_hours: Mapped[str | None] = mapped_column(String(200))
    script: Mapped[str | None] = mapped_column(Text)
    # Optional Spanish versions of the public texts (tracker/campaigns/languages.py).
    title_es: Mapped[str | None] = mapped_column(String(200))
    description_es: Mapped[str | None] = mapped_column(Text)
    script_es: Mapped[str | None] = mapped_column(Text)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    case: Mapped[Case] = relationship()
    pledges: Mapped[list[Pledge]] = relationship(back_populates="action", order_by="Pledge.id")

    def __repr__(self) -> str:
        return f"<Action {self.id} {self.kind.value}>"

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.timezone))

    @property
    def local_end(self) -> datetime | None:
        return self.ends_at.astimezone(ZoneInfo(self.timezone)) if self.ends_at else None

    @property
    def is_accompaniment(self) -> bool:
        return self.kind in ACCOMPANIMENT_KINDS

    @property
    def is_call_in(self) -> bool:
        return self.kind is ActionKind.CALL_IN_DAY

    @property
    def is_past(self) -> bool:
        return (self.ends_at or self.starts_at) < utcnow()


class Congregation(db.Model):
    __tablename__ = "congregations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    tradition: Mapped[str | None] = mapped_column(String(100))
    city: Mapped[str | None] = mapped_column(String(120))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    # Contacts are personal data of supporters: encrypted, for staff only.
    contact_email: Mapped[str | None] = mapped_column(EncryptedText)
    contact_phone: Mapped[str | None] = mapped_column(EncryptedText)
    # Some congregations pledge only privately and must never be named in public.
    listed_publicly: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Congregation {self.id}>"


class PledgeStatus(LabelledEnum):
    PLEDGED = ("pledged", N_("Pledged"))
    CONFIRMED = ("confirmed", N_("Confirmed"))
    FULFILLED = ("fulfilled", N_("Fulfilled"))
    CANCELLED = ("cancelled", N_("Cancelled"))


# The states that count towards "N of M people pledged".
COUNTED = (PledgeStatus.PLEDGED, PledgeStatus.CONFIRMED, PledgeStatus.FULFILLED)


class PledgeSource(LabelledEnum):
    PORTAL = ("portal", N_("Congregation portal"))
    PUBLIC = ("public", N_("Campaign page"))
    STAFF = ("staff", N_("Entered by the team"))


class Pledge(db.Model):
    __tablename__ = "pledges"
    # One pledge per congregation per action; pledging again changes it.
    __table_args__ = (UniqueConstraint("action_id", "congregation_id", name="uq_pledges_action_congregation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    congregation_id: Mapped[int | None] = mapped_column(ForeignKey("congregations.id", ondelete="SET NULL"), index=True)
    # A group or person pledging without a congregation record (from the public form).
    supporter_name: Mapped[str | None] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(EncryptedText)
    # The language of the page a public pledge came from: its emails are written in it.
    locale: Mapped[str | None] = mapped_column(String(5))
    people: Mapped[int] = mapped_column(Integer)
    status: Mapped[PledgeStatus] = mapped_column(enum_column(PledgeStatus), default=PledgeStatus.PLEDGED)
    attended: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    source: Mapped[PledgeSource] = mapped_column(enum_column(PledgeSource))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    action: Mapped[Action] = relationship(back_populates="pledges")
    congregation: Mapped[Congregation | None] = relationship()

    def __repr__(self) -> str:
        return f"<Pledge {self.id} {self.status.value}>"

    @property
    def pledger(self) -> str:
        return self.congregation.name if self.congregation else (self.supporter_name or "")


class ProposalState(LabelledEnum):
    NONE = ("none", N_("No next date given"))
    PROPOSED = ("proposed", N_("Proposed to the legal team"))
    ACCEPTED = ("accepted", N_("Added to the timeline"))
    DISMISSED = ("dismissed", N_("Dismissed"))


class AccompanimentReport(db.Model):
    """What happened at a hearing or check-in, and the next date if one was given."""

    __tablename__ = "accompaniment_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"), index=True)
    what_happened: Mapped[str] = mapped_column(Text)
    next_date: Mapped[date | None] = mapped_column(Date)
    next_time: Mapped[time | None] = mapped_column(Time)
    proposal: Mapped[ProposalState] = mapped_column(enum_column(ProposalState), default=ProposalState.NONE)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    action: Mapped[Action] = relationship()
    filed_by: Mapped[User | None] = relationship(foreign_keys=[filed_by_id])
    event: Mapped[Event | None] = relationship()
