"""The legal team's mail: an alert 7, 3 and 1 days before a filing deadline
(the reminders tracker/timeline/reminders.py says are due),
and a weekly digest of the deadlines in the next 30 days and the hearings to
re-check with the court. A case appears by the person's first name and its
number, with a link into the app.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.auth.models import Role, User
from tracker.cases import team_access
from tracker.cases.models import Case, case_team
from tracker.extensions import db
from tracker.links import external_url
from tracker.mail import kinds
from tracker.mail.compose import Recipient
from tracker.mail.services import already_queued, queue
from tracker.timeline.models import HEARING_KINDS, Event, EventKind
from tracker.timeline.reminders import reminders_due
from tracker.timeline.services import verification_due

DIGEST_DAYS = 30
# The digest goes with the first run on or after Monday at this hour (TRACKER_DEFAULT_TIMEZONE).
DIGEST_WEEKDAY, DIGEST_HOUR = 0, 7


def open_deadlines(now: datetime, days: int) -> list[Event]:
    """Filing deadlines still open that fall within `days` of `now` (across every case)."""
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.kind == EventKind.FILING_DEADLINE,
                Event.removed_at.is_(None),
                Event.completed_at.is_(None),
                Event.dismissed_at.is_(None),
                Event.starts_at >= now - timedelta(days=1),
                Event.starts_at < now + timedelta(days=days + 1),
            )
            .options(joinedload(Event.case).joinedload(Case.person))
            .order_by(Event.starts_at, Event.id)
        ).unique()
    )


def first_name(case: Case) -> str:
    person = case.person
    return (person.preferred_name or person.legal_name).split()[0]


def _today(zone: str, now: datetime) -> date:
    return now.astimezone(ZoneInfo(zone)).date()


@dataclass(frozen=True)
class DeadlineLine:
    label: str
    first_name: str
    case_id: int
    due_on: date
    days_left: int
    link: str


def _line(event: Event, now: datetime, days_left: int | None = None) -> DeadlineLine:
    return DeadlineLine(
        label=event.label,
        first_name=first_name(event.case),
        case_id=event.case_id,
        due_on=event.local_date,
        days_left=days_left if days_left is not None else (event.local_date - _today(event.timezone, now)).days,
        link=external_url("cases.show", case_id=event.case_id) + f"#event-{event.id}",
    )


def queue_deadline_alerts(now: datetime) -> int:
    """The alerts that fall today (in TRACKER_DEFAULT_TIMEZONE); each once."""
    count = 0
    for reminder in reminders_due(_today(current_app.config["TRACKER_DEFAULT_TIMEZONE"], now)):
        event = reminder.deadline
        line = _line(event, now, days_left=reminder.days_left)
        for user in reminder.recipients:
            message_id = queue(
                kinds.DEADLINE_ALERT,
                Recipient.account(user),
                subject=_l(
                    "Deadline in %(days)s days: %(label)s (case %(case)s)",
                    days=line.days_left, label=line.label, case=line.case_id,
                ) if line.days_left > 1 else _l("Deadline tomorrow: %(label)s (case %(case)s)", label=line.label, case=line.case_id),
                context={"line": line},
                about=event,
                key=f"legal.deadline_alert:{event.id}:{line.due_on.isoformat()}:{reminder.days_left}:u{user.id}",
                cases=[event.case],
            )
            count += message_id is not None
    return count


@dataclass(frozen=True)
class HearingLine:
    label: str
    first_name: str
    case_id: int
    starts_at: datetime
    zone: str
    all_day: bool
    last_verified_on: date | None
    link: str


def _hearings_to_recheck(case_ids: set[int], now: datetime) -> list[HearingLine]:
    """Each case's next hearing, when nobody confirmed it with the court in the last week."""
    hearings = db.session.scalars(
        select(Event)
        .where(Event.case_id.in_(case_ids), Event.kind.in_(HEARING_KINDS), Event.removed_at.is_(None), Event.starts_at >= now)
        .options(joinedload(Event.case).joinedload(Case.person))
        .order_by(Event.starts_at, Event.id)
    ).unique()
    first: dict[int, Event] = {}
    for hearing in hearings:
        first.setdefault(hearing.case_id, hearing)
    return [
        HearingLine(hearing.label, first_name(hearing.case), hearing.case_id, hearing.starts_at, hearing.timezone,
                    hearing.all_day, hearing.last_verified_on,
                    external_url("cases.show", case_id=hearing.case_id) + f"#event-{hearing.id}")
        for hearing in first.values()
        if verification_due(hearing, _today(hearing.timezone, now))
    ]


def digest_due(now: datetime) -> tuple[int, int] | None:
    """The ISO (year, week) whose digest is due at `now`, or None before Monday 7:00."""
    local = now.astimezone(ZoneInfo(current_app.config["TRACKER_DEFAULT_TIMEZONE"]))
    monday = local.date() - timedelta(days=local.weekday())
    start = datetime.combine(monday + timedelta(days=DIGEST_WEEKDAY), time(DIGEST_HOUR), tzinfo=local.tzinfo)
    if local < start:
        return None
    year, week, _ = local.isocalendar()
    return year, week


def queue_weekly_digests(now: datetime) -> int:
    week = digest_due(now)
    if week is None:
        return 0
    deadlines = open_deadlines(now, DIGEST_DAYS)
    count = 0
    volunteers = db.session.scalars(select(User).where(User.role == Role.LEGAL, User.active.is_(True)).order_by(User.id))
    for user in volunteers:
        key = f"legal.weekly_digest:{week[0]}-W{week[1]:02d}:u{user.id}"
        if already_queued(key):
            continue  # the rest of the week's runs cost one query per volunteer
        case_ids = set(db.session.scalars(select(case_team.c.case_id).where(case_team.c.user_id == user.id, team_access.in_force(now))))
        mine = [event for event in deadlines if event.case_id in case_ids and _line(event, now).days_left >= 0]
        hearings = _hearings_to_recheck(case_ids, now) if case_ids else []
        if not mine and not hearings:
            continue  # nothing to tell: no mail
        cases = {event.case for event in mine} | {db.session.get(Case, line.case_id) for line in hearings}
        message_id = queue(
            kinds.WEEKLY_DIGEST,
            Recipient.account(user),
            subject=_l("This week: %(deadlines)s deadlines, %(hearings)s hearings to re-check",
                       deadlines=len(mine), hearings=len(hearings)),
            context={
                "deadlines": [_line(event, now) for event in mine],
                "hearings": hearings,
                "dashboard_url": external_url("cases.dashboard"),
                "days": DIGEST_DAYS,
            },
            about=user,
            key=key,
            cases=sorted(cases, key=lambda case: case.id),
        )
        count += message_id is not None
    return count
