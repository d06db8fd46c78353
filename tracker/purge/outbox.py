"""Emails still waiting in the outbox (queued, or failed and kept a few days)
that speak of a purged person without being "about" one of their records: a
legal volunteer's weekly digest lists deadlines of several cases by first name
and case number. Their text is read (decrypted and decoded) and those that name
a purged record go; they would have been built again, without it, next time.
Sent messages keep no text.
"""
from __future__ import annotations

from email import message_from_string, policy

from sqlalchemy import delete, select

from tracker.extensions import db
from tracker.mail.models import OutboxMessage
from tracker.purge.audit_trail import Traces


def _readable(content: str) -> str:
    message = message_from_string(content, policy=policy.default)
    parts = [str(message.get("Subject", ""))]
    for part in message.walk():
        if part.get_content_maintype() == "text":
            parts.append(part.get_content())
    return "\n".join(parts)


def forget_waiting_mail(traces: Traces) -> int:
    """Delete the waiting messages whose text names a purged record; returns how many."""
    waiting = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.content).where(OutboxMessage.content.is_not(None))
    )
    naming = [message_id for message_id, content in waiting if traces.named_in(_readable(content))]
    if naming:
        db.session.execute(
            delete(OutboxMessage).where(OutboxMessage.id.in_(naming)).execution_options(synchronize_session=False)
        )
    return len(naming)
