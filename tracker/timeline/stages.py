"""The case stage follows the record: a final order, an appeal or petition
filed, a grant or termination move it; staff can still set it by hand. Every
change of stage is an entry on the timeline, saying why."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.auth.models import User
from tracker.cases.models import RECEIVED_STATUSES, Case, Filing, FilingKind, Outcome, Stage
from tracker.timeline.models import Event, EventKind, Visibility
from tracker.timeline.services import create_event
from tracker.types import utcnow

# The stage a received filing of each kind puts the case in.
STAGE_AFTER_FILING = {
    FilingKind.BIA_APPEAL: Stage.BIA_APPEAL,
    FilingKind.PETITION_FOR_REVIEW: Stage.PETITION_FOR_REVIEW,
    FilingKind.MOTION_TO_REOPEN: Stage.MOTION_TO_REOPEN,
    FilingKind.STAY_OF_REMOVAL: Stage.STAY_REQUESTED,
}
# Outcomes that end the matter in the person's favour: the case closes.
CLOSING_OUTCOMES = frozenset({Outcome.RELIEF_GRANTED, Outcome.TERMINATED})
BY_HAND = _l("set by hand")


def stage_after_decision(decision: Event) -> Stage | None:
    return Stage.FINAL_ORDER if decision.kind is EventKind.DECISION and decision.final_order else None


def stage_after_filing(filing: Filing, current: Stage) -> Stage | None:
    if filing.status not in RECEIVED_STATUSES:
        return None
    stage = STAGE_AFTER_FILING.get(filing.kind)
    # A stay is asked for at every step (with an appeal, a petition for review): it names
    # the stage only when nothing else is pending, after a final order.
    if stage is Stage.STAY_REQUESTED and current is not Stage.FINAL_ORDER:
        return None
    return stage


def stage_after_outcome(outcome: Outcome) -> Stage | None:
    return Stage.CLOSED if outcome in CLOSING_OUTCOMES else None


def record_stage(case: Case, old: Stage, actor: User | None, reason: str) -> Event | None:
    """Put a change of stage (already made on `case`) on the timeline."""
    if case.stage == old:
        return None
    return create_event(
        case.id,
        actor,
        kind=EventKind.STAGE_CHANGE,
        title=f"Stage: {old.label} → {case.stage.label}",
        outcome=reason,
        starts_at=utcnow(),
        all_day=False,
        timezone=case.timezone,
        visibility=Visibility.INTERNAL,
        final_order=False,
    )


def move_stage(case: Case, stage: Stage | None, actor: User | None, reason: str) -> Event | None:
    """Move the case to `stage` (if it is not there already) and say why on the timeline."""
    if stage is None or case.stage == stage:
        return None
    old = case.stage
    case.stage = stage
    return record_stage(case, old, actor, reason)


def follow_decision(decision: Event, case: Case, actor: User, *, was_final_order: bool) -> Event | None:
    """A decision recorded (or changed) as a final order of removal."""
    if was_final_order or decision.removed_at is not None:
        return None
    return move_stage(case, stage_after_decision(decision), actor, f"{decision.label}: final order of removal")


def follow_filing(filing: Filing, actor: User) -> Event | None:
    return move_stage(filing.case, stage_after_filing(filing, filing.case.stage), actor,
                      f"{filing.kind.label}: {filing.status.label.lower()}")


def follow_outcome(case: Case, actor: User) -> Event | None:
    return move_stage(case, stage_after_outcome(case.outcome), actor, f"Outcome: {case.outcome.label}")
