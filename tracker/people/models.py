"""The person facing deportation. Restricted fields are encrypted at rest."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.people import a_number as a_numbers
from tracker.search import search_key
from tracker.security.crypto import EncryptedDate, EncryptedText, cipher
from tracker.types import N_, LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from tracker.cases.models import Case


class DetentionStatus(LabelledEnum):
    NOT_DETAINED = ("not_detained", N_("Not detained"))
    DETAINED = ("detained", N_("Detained"))
    RELEASED_ON_BOND = ("released_on_bond", N_("Released on bond"))
    ATD = ("atd", N_("Alternatives to detention"))
    REMOVED = ("removed", N_("Removed"))


# The fields only legal volunteers and admins may read. The A-number is
# restricted too, but campaign leads see it (it goes on packets and scripts).
RESTRICTED_FIELDS = ("birth_date", "address", "phone", "legal_notes", "criminal_history")


def a_number_index(normalized: str) -> str:
    return cipher().blind_index("a-number:" + normalized)


def _restricted(type_):
    # Deferred: lists never load (or decrypt) what they do not show.
    return mapped_column(type_, deferred=True, deferred_group="restricted")


class Person(db.Model):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    legal_name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str | None] = mapped_column(String(200))
    # Both names without accents or case, for search ("jose" finds "José").
    name_key: Mapped[str] = mapped_column(String(420), default="", index=True)
    country_of_birth: Mapped[str | None] = mapped_column(String(100))
    languages: Mapped[str | None] = mapped_column(String(200))
    detention_status: Mapped[DetentionStatus] = mapped_column(
        enum_column(DetentionStatus), default=DetentionStatus.NOT_DETAINED
    )
    detention_facility: Mapped[str | None] = mapped_column(String(200))
    family_ties: Mapped[str | None] = mapped_column(Text)

    # Its own group: a public page that quotes the A-number (consent allowing) loads it
    # alone, never decrypting the address, birth date, phone or notes beside it.
    _a_number: Mapped[str | None] = mapped_column("a_number", EncryptedText, deferred=True, deferred_group="a_number")
    a_number_index: Mapped[str | None] = mapped_column(String(64), index=True)
    birth_date: Mapped[date | None] = _restricted(EncryptedDate)
    phone: Mapped[str | None] = _restricted(EncryptedText)
    address: Mapped[str | None] = _restricted(EncryptedText)
    legal_notes: Mapped[str | None] = _restricted(EncryptedText)
    criminal_history: Mapped[str | None] = _restricted(EncryptedText)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    cases: Mapped[list[Case]] = relationship(back_populates="person", order_by="Case.id")

    def __repr__(self) -> str:
        # Never the name or any restricted value: reprs end up in logs.
        return f"<Person {self.id}>"

    def refresh_name_key(self) -> None:
        self.name_key = search_key(f"{self.legal_name} {self.preferred_name or ''}")

    @property
    def a_number(self) -> str | None:
        """The 9-digit A-number, or None when the person has none yet."""
        return self._a_number

    @a_number.setter
    def a_number(self, raw: str | None) -> None:
        normalized = a_numbers.normalize(raw) if raw else None
        self._a_number = normalized
        self.a_number_index = a_number_index(normalized) if normalized else None

    @property
    def a_number_display(self) -> str:
        return a_numbers.display(self.a_number)

    @property
    def display_name(self) -> str:
        """The name the team uses: preferred name with the legal name beside it."""
        if self.preferred_name and self.preferred_name != self.legal_name:
            return f"{self.preferred_name} ({self.legal_name})"
        return self.legal_name

    @property
    def is_detained(self) -> bool:
        return self.detention_status is DetentionStatus.DETAINED
