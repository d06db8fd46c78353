"""Turning a kind of message, a recipient and a few prepared values into an
email: plain text and HTML from templates/mail/, in the recipient's language,
with links built from TRACKER_BASE_URL.

Templates only ever receive prepared values (a first name, a case number, a
date, a link), never a person's record: what a template cannot see, an email
cannot leak.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from flask import current_app, render_template
from flask_babel import force_locale

from tracker.i18n import LANGUAGES
from tracker.links import external_url
from tracker.mail.kinds import Kind
from tracker.types import utcnow

# Every part is written 7-bit clean (quoted-printable or base64), so the stored
# text is plain ASCII and any SMTP server takes it. Header lines may run to the
# RFC 5322 limit: a long List-Unsubscribe URL must stay one plain <URL>, never
# be folded into encoded words a mail program cannot read.
POLICY = SMTP.clone(cte_type="7bit", max_line_length=998)


def mail_locale(value: str | None) -> str:
    """A language the app writes mail in: the given one if it speaks it, else the default."""
    value = (value or "").strip().lower()[:2]
    return value if value in LANGUAGES else current_app.config["TRACKER_DEFAULT_LOCALE"]


@dataclass(frozen=True)
class Recipient:
    address: str
    locale: str
    user_id: int | None = None
    # How the message greets them; None: no name.
    name: str | None = None

    @classmethod
    def account(cls, user) -> Recipient:
        """A user account: its email, its language setting (when it has one)."""
        return cls(user.email, mail_locale(getattr(user, "locale", None)), user.id, user.name)

    @classmethod
    def person(cls, address: str, locale: str | None, name: str | None = None) -> Recipient:
        """Someone without an account (a writer, a signer, a public pledger)."""
        return cls(address.strip(), mail_locale(locale), None, name)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str = "text"
    subtype: str = "calendar"
    params: dict = field(default_factory=dict)


def format_day(value: date, locale: str) -> str:
    """ "Tuesday, December 1, 2026" / "martes, 1 de diciembre de 2026"."""
    return format_date(value, "full", locale=locale)


def format_moment(value: datetime, zone: str, locale: str, all_day: bool = False) -> str:
    """A moment where it happens, in the reader's language, with the zone's abbreviation."""
    local = value.astimezone(ZoneInfo(zone))
    if all_day:
        return format_day(local.date(), locale)
    return f"{format_day(local.date(), locale)}, {format_time(local, 'short', locale=locale)} {local.tzname()}"


@dataclass
class Rendered:
    subject: str
    text: str
    html: str


def render(kind: Kind, to: Recipient, subject, context: dict, unsubscribe_url: str | None) -> Rendered:
    """Subject, plain text and HTML in the recipient's language."""
    with force_locale(to.locale):
        values = {
            **context,
            "subject": str(subject),
            "greeting_name": to.name,
            "unsubscribe_url": unsubscribe_url,
            "account_url": external_url("auth.account") + "#notices" if to.user_id else None,
            "network_name": current_app.config["TRACKER_NETWORK_NAME"],
            "mail_locale": to.locale,
            "when": lambda value, zone, all_day=False: format_moment(value, zone, to.locale, all_day),
            "day": lambda value: format_day(value, to.locale),
        }
        return Rendered(
            subject=" ".join(str(subject).split()),
            text=render_template(f"mail/{kind.template}.txt", **values).strip() + "\n",
            html=render_template(f"mail/{kind.template}.html", **values),
        )


def sender_address() -> Address:
    name, address = parseaddr(current_app.config["MAIL_FROM"])
    username, _, domain = address.partition("@")
    return Address(display_name=name or current_app.config["TRACKER_NETWORK_NAME"], username=username, domain=domain)


def build_message(kind: Kind, to: Recipient, rendered: Rendered, attachments=(), unsubscribe_url: str | None = None) -> EmailMessage:
    sender = sender_address()
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = to.address
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = f"<{uuid.uuid4().hex}@{sender.domain or 'localhost'}>"
    message["Auto-Submitted"] = "auto-generated"
    message["X-Tracker-Kind"] = kind.key
    if unsubscribe_url:
        # RFC 2369 and RFC 8058: mail programs show an "Unsubscribe" button that POSTs here.
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(rendered.text, subtype="plain", charset="utf-8")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8")
    for attachment in attachments:
        message.add_attachment(
            attachment.content,
            maintype=attachment.maintype,
            subtype=attachment.subtype,
            filename=attachment.filename,
            params=attachment.params,
        )
    message["Content-Language"] = to.locale  # after the body: setting content clears Content-* headers
    return message
