"""Building iCalendar feeds (icalendar library) with only what the feed's owner may see.

Each entry has a stable UID, so calendar apps update it instead of adding a
copy; times carry their time zone (with VTIMEZONE definitions); whole-day
deadlines are dates, with alarms 7, 3 and 1 day before while they are open. Feeds leave calendar providers as little as possible:
a short name and the case number, never an A-number or notes.
"""
from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Alarm, Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.actions.models import Action, Pledge, PledgeStatus
from tracker.actions.services import open_to_congregations, outsider_texts, public_actions, visible_to_congregations
from tracker.auth.models import Role, User, token_digest
from tracker.calendar.models import CalendarFeed
from tracker.campaigns.services import live_campaign, public_name
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.links import external_url
from tracker.security.access import on_team, visible_cases
from tracker.tasks.models import CaseTask
from tracker.tasks.services import open_tasks_of
from tracker.timeline.models import UPCOMING_KINDS, Event
from tracker.timeline.reminders import alarm_offsets
from tracker.types import utcnow

HISTORY_DAYS = 60
PRODID = "-//Sanctuary Tracker//Case calendar//EN"


def create_feed(user: User, case: Case | None = None) -> CalendarFeed:
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(user_id=user.id, case_id=case.id if case else None, token=token, token_digest=token_digest(token))
    db.session.add(feed)
    db.session.flush()
    return feed


def feed_for(token: str) -> CalendarFeed | None:
    """The live feed behind a token: not revoked, owner active, still on the case's team."""
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_digest == token_digest(token)))
    if feed is None or feed.revoked_at is not None or not feed.user.active:
        return None
    if feed.case_id is not None and not on_team(feed.user, feed.case_id):
        return None
    return feed


def feeds_of(user: User) -> list[CalendarFeed]:
    return list(
        db.session.scalars(
            select(CalendarFeed)
            .where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None))
            .options(joinedload(CalendarFeed.case).joinedload(Case.person))
            .order_by(CalendarFeed.case_id.is_not(None), CalendarFeed.id)
        ).unique()
    )


def short_name(case: Case) -> str:
    person = case.person
    return person.preferred_name or person.legal_name.split()[0]


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _timeline_entry(event: Event, host: str) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.id}@{host}")
    entry.add("summary", _("%(title)s — %(name)s (case %(case)s)", title=event.label, name=short_name(event.case),
                            case=event.case_id))
    if event.all_day:
        entry.add("dtstart", event.local_date)
        entry.add("dtend", event.local_date + timedelta(days=1))
    else:
        entry.add("dtstart", event.local_start)
        entry.add("dtend", event.local_end or event.local_start + timedelta(hours=1))
    if event.location:
        entry.add("location", event.location)
    entry.add("dtstamp", utcnow())
    entry.add("last-modified", event.updated_at)
    entry.add("sequence", int(event.updated_at.timestamp()) % 2_000_000_000)
    entry.add("categories", [event.kind.label])
    if event.is_open_deadline and event.all_day:
        for offset in alarm_offsets():
            entry.add_component(_alarm(offset, _("%(title)s — %(name)s (case %(case)s)", title=event.label,
                                                 name=short_name(event.case), case=event.case_id)))
    return entry


def _alarm(offset: timedelta, summary: str) -> Alarm:
    """A reminder the calendar app shows `offset` from the entry's start."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", offset)
    alarm.add("description", summary)
    return alarm


def _task_entry(task: CaseTask, host: str) -> CalendarEvent:
    """One of the feed owner's open tasks, as a whole-day entry on its due date."""
    entry = CalendarEvent()
    entry.add("uid", f"task-{task.id}@{host}")
    entry.add("summary", _("Task: %(title)s — %(name)s (case %(case)s)", title=task.title, name=short_name(task.case),
                            case=task.case_id))
    entry.add("dtstart", task.due_on)
    entry.add("dtend", task.due_on + timedelta(days=1))
    entry.add("dtstamp", utcnow())
    entry.add("last-modified", task.updated_at)
    entry.add("sequence", int(task.updated_at.timestamp()) % 2_000_000_000)
    entry.add("categories", ["Task"])
    return entry


def _action_entry(action: Action, host: str, summary: str, description: str | None,
                  location: str | None = None) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"action-{action.id}@{host}")
    entry.add("summary", summary)
    entry.add("dtstart", action.local_start)
    entry.add("dtend", action.local_end or action.local_start + timedelta(hours=1))
    if location:
        entry.add("location", location)
    if description:
        entry.add("description", description)
    entry.add("dtstamp", utcnow())
    entry.add("last-modified", action.updated_at)
    entry.add("sequence", int(action.updated_at.timestamp()) % 2_000_000_000)
    if action.cancelled_at is not None:
        entry.add("status", "CANCELLED")
    return entry


def action_file(action: Action, host: str, summary: str, description: str | None = None,
                location: str | None = None) -> bytes:
    """One action as an .ics file to attach to an email. Its UID is the one the
    feeds use, so a calendar that has the action updates it instead of adding a copy."""
    calendar = _calendar(summary)
    calendar.add("method", "PUBLISH")
    calendar.add_component(_action_entry(action, host, summary, description, location))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def public_action_file(slug: str, action_id: int, host: str) -> bytes | None:
    """An action of the campaign at /c/<slug> as an .ics file for a supporter's
    calendar, in the page's language: only an action the public may see and pledge
    to (public, coming, not cancelled, of a live campaign), with only the texts
    that fit the person's consent. None for any other: the visitor gets a 404."""
    campaign = live_campaign(slug)
    if campaign is None:
        return None
    found = public_actions(open_to_congregations().where(Action.id == action_id, Action.case_id == campaign.case_id))
    if not found:
        return None
    item = found[0]
    action = item.action
    lines = [_("%(kind)s for %(name)s.", kind=action.kind.label, name=item.person_name) if item.person_name
             else action.kind.label]
    if item.description:
        lines.append(item.description)
    if action.is_call_in and action.call_number:
        lines.append(_("Call %(number)s", number=action.call_number)
                     + (f", {item.call_hours}" if item.call_hours else "") + ".")
        if item.script:
            lines.append(item.script)
    lines.append(_("The campaign page: %(link)s", link=external_url("public.campaign", slug=campaign.slug)))
    return action_file(action, host, item.title, "\n\n".join(lines), item.place)


def _events(case_ids) -> list[Event]:
    since = utcnow() - timedelta(days=HISTORY_DAYS)
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.case_id.in_(case_ids),
                Event.kind.in_(UPCOMING_KINDS),
                Event.removed_at.is_(None),
                Event.dismissed_at.is_(None),
                Event.starts_at >= since,
            )
            .options(joinedload(Event.case).joinedload(Case.person))
            .order_by(Event.starts_at)
        ).unique()
    )


def build_feed(feed: CalendarFeed, host: str) -> bytes:
    """The iCalendar text of a feed, with only what its owner may see now, in
    the owner's language (a calendar app fetches it without the owner's cookie)."""
    locale = getattr(feed.user, "locale", None)
    if locale:
        with force_locale(locale):
            return _build_feed(feed, host)
    return _build_feed(feed, host)


def _build_feed(feed: CalendarFeed, host: str) -> bytes:
    user = feed.user
    if feed.case_id is not None:
        case = feed.case
        calendar = _calendar(_("Case %(id)s: %(name)s", id=case.id, name=short_name(case)))
        for event in _events([case.id]):
            calendar.add_component(_timeline_entry(event, host))
        since = utcnow() - timedelta(days=HISTORY_DAYS)
        for action in db.session.scalars(select(Action).where(Action.case_id == case.id, Action.starts_at >= since)):
            calendar.add_component(
                _action_entry(action, host, f"{action.title} ({action.kind.label})", action.description, action.place)
            )
    elif user.role is Role.CONGREGATION:
        calendar = _calendar(_("Our pledges"))
        pledges = _congregation_pledges(user)
        # A congregation reads what the public may: only texts that fit the person's consent.
        texts = outsider_texts(pledge.action for pledge in pledges)
        for pledge in pledges:
            action, fit = pledge.action, texts[pledge.action_id]
            name = public_name(action.case) or _("the campaign")
            calendar.add_component(
                _action_entry(
                    action,
                    host,
                    _("%(title)s — %(count)s from our congregation", title=fit.title, count=pledge.people),
                    " ".join([_("%(kind)s for %(name)s.", kind=action.kind.label, name=name), fit.description or ""]).strip(),
                    fit.place,
                )
            )
    else:
        calendar = _calendar(_("My cases"))
        case_ids = visible_cases(user).with_only_columns(Case.id).scalar_subquery()
        for event in _events(case_ids):
            calendar.add_component(_timeline_entry(event, host))
        for task in open_tasks_of(user):
            if task.due_on is not None:
                calendar.add_component(_task_entry(task, host))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _congregation_pledges(user: User) -> list[Pledge]:
    """A coordinator's pledged actions: public ones of live campaigns only, never an internal action."""
    if user.congregation_id is None:
        return []
    since = utcnow() - timedelta(days=HISTORY_DAYS)
    return list(
        db.session.scalars(
            select(Pledge)
            .join(Action, Action.id == Pledge.action_id)
            .where(
                Pledge.congregation_id == user.congregation_id,
                Pledge.status != PledgeStatus.CANCELLED,
                visible_to_congregations(),
                Action.starts_at >= since,
            )
            .options(joinedload(Pledge.action).joinedload(Action.case).joinedload(Case.person))
        ).unique()
    )
