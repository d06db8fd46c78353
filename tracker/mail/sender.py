"""Delivering the outbox: claim the messages that are due, hand each to the
mail server (or, without MAIL_SERVER, write it as an .eml file), and record
what happened.

Several app servers may run `flask mail send` at once: a run claims rows
with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL (a row another run has
locked is skipped, not waited for), and with an `UPDATE … WHERE state =
'queued'` everywhere, so a message is claimed by one run only. A run that
dies while holding messages gives them back after CLAIM_MINUTES.

A failure the server calls temporary (4xx, a refused connection, a timeout)
is retried with exponential backoff; a permanent one (5xx, an invalid
address) is marked failed at once and shown to staff where it matters.
Time comes from the caller (`now`), so tests drive it without waiting.
"""
from __future__ import annotations

import re
import smtplib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import select, update

from tracker.extensions import db
from tracker.mail.compose import sender_address
from tracker.mail.models import MailState, OutboxMessage
from tracker.types import utcnow

CLAIM_MINUTES = 15
MAX_BACKOFF = timedelta(hours=1)
ADDRESS = re.compile(r"<?[^\s<>@]+@[^\s<>@]+>?")


class TemporaryFailure(Exception):
    """Try again later."""


class PermanentFailure(Exception):
    """This message will never be delivered as it is."""


def _reason(error: BaseException) -> str:
    """What went wrong, in one line, without any address in it."""
    if isinstance(error, smtplib.SMTPResponseException):
        text = f"{error.smtp_code} {error.smtp_error.decode('utf-8', 'replace') if isinstance(error.smtp_error, bytes) else error.smtp_error}"
    elif isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()))
        text = f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
    else:
        text = str(error) or type(error).__name__
    return ADDRESS.sub("(address)", " ".join(text.split()))[:300]


def _classify(error: BaseException) -> Exception:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        permanent = codes and all(500 <= code < 600 for code in codes)
        return (PermanentFailure if permanent else TemporaryFailure)(_reason(error))
    if isinstance(error, smtplib.SMTPDataError | smtplib.SMTPNotSupportedError) and 500 <= getattr(error, "smtp_code", 0) < 600:
        return PermanentFailure(_reason(error))
    # A refused sender, a lost connection, a timeout: the next run may do better.
    return TemporaryFailure(_reason(error))


class SMTPTransport:
    """One connection to MAIL_SERVER per run, reopened after it drops."""

    def __init__(self, config):
        self.config = config
        self.connection: smtplib.SMTP | None = None
        # Once the server cannot be reached, the rest of the run does not wait for it again.
        self.unreachable: str | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        host, timeout = config["MAIL_SERVER"], config["MAIL_TIMEOUT"]
        if config["MAIL_USE_SSL"]:
            connection = smtplib.SMTP_SSL(host, config["MAIL_PORT"] or 465, timeout=timeout)
        else:
            connection = smtplib.SMTP(host, config["MAIL_PORT"] or (587 if config["MAIL_USE_TLS"] else 25), timeout=timeout)
            if config["MAIL_USE_TLS"]:
                connection.starttls()
        if config["MAIL_USERNAME"]:
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        return connection

    def send(self, message: OutboxMessage) -> str:
        if self.unreachable:
            raise TemporaryFailure(self.unreachable)
        if self.connection is None:
            try:
                self.connection = self._connect()
            except (smtplib.SMTPException, OSError) as error:
                self.unreachable = f"mail server unreachable: {_reason(error)}"
                raise TemporaryFailure(self.unreachable) from error
        try:
            self.connection.sendmail(sender_address().addr_spec, [message.to_address], message.content.encode("ascii"))
        except (smtplib.SMTPException, OSError) as error:
            if not isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError):
                self.close()  # the connection may be broken: open a new one for the next message
            raise _classify(error) from error
        return "sent"

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self.connection = None


class FileTransport:
    """Without MAIL_SERVER (a laptop): each message becomes an .eml file; nothing leaves the machine."""

    def __init__(self, folder: Path):
        self.folder = folder

    def send(self, message: OutboxMessage) -> str:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = self.folder / f"{utcnow():%Y%m%d-%H%M%S}-{message.id}-{message.kind}.eml"
        path.write_text(message.content, encoding="ascii")
        path.chmod(0o600)
        return f"written to {path}"

    def close(self) -> None:
        pass


def default_transport():
    config = current_app.config
    if config.get("MAIL_SERVER"):
        return SMTPTransport(config)
    return FileTransport(Path(current_app.instance_path) / "mail")


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8… minutes (MAIL_RETRY_SECONDS doubled per attempt), at most an hour apart."""
    return min(timedelta(seconds=current_app.config["MAIL_RETRY_SECONDS"] * 2 ** (attempts - 1)), MAX_BACKOFF)


def claim_due(now: datetime, limit: int) -> list[OutboxMessage]:
    """Claim up to `limit` due messages for this run (committed at once)."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.state == MailState.SENDING, OutboxMessage.claimed_at < now - timedelta(minutes=CLAIM_MINUTES))
        .values(state=MailState.QUEUED, claim=None)
    )
    due = (
        select(OutboxMessage.id)
        .where(OutboxMessage.state == MailState.QUEUED, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    ids = list(db.session.scalars(due))
    claim = uuid.uuid4().hex
    if ids:
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.state == MailState.QUEUED)
            .values(state=MailState.SENDING, claim=claim, claimed_at=now)
        )
    db.session.commit()
    return list(
        db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.claim == claim, OutboxMessage.state == MailState.SENDING)
            .order_by(OutboxMessage.id)
        )
    )


@dataclass
class Delivery:
    message_id: int
    kind: str
    outcome: str  # sent / retry / failed
    detail: str

    def line(self) -> str:
        return f"#{self.message_id} {self.kind}: {self.outcome} — {self.detail}"


@dataclass
class Report:
    deliveries: list[Delivery] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for delivery in self.deliveries if delivery.outcome == outcome)


def _valid_address(address: str | None) -> bool:
    try:
        validate_email(address or "", check_deliverability=False, test_environment=True)
    except EmailNotValidError:
        return False
    return True


def _deliver_one(message: OutboxMessage, transport, now: datetime) -> Delivery:
    try:
        if not _valid_address(message.to_address):
            raise PermanentFailure("not a valid email address")
        detail = transport.send(message)
    except PermanentFailure as failure:
        message.state, message.failed_at, message.last_error = MailState.FAILED, now, str(failure)
        outcome, detail = "failed", str(failure)
    except TemporaryFailure as failure:
        message.attempts += 1
        if message.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
            message.state, message.failed_at = MailState.FAILED, now
            message.last_error = f"gave up after {message.attempts} attempts: {failure}"[:300]
            outcome, detail = "failed", message.last_error
        else:
            message.state, message.next_attempt_at, message.last_error = MailState.QUEUED, now + backoff(message.attempts), str(failure)
            outcome, detail = "retry", f"{failure}; next try {message.next_attempt_at:%Y-%m-%d %H:%M} UTC"
    else:
        message.attempts += 1
        message.state, message.sent_at, message.last_error = MailState.SENT, now, None
        # Sent: the body and the address are no longer needed.
        message.content = message.to_address = None
        outcome = "sent"
    message.claim = None
    delivery = Delivery(message.id, message.kind, outcome, detail)
    db.session.commit()
    return delivery


def deliver_due(now: datetime | None = None, transport=None, limit: int | None = None) -> Report:
    """Send every message due at `now`, batch after batch, until none is left."""
    now = now or utcnow()
    transport = transport or default_transport()
    limit = limit or current_app.config["MAIL_BATCH"]
    report = Report()
    try:
        while batch := claim_due(now, limit):
            report.deliveries += [_deliver_one(message, transport, now) for message in batch]
    finally:
        transport.close()
    return report


def forget_old_bodies(now: datetime | None = None) -> int:
    """Failed messages keep their body MAIL_KEEP_FAILED_DAYS (for staff to see what
    did not arrive), then lose it and the address. Returns how many were cleared."""
    now = now or utcnow()
    cutoff = now - timedelta(days=current_app.config["MAIL_KEEP_FAILED_DAYS"])
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.state == MailState.FAILED, OutboxMessage.failed_at < cutoff, OutboxMessage.content.is_not(None))
        .values(content=None, to_address=None)
    )
    db.session.commit()
    return result.rowcount or 0
