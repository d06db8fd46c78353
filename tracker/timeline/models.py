"""Timeline events and their edit history."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from flask_babel import gettext
from sqlalchemy import Boolean, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.security.crypto import EncryptedText
from tracker.types import N_, LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from tracker.auth.models import User
    from tracker.cases.models import Case, Filing


class EventKind(LabelledEnum):
    MASTER_CALENDAR_HEARING = ("master_calendar_hearing", N_("Master calendar hearing"))
    INDIVIDUAL_HEARING = ("individual_hearing", N_("Individual (merits) hearing"))
    BOND_HEARING = ("bond_hearing", N_("Bond hearing"))
    ICE_CHECK_IN = ("ice_check_in", N_("ICE check-in"))
    FILING_DEADLINE = ("filing_deadline", N_("Filing deadline"))
    FILING_SUBMITTED = ("filing_submitted", N_("Filing submitted"))
    DECISION = ("decision", N_("Decision"))
    DETENTION = ("detention", N_("Detention"))
    TRANSFER = ("transfer", N_("Transfer"))
    RELEASE = ("release", N_("Release"))
    REMOVAL = ("removal", N_("Removal"))
    NOTE = ("note", N_("Note"))
    STAGE_CHANGE = ("stage_change", N_("Stage changed"))


HEARING_KINDS = frozenset(
    {EventKind.MASTER_CALENDAR_HEARING, EventKind.INDIVIDUAL_HEARING, EventKind.BOND_HEARING}
)
# What the dashboard and calendars look ahead to.
UPCOMING_KINDS = HEARING_KINDS | {EventKind.ICE_CHECK_IN, EventKind.FILING_DEADLINE}


class DecisionBody(LabelledEnum):
    IMMIGRATION_JUDGE = ("immigration_judge", N_("Immigration judge"))
    BIA = ("bia", N_("Board of Immigration Appeals"))
    CIRCUIT_COURT = ("circuit_court", N_("Circuit court of appeals"))
    ICE = ("ice", N_("ICE"))
    USCIS = ("uscis", N_("USCIS"))


class Visibility(LabelledEnum):
    INTERNAL = ("internal", N_("Internal (case team only)"))
    PUBLIC = ("public", N_("Public (may appear on the campaign page)"))


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    title: Mapped[str | None] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    timezone: Mapped[str] = mapped_column(String(64))
    location: Mapped[str | None] = mapped_column(String(300))
    outcome: Mapped[str | None] = mapped_column(Text)
    # Free-text notes are legal notes: restricted and encrypted.
    notes: Mapped[str | None] = mapped_column(EncryptedText, deferred=True)
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility), default=Visibility.INTERNAL)

    # Decisions: who decided, and whether it is a final order of removal.
    decided_by: Mapped[DecisionBody | None] = mapped_column(enum_column(DecisionBody))
    final_order: Mapped[bool] = mapped_column(Boolean, default=False)

    # Derived deadlines: the decision that started them and the rule used.
    trigger_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    rule: Mapped[str | None] = mapped_column(String(40))
    # The date the rule gives (rolled forward past weekends and holidays where
    # the rule says so), and the raw last day counted in calendar days.
    derived_due_on: Mapped[date | None] = mapped_column(Date)
    raw_due_on: Mapped[date | None] = mapped_column(Date)
    overridden: Mapped[bool] = mapped_column(Boolean, default=False)

    # Deadlines are met (completed) or dismissed; hearings are verified.
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    completed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The filing that met the deadline, when recording it did (tracker/timeline/filings.py).
    met_by_filing_id: Mapped[int | None] = mapped_column(ForeignKey("filings.id", ondelete="SET NULL"), index=True)
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    last_verified_on: Mapped[date | None] = mapped_column(Date)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # Removed entries stay in the database with their history.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)

    case: Mapped[Case] = relationship()
    trigger: Mapped[Event | None] = relationship(remote_side=[id], foreign_keys=[trigger_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    met_by_filing: Mapped[Filing | None] = relationship(foreign_keys=[met_by_filing_id])
    verified_by: Mapped[User | None] = relationship(foreign_keys=[verified_by_id])
    revisions: Mapped[list[EventRevision]] = relationship(
        back_populates="event", order_by="EventRevision.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Event {self.id} {self.kind.value}>"

    @property
    def label(self) -> str:
        if self.title and self.rule is not None:
            return gettext(self.title)  # a rule's title (tracker/timeline/deadlines.py), in the language of the page
        return self.title or self.kind.label

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(ZoneInfo(self.timezone))

    @property
    def local_end(self) -> datetime | None:
        return self.ends_at.astimezone(ZoneInfo(self.timezone)) if self.ends_at else None

    @property
    def local_date(self) -> date:
        return self.local_start.date()

    @property
    def is_hearing(self) -> bool:
        return self.kind in HEARING_KINDS

    @property
    def is_deadline(self) -> bool:
        return self.kind is EventKind.FILING_DEADLINE

    @property
    def is_derived(self) -> bool:
        return self.rule is not None

    @property
    def is_open_deadline(self) -> bool:
        return self.is_deadline and self.completed_at is None and self.dismissed_at is None


class EventRevision(db.Model):
    """One change to an event: who, when, what (old and new values, encrypted:
    they can hold notes)."""

    __tablename__ = "event_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(40))
    changes: Mapped[str | None] = mapped_column(EncryptedText)

    event: Mapped[Event] = relationship(back_populates="revisions")
    changed_by: Mapped[User | None] = relationship()
