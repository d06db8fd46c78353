"""`mail schedule`: queue the messages that time, not a person, causes:
reminders the day before an action, requests to record attendance after it,
deadline alerts, the weekly digest and campaign updates to signers.

Safe to run every minute and from several servers at once: every message
has a key (kind + record + occasion), and a key is queued once.
"""
from __future__ import annotations

from datetime import datetime

from tracker.cases import team_access
from tracker.mail import legal, pledges, updates


def queue_due(now: datetime) -> dict[str, int]:
    """Queue everything due at `now`; returns how many messages of each kind were new."""
    # Alerts and digests are built from case teams: a lent volunteer's time is over first.
    team_access.end_expired(now=now)
    return {
        "pledge reminders": pledges.queue_reminders(now),
        "attendance requests": pledges.queue_attendance_requests(now),
        "deadline alerts": legal.queue_deadline_alerts(now),
        "weekly digests": legal.queue_weekly_digests(now),
        "campaign update messages": updates.queue_pending(now),
    }
