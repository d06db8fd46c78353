"""Reminders of open deadlines, 7, 3 and 1 day before the day they are due:
shown on the dashboard, set as alarms in the calendar feeds and sent by email
(tracker/mail/legal.py) to the legal volunteers on the case team."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.auth.models import Role, User
from tracker.cases.models import Case, Stage
from tracker.extensions import db
from tracker.timeline.models import Event, EventKind

ALERT_DAYS = (7, 3, 1)
# Calendar alarms ring at this local hour on the reminder day (a whole-day deadline starts at midnight).
ALARM_HOUR = 9
LEGAL_ROLES = (Role.LEGAL, Role.ADMIN)


@dataclass
class Reminder:
    """A deadline whose reminder falls on a day, and whom to tell."""

    deadline: Event
    days_left: int
    recipients: list[User]


def is_reminder_day(days_left: int) -> bool:
    return days_left in ALERT_DAYS


def legal_team(case: Case) -> list[User]:
    return [user for user in case.team if user.role in LEGAL_ROLES and user.active]


def reminders_due(on_date: date) -> list[Reminder]:
    """Every open deadline of an open case whose 7-, 3- or 1-day reminder falls on
    `on_date` (counted on the day where the case is), with the active legal
    volunteers and admins on its team."""
    # Zones differ by at most a day from UTC: look a day either side, then count locally.
    start = datetime.combine(on_date, time(0), tzinfo=timezone.utc)
    candidates = db.session.scalars(
        select(Event)
        .join(Case, Case.id == Event.case_id)
        .where(
            Event.kind == EventKind.FILING_DEADLINE,
            Event.removed_at.is_(None),
            Event.completed_at.is_(None),
            Event.dismissed_at.is_(None),
            Case.stage != Stage.CLOSED,
            Event.starts_at >= start - timedelta(days=1),
            Event.starts_at < start + timedelta(days=max(ALERT_DAYS) + 2),
        )
        .options(joinedload(Event.case).joinedload(Case.person), joinedload(Event.case).selectinload(Case.team))
        .order_by(Event.starts_at, Event.id)
    ).unique()
    reminders = []
    for event in candidates:
        left = (event.local_date - on_date).days
        if is_reminder_day(left):
            reminders.append(Reminder(event, left, legal_team(event.case)))
    return reminders


def alarm_offsets() -> list[timedelta]:
    """Where a whole-day deadline's alarms sit relative to its start (local midnight):
    at ALARM_HOUR on each reminder day."""
    return [timedelta(days=-days, hours=ALARM_HOUR) for days in ALERT_DAYS]
