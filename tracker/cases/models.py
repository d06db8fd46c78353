"""A case is one removal matter of a person, worked by a case team."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Column, Date, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from tracker.extensions import db
from tracker.security.crypto import EncryptedText
from tracker.types import N_, LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from tracker.auth.models import User
    from tracker.people.models import Person


class Stage(LabelledEnum):
    REMOVAL_PROCEEDINGS = ("removal_proceedings", N_("Removal proceedings"))
    FINAL_ORDER = ("final_order", N_("Final order of removal"))
    STAY_REQUESTED = ("stay_requested", N_("Stay requested"))
    BIA_APPEAL = ("bia_appeal", N_("On appeal (BIA)"))
    PETITION_FOR_REVIEW = ("petition_for_review", N_("Circuit court (petition for review)"))
    MOTION_TO_REOPEN = ("motion_to_reopen", N_("Motion to reopen"))
    CLOSED = ("closed", N_("Closed"))


class Outcome(LabelledEnum):
    PENDING = ("pending", N_("Pending"))
    STAY_GRANTED = ("stay_granted", N_("Stay granted"))
    RELIEF_GRANTED = ("relief_granted", N_("Relief granted"))
    TERMINATED = ("terminated", N_("Terminated"))
    REMOVED = ("removed", N_("Removed"))


# Outcomes after which nothing more is done on the case: it counts as closed
# (for retention) even if nobody set the stage to "closed". A stay is temporary.
FINAL_OUTCOMES = frozenset({Outcome.RELIEF_GRANTED, Outcome.TERMINATED, Outcome.REMOVED})


class ConsentLevel(LabelledEnum):
    NONE = ("none", N_("No publicity"))
    FIRST_NAME = ("first_name", N_("First name only"))
    FULL_NAME = ("full_name", N_("Full name"))


case_team = Table(
    "case_team",
    db.metadata,
    Column("case_id", ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    # Access ends by itself at this moment (tracker/cases/team_access.py); None: no end.
    Column("until", UTCDateTime, nullable=True),
)


class Case(db.Model):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    stage: Mapped[Stage] = mapped_column(enum_column(Stage), default=Stage.REMOVAL_PROCEEDINGS)
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome), default=Outcome.PENDING)
    court: Mapped[str | None] = mapped_column(String(200))
    judge: Mapped[str | None] = mapped_column(String(200))
    ice_field_office: Mapped[str | None] = mapped_column(String(200))
    attorney: Mapped[str | None] = mapped_column(String(200))
    organization: Mapped[str | None] = mapped_column(String(200))
    g28_on_file: Mapped[bool] = mapped_column(Boolean, default=False)
    privacy_waiver_signed_on: Mapped[date | None] = mapped_column(Date)
    consent_level: Mapped[ConsentLevel] = mapped_column(enum_column(ConsentLevel), default=ConsentLevel.NONE)
    consent_date: Mapped[date | None] = mapped_column(Date)
    consent_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The zone new timeline entries default to: usually the court's.
    timezone: Mapped[str] = mapped_column(String(64))
    # When the case became closed (stage closed or a final outcome); retention counts from here.
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    person: Mapped[Person] = relationship(back_populates="cases")
    team: Mapped[list[User]] = relationship(secondary=case_team, order_by="User.name")
    consent_recorded_by: Mapped[User | None] = relationship(foreign_keys=[consent_recorded_by_id])
    filings: Mapped[list[Filing]] = relationship(
        back_populates="case", order_by="Filing.id", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Case {self.id}>"

    @property
    def is_open(self) -> bool:
        return self.stage is not Stage.CLOSED

    @property
    def counts_as_closed(self) -> bool:
        """Closed for retention: the stage is closed or the outcome final."""
        return self.stage == Stage.CLOSED or self.outcome in FINAL_OUTCOMES

    @validates("stage", "outcome")
    def _note_closing(self, key: str, value):
        """Keep `closed_at` true to the stage and outcome, however they are set:
        stamped when the case closes, cleared when it is reopened."""
        stage = value if key == "stage" else self.stage
        outcome = value if key == "outcome" else self.outcome
        if stage == Stage.CLOSED or outcome in FINAL_OUTCOMES:
            if self.closed_at is None:
                self.closed_at = utcnow()
        else:
            self.closed_at = None
        return value


class FilingKind(LabelledEnum):
    STAY_OF_REMOVAL = ("stay_of_removal", N_("Stay of removal (Form I-246)"))
    PROSECUTORIAL_DISCRETION = ("prosecutorial_discretion", N_("Prosecutorial discretion request"))
    MOTION_TO_REOPEN = ("motion_to_reopen", N_("Motion to reopen"))
    MOTION_TO_RECONSIDER = ("motion_to_reconsider", N_("Motion to reconsider"))
    BIA_APPEAL = ("bia_appeal", N_("BIA appeal (Form EOIR-26)"))
    PETITION_FOR_REVIEW = ("petition_for_review", N_("Petition for review"))
    BOND_REQUEST = ("bond_request", N_("Bond request"))


class FilingStatus(LabelledEnum):
    DRAFTING = ("drafting", N_("Drafting"))
    FILED = ("filed", N_("Filed"))
    PENDING = ("pending", N_("Pending"))
    GRANTED = ("granted", N_("Granted"))
    DENIED = ("denied", N_("Denied"))
    WITHDRAWN = ("withdrawn", N_("Withdrawn"))
    REJECTED = ("rejected", N_("Rejected (not accepted for filing)"))


# A filing in one of these states was received: it answers its deadline. A
# withdrawn or rejected one does not, and a drafted one not yet.
RECEIVED_STATUSES = frozenset({FilingStatus.FILED, FilingStatus.PENDING, FilingStatus.GRANTED, FilingStatus.DENIED})


class Filing(db.Model):
    __tablename__ = "filings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[FilingKind] = mapped_column(enum_column(FilingKind))
    status: Mapped[FilingStatus] = mapped_column(enum_column(FilingStatus), default=FilingStatus.DRAFTING)
    filed_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    receipt_number: Mapped[str | None] = mapped_column(String(60))
    # Strategy notes are legal notes: restricted and encrypted.
    notes: Mapped[str | None] = mapped_column(EncryptedText, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    case: Mapped[Case] = relationship(back_populates="filings")

    def __repr__(self) -> str:
        return f"<Filing {self.id} {self.kind.value}>"
