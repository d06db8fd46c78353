"""Queuing mail in the caller's transaction, and who turned which mail off.

The one call other parts of the app make:

    mail.queue(kinds.LETTER_APPROVED, Recipient.person(address, locale), subject=_l("..."),
               context={...}, about=letter, cases=[letter.case])

It adds the message to the current database session and commits nothing:
the message is sent only if the change that caused it commits, and it waits
safely in the outbox while the mail server is down.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import delete, exists, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from tracker.campaigns.models import Petition, Signature
from tracker.campaigns.services import email_index
from tracker.campaigns.signers import normalize_email
from tracker.extensions import db
from tracker.links import external_url
from tracker.mail import compose, privacy
from tracker.mail.compose import Attachment, Recipient
from tracker.mail.kinds import Kind, Topic
from tracker.mail.models import MailOptOut, MailState, OutboxMessage
from tracker.security.access import in_public_view
from tracker.types import utcnow

UNSUBSCRIBE_SALT = "mail-unsubscribe"


def email_address_in(text: str | None) -> str | None:
    """The email address a free-text contact field holds ("ana@example.org"), or None
    when it holds a phone number or anything that is not exactly one address."""
    value = (text or "").strip()
    if "@" not in value or " " in value:
        return None
    try:
        return validate_email(value, check_deliverability=False, test_environment=True).normalized
    except EmailNotValidError:
        return None


def address_index(address: str) -> str:
    """The keyed hash an address is known by; the same as a petition signature's
    email index, so an unsubscribe reaches the signature."""
    return email_index(normalize_email(address))


def opted_out(to: Recipient, topic_key: str) -> bool:
    condition = MailOptOut.address_index == address_index(to.address)
    if to.user_id is not None:
        condition = condition | (MailOptOut.user_id == to.user_id)
    return bool(db.session.scalar(select(exists().where(condition, MailOptOut.topic == topic_key))))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(to: Recipient, topic_key: str) -> str:
    """A signed token naming the account (or the address's hash) and the topic; never the address."""
    who = {"u": to.user_id} if to.user_id is not None else {"a": address_index(to.address)}
    return _serializer().dumps({"t": topic_key, **who})


def read_unsubscribe_token(token: str) -> dict | None:
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("t"), str) or not ({"u", "a"} & payload.keys()):
        return None
    return payload


def already_queued(key: str) -> bool:
    """True when a message with this key is in the outbox (queued, sent or failed)."""
    return db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == key)) is not None


def _insert_statement():
    dialect = db.session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(OutboxMessage)


def queue(
    kind: Kind,
    to: Recipient,
    *,
    subject,
    context: dict | None = None,
    about=None,
    key: str | None = None,
    scope: int | None = None,
    attachments: Iterable[Attachment] = (),
    cases: Iterable = (),
    send_after: datetime | None = None,
) -> int | None:
    """Queue one email in the current transaction. Returns its id, or None when
    nothing was queued: the recipient turned this topic off, or a message with
    this `key` (kind + record + occasion) is already in the outbox.

    `cases`: the cases the message speaks of; it is refused (RestrictedContent)
    if it carries a restricted value of their people. `scope` narrows the
    topic (a campaign's updates are turned off one campaign at a time).
    """
    if not to.address:
        return None
    if key is not None and already_queued(key):
        return None
    topic_key = kind.topic.key(scope) if kind.topic else None
    if topic_key and opted_out(to, topic_key):
        return None
    unsubscribe_url = external_url("mail.unsubscribe", token=unsubscribe_token(to, topic_key)) if topic_key else None
    attachments = list(attachments)
    rendered = compose.render(kind, to, subject, context or {}, unsubscribe_url)
    # A public request never decrypts a person's restricted fields: what it mails is made
    # of templates, texts already on the public page and what the visitor typed.
    privacy.check(
        [rendered.subject, rendered.text, rendered.html, *(part.content.decode("utf-8", "replace") for part in attachments)],
        [] if in_public_view() else [case.person for case in cases],
    )
    message = compose.build_message(kind, to, rendered, attachments, unsubscribe_url)
    values = {
        "kind": kind.key,
        "dedupe_key": key,
        "about_type": type(about).__name__ if about is not None else None,
        "about_id": getattr(about, "id", None),
        "recipient_user_id": to.user_id,
        "to_address": to.address,
        "content": message.as_string(policy=compose.POLICY),
        "state": MailState.QUEUED,
        "attempts": 0,
        "next_attempt_at": send_after or utcnow(),
        "created_at": utcnow(),
    }
    if key is None:
        return db.session.execute(insert(OutboxMessage).values(**values).returning(OutboxMessage.id)).scalar()
    # Two schedulers racing with one key: the second insert does nothing.
    statement = _insert_statement().values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    return db.session.execute(statement.returning(OutboxMessage.id)).scalar()


# --- Opt-outs -----------------------------------------------------------------


def account_opt_outs(user) -> set[str]:
    return set(db.session.scalars(select(MailOptOut.topic).where(MailOptOut.user_id == user.id)))


def set_account_topics(user, topics: Iterable[Topic], wanted: set[Topic]) -> None:
    """Turn each of `topics` on (in `wanted`) or off for an account."""
    current = account_opt_outs(user)
    for topic in topics:
        if topic in wanted and topic.value in current:
            db.session.execute(delete(MailOptOut).where(MailOptOut.user_id == user.id, MailOptOut.topic == topic.value))
        elif topic not in wanted and topic.value not in current:
            db.session.add(MailOptOut(user_id=user.id, topic=topic.value))


def unsubscribe(payload: dict) -> str:
    """Record the opt-out a token asks for (once, however often it is used); returns the topic key."""
    topic_key = payload["t"]
    if "u" in payload:
        condition = {"user_id": int(payload["u"])}
    else:
        condition = {"address_index": str(payload["a"])[:64]}
    already = db.session.scalar(select(MailOptOut.id).filter_by(topic=topic_key, **condition))
    if already is None:
        db.session.add(MailOptOut(topic=topic_key, **condition))
    if topic_key.startswith(Topic.CAMPAIGN.value + ":") and "a" in payload:
        _stop_contacting(topic_key.partition(":")[2], condition["address_index"])
    return topic_key


def _stop_contacting(campaign_id: str, index: str) -> None:
    """An unsubscribe from a campaign's updates also withdraws the signer's contact consent."""
    if not campaign_id.isdigit():
        return
    petition_id = db.session.scalar(select(Petition.id).where(Petition.campaign_id == int(campaign_id)))
    if petition_id is not None:
        db.session.execute(
            update(Signature).where(Signature.petition_id == petition_id, Signature.email_index == index).values(contact_ok=False)
        )


# --- What staff see -----------------------------------------------------------


def failed_about(record, kinds: Iterable[Kind] = ()) -> list[OutboxMessage]:
    """Messages about this record that could not be delivered, newest first."""
    query = select(OutboxMessage).where(
        OutboxMessage.about_type == type(record).__name__,
        OutboxMessage.about_id == record.id,
        OutboxMessage.state == MailState.FAILED,
    )
    keys = [kind.key for kind in kinds]
    if keys:
        query = query.where(OutboxMessage.kind.in_(keys))
    return list(db.session.scalars(query.order_by(OutboxMessage.id.desc())))


def latest_about(record, kinds: Iterable[Kind] = ()) -> OutboxMessage | None:
    """The newest message about this record (of these kinds), whatever its state."""
    query = select(OutboxMessage).where(
        OutboxMessage.about_type == type(record).__name__, OutboxMessage.about_id == record.id
    )
    keys = [kind.key for kind in kinds]
    if keys:
        query = query.where(OutboxMessage.kind.in_(keys))
    return db.session.scalar(query.order_by(OutboxMessage.id.desc()).limit(1))
