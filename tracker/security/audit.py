"""The audit log: who read or changed which restricted record, when, from where.

Entries name records by type and id and say what happened in words; they
never carry a restricted value (the A-number, an address...), so the log can
be read by admins without becoming a second copy of the data.
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.types import UTCDateTime, utcnow

if TYPE_CHECKING:
    from tracker.auth.models import User


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer)
    # A plain integer, not a foreign key: entries outlive a purged case.
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    ip: Mapped[str | None] = mapped_column(String(45))
    detail: Mapped[str | None] = mapped_column(String(500))

    user: Mapped[User | None] = relationship()


def _acting_user_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def record(
    action: str,
    *,
    target=None,
    case_id: int | None = None,
    detail: str | None = None,
    user_id: int | None = None,
) -> AuditEntry:
    """Add an audit entry to the current transaction; it commits with the change it describes."""
    if case_id is None and target is not None:
        case_id = _case_id_of(target)
    entry = AuditEntry(**_values(action, type(target).__name__ if target is not None else None,
                                 getattr(target, "id", None), case_id, detail, user_id))
    db.session.add(entry)
    return entry


def _values(action, target_type, target_id, case_id, detail, user_id) -> dict:
    return {
        "action": action,
        "target_type": target_type,
        "target_id": target_id,
        "case_id": case_id,
        "user_id": user_id if user_id is not None else _acting_user_id(),
        "ip": request.remote_addr if has_request_context() else None,
        "detail": detail[:500] if detail else None,
    }


def record_now(action: str, **kwargs) -> None:
    """Write an entry in a transaction of its own (a denial, a failed login):
    nothing else of the request is committed with it."""
    db.session.rollback()
    record(action, **kwargs)
    db.session.commit()


def _case_id_of(target) -> int | None:
    from tracker.cases.models import Case

    if isinstance(target, Case):
        return target.id
    return getattr(target, "case_id", None)
