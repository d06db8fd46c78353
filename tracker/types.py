"""Column types every domain shares: timestamps kept in UTC, enums stored by value (with translated labels)."""
from __future__ import annotations

import enum
from datetime import datetime, timezone

from flask_babel import gettext, lazy_gettext
from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator):
    """An aware datetime stored as UTC.

    SQLite forgets time zones; PostgreSQL keeps them. Storing naive UTC on
    both and handing back aware UTC makes the two databases behave alike.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc)


def enum_column(enum_class: type[enum.Enum]) -> Enum:
    """Store an enum by its value in a plain string column (no database enum type)."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=40,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it here (`pybabel
    extract` knows the name): it is translated where it is shown."""
    return message


class LabelledEnum(str, enum.Enum):
    """A str enum whose members carry a human label: `Stage.CLOSED.label` in the
    language of the page, `Stage.CLOSED.english` where English is required
    (packets, stored history)."""

    def __new__(cls, value: str, label: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.english = label
        return member

    def __str__(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        return gettext(self.english)

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        # Lazy: form classes build their choices once, and each page shows them in its own language.
        return [(member.value, lazy_gettext(member.english)) for member in cls]


def render_migration_type(type_: str, obj, autogen_context):
    """Write the app's column types into Alembic revisions as their plain SQL
    types (`sa.Text()`, `sa.DateTime()`), so revisions never import the app."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False
