"""Case-team membership until a date and time: a volunteer lent to a case for a hearing.

A membership with `until` counts only before that moment: the access layer
(tracker/security/access.py) compares it with the clock on every request, so
access ends by itself, on time, with nothing to run. The ending is then
recorded, once per membership, by whichever comes first: the volunteer's
first request for the case after the end (the check that refused it), the
case page being opened, `flask --app tracker cases expire-team-access`
(cron, e.g. hourly), or the mail schedule, which records every ended
membership before it builds reminders and digests from the teams. Recording deletes the membership and writes an audit entry.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select, update

from tracker.cases.models import case_team
from tracker.extensions import db
from tracker.security import audit
from tracker.types import utcnow


def in_force(now: datetime | None = None):
    """The SQL condition of a membership that still counts."""
    return or_(case_team.c.until.is_(None), case_team.c.until > (now or utcnow()))


def end_of(day: date | None, clock: time | None, zone: str) -> datetime | None:
    """The moment access ends: the given time of the day, or the end of the day, in the case's zone."""
    if day is None:
        return None
    local = datetime.combine(day, clock or time(23, 59), tzinfo=ZoneInfo(zone))
    return local.astimezone(timezone.utc)


def set_until(case_id: int, user_id: int, until: datetime | None) -> None:
    db.session.execute(
        update(case_team).where(case_team.c.case_id == case_id, case_team.c.user_id == user_id).values(until=until)
    )


def until_by_member(case_id: int) -> dict[int, datetime]:
    rows = db.session.execute(
        select(case_team.c.user_id, case_team.c.until).where(case_team.c.case_id == case_id, case_team.c.until.is_not(None))
    )
    return {user_id: until for user_id, until in rows}


def end_expired(*, case_id: int | None = None, user_id: int | None = None, now: datetime | None = None) -> int:
    """Delete the memberships whose time is over (of one case, one user, or all) and audit each; commits."""
    now = now or utcnow()
    conditions = [case_team.c.until.is_not(None), case_team.c.until <= now]
    if case_id is not None:
        conditions.append(case_team.c.case_id == case_id)
    if user_id is not None:
        conditions.append(case_team.c.user_id == user_id)
    ended = db.session.execute(select(case_team.c.case_id, case_team.c.user_id, case_team.c.until).where(*conditions)).all()
    if not ended:
        return 0
    db.session.execute(delete(case_team).where(*conditions))
    for ended_case, ended_user, until in ended:
        audit.record("case.team_access_ended", case_id=ended_case, user_id=None,
                     detail=f"user {ended_user}: team access until {until:%Y-%m-%d %H:%M} UTC ended")
    db.session.commit()
    return len(ended)
