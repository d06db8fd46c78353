"""Changing the timeline: every change leaves a revision, and decisions keep
their derived deadlines in step."""
from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from flask_babel import format_date
from sqlalchemy import select

from tracker.auth.models import User
from tracker.extensions import db
from tracker.security import audit
from tracker.timeline.deadlines import RULES, DerivedDeadline, Rule, derive_deadlines, federal_holiday_name
from tracker.timeline.models import Event, EventKind, EventRevision, Visibility
from tracker.types import N_, LabelledEnum, utcnow

# The fields whose changes the history shows.
TRACKED = (
    "kind", "title", "starts_at", "ends_at", "all_day", "timezone", "location",
    "outcome", "notes", "visibility", "decided_by", "final_order",
)
# How the history names them (the template translates these words).
FIELD_NAMES = {
    "kind": N_("kind"), "title": N_("title"), "starts_at": N_("starts at"), "ends_at": N_("ends at"),
    "all_day": N_("all day"), "timezone": N_("time zone"), "location": N_("place"), "outcome": N_("outcome"),
    "notes": N_("legal notes"), "visibility": N_("visibility"), "decided_by": N_("decided by"),
    "final_order": N_("final order"),
}
CHANGED = N_("(changed)")
# History lines that only legal volunteers and admins may read.
RESTRICTED_TRACKED = frozenset({"notes"})
# Hearings are re-checked on the court's information line every week.
VERIFY_EVERY_DAYS = 7


def to_utc(day: date, at: time | None, zone: str) -> datetime:
    """The UTC moment of a local date and time (midnight for all-day entries)."""
    local = datetime.combine(day, at or time(0, 0), tzinfo=ZoneInfo(zone))
    return local.astimezone(timezone.utc)


def today_in(zone: str) -> date:
    return utcnow().astimezone(ZoneInfo(zone)).date()


def _plain(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, LabelledEnum):
        return value.english  # stored: the same words whatever the language of the page
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def snapshot(event: Event) -> dict[str, str | None]:
    values = {field: _plain(getattr(event, field)) for field in TRACKED}
    if event.starts_at is not None and event.timezone:
        local = event.starts_at.astimezone(ZoneInfo(event.timezone))
        values["starts_at"] = local.date().isoformat() if event.all_day else local.strftime("%Y-%m-%d %H:%M %Z")
    if event.ends_at is not None and event.timezone:
        values["ends_at"] = event.ends_at.astimezone(ZoneInfo(event.timezone)).strftime("%H:%M %Z")
    return values


def _revise(event: Event, action: str, actor: User | None, before: dict | None, note: str | None = None) -> None:
    after = snapshot(event)
    if before is None:
        changes = {field: [None, value] for field, value in after.items() if value is not None}
    else:
        changes = {field: [before[field], after[field]] for field in TRACKED if before[field] != after[field]}
    if note:
        changes["_note"] = [None, note]
    event.revisions.append(
        EventRevision(action=action, changed_by_id=actor.id if actor else None, changes=json.dumps(changes))
    )


def revision_changes(revision: EventRevision, *, restricted: bool) -> list[tuple[str, str | None, str | None]]:
    """(field, old, new) lines of a revision; notes only for those who may read them."""
    changes = json.loads(revision.changes or "{}")
    lines = []
    for field, (old, new) in changes.items():
        if field in RESTRICTED_TRACKED and not restricted:
            lines.append((field, None, CHANGED))
        else:
            lines.append((field.lstrip("_"), old, new))
    return lines


def create_event(case_id: int, actor: User, **fields) -> Event:
    event = Event(case_id=case_id, recorded_by_id=actor.id, **fields)
    db.session.add(event)
    _revise(event, N_("created"), actor, None)
    db.session.flush()
    audit.record("event.create", target=event, detail=event.kind.value)
    sync_derived_deadlines(event, actor)
    return event


def update_event(event: Event, actor: User, **fields) -> bool:
    """Apply changes; returns False when nothing changed."""
    before = snapshot(event)
    for name, value in fields.items():
        setattr(event, name, value)
    if event.is_derived:
        event.overridden = event.local_date != event.derived_due_on
    if snapshot(event) == before:
        return False
    _revise(event, N_("edited"), actor, before)
    audit.record("event.update", target=event)
    sync_derived_deadlines(event, actor)
    return True


def remove_event(event: Event, actor: User, reason: str | None = None) -> None:
    """Take an entry off the timeline; it stays in the database with its history."""
    event.removed_at = utcnow()
    _revise(event, N_("removed"), actor, snapshot(event), note=reason)
    audit.record("event.remove", target=event, detail=reason)
    sync_derived_deadlines(event, actor)


def verify_hearing(event: Event, actor: User) -> None:
    """Record that the hearing date was confirmed on the court's line today."""
    event.last_verified_on = today_in(event.timezone)
    event.verified_by_id = actor.id
    _revise(event, N_("verified"), actor, snapshot(event), note="date confirmed with the court")
    audit.record("event.verify", target=event)


def reschedule_hearing(event: Event, actor: User, day: date, at: time | None) -> None:
    """The court moved the hearing: record the new date, verified today."""
    before = snapshot(event)
    event.starts_at = to_utc(day, at, event.timezone)
    event.all_day = at is None
    event.last_verified_on = today_in(event.timezone)
    event.verified_by_id = actor.id
    _revise(event, N_("rescheduled"), actor, before, note="new date from the court")
    audit.record("event.reschedule", target=event)


def set_deadline_state(event: Event, actor: User | None, state: str, *, filing_id: int | None = None,
                       note: str | None = None) -> None:
    """Mark a deadline met ("complete"), "dismiss" it, or "reopen" it. A filing
    that meets it is linked (`filing_id`); reopening unlinks it."""
    before = snapshot(event)
    now = utcnow()
    actor_id = actor.id if actor else None
    if state == "complete":
        if event.completed_at is None:
            event.completed_at, event.completed_by_id = now, actor_id
        event.met_by_filing_id = filing_id
    elif state == "dismiss":
        event.dismissed_at, event.dismissed_by_id = now, actor_id
    elif state == "reopen":
        event.completed_at = event.completed_by_id = None
        event.dismissed_at = event.dismissed_by_id = None
        event.met_by_filing_id = None
    else:
        raise ValueError(state)
    labels = {"complete": N_("marked met"), "dismiss": N_("dismissed"), "reopen": N_("reopened")}
    _revise(event, labels[state], actor, before, note=note)
    audit.record(f"event.{state}", target=event, detail=note)


def restore_derived_date(event: Event, actor: User) -> None:
    """Undo an override: the deadline goes back to the date the rule gives."""
    before = snapshot(event)
    event.starts_at = to_utc(event.derived_due_on, None, event.timezone)
    event.all_day = True
    event.overridden = False
    _revise(event, N_("derived date restored"), actor, before)
    audit.record("event.update", target=event, detail="derived date restored")


def sync_derived_deadlines(trigger: Event, actor: User | None) -> list[Event]:
    """Create, move or remove the deadlines a decision starts.

    Overridden deadlines keep the date a person gave them (the derived date is
    still updated beside it); deadlines whose rule no longer applies are removed.
    """
    existing = {
        event.rule: event
        for event in db.session.scalars(
            select(Event).where(Event.trigger_id == trigger.id, Event.removed_at.is_(None))
        )
    }
    wanted = []
    if trigger.kind is EventKind.DECISION and trigger.removed_at is None:
        wanted = derive_deadlines(trigger.local_date, trigger.decided_by, trigger.final_order)
    kept = []
    for derived in wanted:
        deadline = existing.pop(derived.rule.key, None)
        if deadline is None:
            deadline = Event(
                case_id=trigger.case_id,
                kind=EventKind.FILING_DEADLINE,
                title=derived.rule.title,
                starts_at=to_utc(derived.due_on, None, trigger.timezone),
                all_day=True,
                timezone=trigger.timezone,
                visibility=Visibility.INTERNAL,
                trigger_id=trigger.id,
                rule=derived.rule.key,
                derived_due_on=derived.due_on,
                raw_due_on=derived.raw_on,
                overridden=False,
                final_order=False,
                recorded_by_id=actor.id if actor else None,
            )
            db.session.add(deadline)
            _revise(deadline, N_("derived"), actor, None, note=rule_note(derived))
        elif (deadline.derived_due_on, deadline.raw_due_on) != (derived.due_on, derived.raw_on):
            before = snapshot(deadline)
            deadline.derived_due_on, deadline.raw_due_on = derived.due_on, derived.raw_on
            if not deadline.overridden:
                deadline.starts_at = to_utc(derived.due_on, None, deadline.timezone)
            _revise(deadline, N_("re-derived"), actor, before, note="the decision date changed")
        kept.append(deadline)
    for stale in existing.values():
        stale.removed_at = utcnow()
        _revise(stale, N_("removed"), actor, snapshot(stale), note="the decision that started it changed")
    return kept


def derived_from(trigger: Event) -> list[Event]:
    """The deadlines on the timeline that this decision started."""
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.trigger_id == trigger.id, Event.removed_at.is_(None))
            .order_by(Event.starts_at)
        )
    )


def rule_note(derived: DerivedDeadline) -> str:
    """What the history says of a derived date: the rule, and why it moved if it did."""
    note = f"{derived.rule.explanation} ({derived.rule.authority})"
    if derived.rolled:
        note += f" Counted: {derived.raw_on.isoformat()}; moved to the next business day {derived.due_on.isoformat()}."
    return note


def rule_for(event: Event) -> Rule | None:
    return RULES.get(event.rule or "")


def rule_explanation(event: Event) -> str | None:
    rule = rule_for(event)
    return f"{rule.explanation} ({rule.authority})" if rule else None


def rolled_because(event: Event) -> str | None:
    """Why a derived deadline's date is later than the raw count: the weekend day or holiday."""
    raw = event.raw_due_on
    if raw is None or event.derived_due_on is None or raw == event.derived_due_on:
        return None
    return federal_holiday_name(raw) or format_date(raw, "EEEE")


def verification_due(event: Event, today: date | None = None) -> bool:
    """True when a hearing's date was not confirmed with the court in the last week."""
    today = today or today_in(event.timezone)
    return event.last_verified_on is None or (today - event.last_verified_on) >= timedelta(days=VERIFY_EVERY_DAYS)
