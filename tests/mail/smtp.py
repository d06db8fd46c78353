"""A real SMTP server (aiosmtpd, in a thread) for the app to deliver to, and
helpers to read the outbox and what arrived."""
from __future__ import annotations

import email
import socket
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller
from sqlalchemy import select

from tracker.extensions import db
from tracker.mail import sender
from tracker.mail.models import OutboxMessage


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()

    def attachments(self) -> list[EmailMessage]:
        return list(self.message.iter_attachments())


class Inbox:
    """An aiosmtpd handler that keeps every message and refuses the addresses in `refuse` with a 550."""

    def __init__(self):
        self.received: list[Received] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message, envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Received]:
        return [item for item in self.received if address in item.rcpt_tos]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailServer:
    """Start, stop and start again on the same port: a mail server that goes down and comes back."""

    def __init__(self, **options):
        self.port = free_port()
        self.inbox = Inbox()
        self.options = options  # passed to aiosmtpd's SMTP server (e.g. an authenticator)
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **self.options)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None



def deliver(now=None, **kwargs):
    """Run the sender once, as `flask mail send` does (without scheduling)."""
    return sender.deliver_due(now, **kwargs)


def outbox(kind: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        query = query.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(query))


def parsed(message: OutboxMessage) -> EmailMessage:
    """A queued message as the recipient will get it."""
    return email.message_from_string(message.content, policy=default)


def path_of(url: str, base: str = "https://tracker.example.org") -> str:
    assert url.startswith(base + "/"), url
    return url[len(base):]
