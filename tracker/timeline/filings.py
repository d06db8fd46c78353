"""What recording a filing does to the timeline: a received filing meets the
deadline it answers (and is linked to it); a withdrawn or rejected one, or one
changed to another kind, gives the deadline back."""
from __future__ import annotations

from sqlalchemy import select

from tracker.auth.models import User
from tracker.cases.models import RECEIVED_STATUSES, Filing, FilingKind
from tracker.extensions import db
from tracker.timeline.deadlines import BIA_APPEAL, MOTION_TO_RECONSIDER, MOTION_TO_REOPEN, PETITION_FOR_REVIEW
from tracker.timeline.models import Event, EventKind
from tracker.timeline.services import set_deadline_state

# Which derived deadline each kind of filing answers.
ANSWERS = {
    FilingKind.BIA_APPEAL: BIA_APPEAL.key,
    FilingKind.PETITION_FOR_REVIEW: PETITION_FOR_REVIEW.key,
    FilingKind.MOTION_TO_REOPEN: MOTION_TO_REOPEN.key,
    FilingKind.MOTION_TO_RECONSIDER: MOTION_TO_RECONSIDER.key,
}


def answered_rule(filing: Filing) -> str | None:
    """The rule of the deadline this filing meets now, if it meets one."""
    return ANSWERS.get(filing.kind) if filing.status in RECEIVED_STATUSES else None


def _deadline_to_meet(filing: Filing, rule: str) -> Event | None:
    """The case's soonest deadline of `rule` no filing met yet: an open one first,
    else one somebody marked met by hand (it gets its filing linked)."""
    return db.session.scalars(
        select(Event)
        .where(
            Event.case_id == filing.case_id,
            Event.kind == EventKind.FILING_DEADLINE,
            Event.rule == rule,
            Event.removed_at.is_(None),
            Event.dismissed_at.is_(None),
            Event.met_by_filing_id.is_(None),
        )
        .order_by(Event.completed_at.is_not(None), Event.starts_at, Event.id)
        .limit(1)
    ).first()


def sync_answered_deadlines(filing: Filing, actor: User | None) -> tuple[list[Event], list[Event]]:
    """Keep the deadlines this filing meets in step with it; returns (met, reopened)."""
    rule = answered_rule(filing)
    linked = list(db.session.scalars(
        select(Event).where(Event.met_by_filing_id == filing.id, Event.removed_at.is_(None))
    ))
    what = f"{filing.kind.label}: {filing.status.label.lower()}"
    reopened = []
    for deadline in linked:
        if deadline.rule != rule:
            set_deadline_state(deadline, actor, "reopen", note=what)
            reopened.append(deadline)
    met = []
    if rule is not None and not any(deadline.rule == rule for deadline in linked):
        deadline = _deadline_to_meet(filing, rule)
        if deadline is not None:
            set_deadline_state(deadline, actor, "complete", filing_id=filing.id, note=what)
            met.append(deadline)
    return met, reopened
