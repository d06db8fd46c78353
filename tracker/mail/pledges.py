"""The emails about pledges: to a congregation's coordinators (or its contact
address when it has no coordinator account) and to public pledgers who gave
an email. Each confirmation, change and reminder carries the action as an
.ics file.

Only actions congregations may see are mailed about: an internal action (a
check-in accompaniment, a visit in detention) keeps its time and place off
email, which is not a safe channel.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import LazyString, force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from tracker.actions.models import Action, Pledge, PledgeStatus
from tracker.actions.services import is_visible_to_congregations, outsider_text
from tracker.auth.models import Role, User
from tracker.calendar.services import action_file
from tracker.campaigns.models import Campaign
from tracker.campaigns.services import public_name
from tracker.extensions import db
from tracker.links import external_url
from tracker.mail import kinds
from tracker.mail.compose import Attachment, Recipient
from tracker.mail.services import already_queued, email_address_in, queue

# A pledge that still expects people to come.
OPEN = (PledgeStatus.PLEDGED, PledgeStatus.CONFIRMED)
# Reminders go this long before an action starts; attendance requests this long after it ended.
REMINDER_BEFORE = timedelta(hours=24)
ATTENDANCE_WITHIN = timedelta(days=3)


def recipients(pledge: Pledge) -> list[Recipient]:
    """Who hears about a pledge: the congregation's active coordinators, else its
    contact address; for a public pledge, the pledger if they gave an email."""
    if pledge.congregation_id is not None:
        coordinators = db.session.scalars(
            select(User).where(
                User.congregation_id == pledge.congregation_id, User.role == Role.CONGREGATION, User.active.is_(True)
            ).order_by(User.id)
        ).all()
        if coordinators:
            return [Recipient.account(user) for user in coordinators]
        congregation = pledge.congregation
        address = email_address_in(congregation.contact_email)
        return [Recipient.person(address, None, congregation.contact_name)] if address else []
    address = email_address_in(pledge.contact)
    return [Recipient.person(address, pledge.locale, pledge.supporter_name)] if address else []


def _first_name(action: Action) -> str | None:
    name = public_name(action.case)
    return name.split()[0] if name else None


def _link(pledge: Pledge, to: Recipient) -> str:
    if to.user_id is not None:
        return external_url("cases.dashboard") + f"#pledge-{pledge.id}"
    slug = db.session.scalar(select(Campaign.slug).where(Campaign.case_id == pledge.action.case_id))
    return external_url("public.campaign", slug=slug) if slug else external_url("auth.login")


def _title(action: Action) -> LazyString:
    """The action's title as outsiders may read it (consent governs every word they get),
    read when each recipient's message is written: in their language where the campaign wrote it."""
    return LazyString(lambda: outsider_text(action).title)


def _calendar_file(pledge: Pledge, to: Recipient) -> Attachment:
    action = pledge.action
    host = urlsplit(current_app.config["TRACKER_BASE_URL"]).hostname or "sanctuary-tracker"
    with force_locale(to.locale):
        fit = outsider_text(action)  # in the recipient's language where the campaign wrote it
        summary = _("%(title)s — %(count)s people from us", title=fit.title, count=pledge.people)
        name = _first_name(action)
        description = _("%(kind)s for %(name)s.", kind=action.kind.label, name=name) if name else action.kind.label
    content = action_file(action, host, summary, description, fit.place)
    # The charset is said: without it a mail program reads the file as ASCII and mangles "—", "á"...
    return Attachment("action.ics", content, params={"method": "PUBLISH", "charset": "utf-8"})


def _context(pledge: Pledge, to: Recipient, **extra) -> dict:
    action = pledge.action
    with force_locale(to.locale):
        fit = outsider_text(action)  # in the recipient's language where the campaign wrote it
    return {
        "title": fit.title,
        "kind_label": action.kind.label,
        "person": _first_name(action),
        "starts_at": action.starts_at,
        "ends_at": action.ends_at,
        "zone": action.timezone,
        "place": fit.place,
        "people": pledge.people,
        "pledger": pledge.pledger,
        "status": pledge.status.value,
        "cancelled": action.cancelled_at is not None,
        "link": _link(pledge, to),
        "public": to.user_id is None and pledge.congregation_id is None,
        **extra,
    }


def _send(kind, pledge: Pledge, subject, *, attach: bool = True, key_for=None, **extra) -> list[int]:
    """`subject()` gives the subject: called in each recipient's language, as
    everything else of the message is built, whoever's page sent it (a team
    member's English page confirms a pledge made on the Spanish one)."""
    if not is_visible_to_congregations(pledge.action):
        return []
    queued = []
    for to in recipients(pledge):
        key = key_for(to) if key_for else None
        if key is not None and already_queued(key):
            continue  # a scheduled message already made: build nothing
        with force_locale(to.locale):
            message_id = queue(
                kind,
                to,
                subject=subject(),
                context=_context(pledge, to, **extra),
                about=pledge,
                key=key,
                attachments=[_calendar_file(pledge, to)] if attach else [],
                cases=[pledge.action.case],
            )
        if message_id is not None:
            queued.append(message_id)
    return queued


def pledge_confirmation(pledge: Pledge) -> list[int]:
    """Thanks for a new pledge, with the action to add to a calendar."""
    return _send(kinds.PLEDGE_CONFIRMATION, pledge, lambda: _("Your pledge: %(title)s", title=_title(pledge.action)))


def pledge_changed(pledge: Pledge) -> list[int]:
    """The pledge changed: more or fewer people, confirmed by the campaign, or cancelled."""
    return _send(kinds.PLEDGE_CHANGED, pledge, lambda: _("Your pledge changed: %(title)s", title=_title(pledge.action)))


def _open_pledges(action: Action) -> list[Pledge]:
    return [pledge for pledge in action.pledges if pledge.status in OPEN]


def action_changed(action: Action, *, restored: bool = False) -> list[int]:
    """The action moved (time or place) or is back on after a cancellation."""
    queued = []
    for pledge in _open_pledges(action):
        queued += _send(
            kinds.ACTION_CHANGED, pledge, lambda: _("Changed: %(title)s", title=_title(action)), restored=restored
        )
    return queued


def action_cancelled(action: Action) -> list[int]:
    queued = []
    for pledge in _open_pledges(action):
        queued += _send(kinds.ACTION_CANCELLED, pledge, lambda: _("Cancelled: %(title)s", title=_title(action)))
    return queued


def _recipient_key(to: Recipient) -> str:
    return f"u{to.user_id}" if to.user_id is not None else "contact"


def queue_reminders(now: datetime) -> int:
    """A reminder for every open pledge whose action starts within the next 24 hours.
    The key holds the start time: an action moved to a new day is reminded again."""
    pledges = db.session.scalars(
        select(Pledge)
        .join(Action, Action.id == Pledge.action_id)
        .where(
            Pledge.status.in_(OPEN),
            Action.cancelled_at.is_(None),
            Action.starts_at > now,
            Action.starts_at <= now + REMINDER_BEFORE,
        )
        .order_by(Pledge.id)
    ).all()
    count = 0
    for pledge in pledges:
        stamp = f"{pledge.action.starts_at:%Y%m%dT%H%M}"
        count += len(
            _send(
                kinds.PLEDGE_REMINDER,
                pledge,
                lambda pledge=pledge: _("Tomorrow: %(title)s", title=_title(pledge.action)),
                key_for=lambda to, pledge=pledge, stamp=stamp: f"pledge.reminder:{pledge.id}:{stamp}:{_recipient_key(to)}",
            )
        )
    return count


def queue_attendance_requests(now: datetime) -> int:
    """After an action: ask the coordinators of each congregation that pledged to record who came."""
    pledges = db.session.scalars(
        select(Pledge)
        .join(Action, Action.id == Pledge.action_id)
        .where(
            Pledge.status.in_(OPEN),
            Pledge.congregation_id.is_not(None),
            Action.cancelled_at.is_(None),
            Action.starts_at <= now,
            Action.starts_at > now - ATTENDANCE_WITHIN,
        )
        .order_by(Pledge.id)
    ).all()
    count = 0
    for pledge in pledges:
        action = pledge.action
        if (action.ends_at or action.starts_at) > now:
            continue  # not over yet
        accounts = [to for to in recipients(pledge) if to.user_id is not None]
        if not accounts or not is_visible_to_congregations(action):
            continue
        for to in accounts:
            with force_locale(to.locale):
                message_id = queue(
                    kinds.ATTENDANCE_REQUEST,
                    to,
                    subject=_("How many came to %(title)s?", title=_title(action)),
                    context=_context(pledge, to),
                    about=pledge,
                    key=f"pledge.attendance:{pledge.id}:{_recipient_key(to)}",
                    cases=[action.case],
                )
            count += message_id is not None
    return count
