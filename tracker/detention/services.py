"""Detention periods: detained, transferred (a chain of periods), released; the
person's detention status and facility and the timeline follow each step."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.auth.models import User
from tracker.cases.models import Case
from tracker.detention.models import DetentionPeriod, Facility, PeriodEnd
from tracker.extensions import db
from tracker.people.models import DetentionStatus
from tracker.security import audit
from tracker.timeline.models import EventKind, Visibility
from tracker.timeline.services import create_event, to_utc


class DetentionError(ValueError):
    """A step that does not fit the periods already recorded (the message says why)."""


def facilities(*, include_id: int | None = None) -> list[Facility]:
    """The directory's facilities to choose from: active ones (and the one already chosen)."""
    query = select(Facility).where((Facility.active.is_(True)) | (Facility.id == include_id)).order_by(Facility.name)
    return list(db.session.scalars(query))


def periods_of(case: Case) -> list[DetentionPeriod]:
    return list(db.session.scalars(
        select(DetentionPeriod).where(DetentionPeriod.case_id == case.id)
        .options(joinedload(DetentionPeriod.facility)).order_by(DetentionPeriod.from_date, DetentionPeriod.id)
    ))


def open_period(case: Case) -> DetentionPeriod | None:
    return db.session.scalars(
        select(DetentionPeriod).where(DetentionPeriod.case_id == case.id, DetentionPeriod.to_date.is_(None))
    ).first()


def _on_timeline(case: Case, actor: User, kind: EventKind, day: date, facility: Facility, outcome: str | None = None):
    create_event(case.id, actor, kind=kind, starts_at=to_utc(day, None, case.timezone), all_day=True,
                 timezone=case.timezone, location=facility.name, outcome=outcome, visibility=Visibility.INTERNAL,
                 final_order=False)


def detain(case: Case, facility: Facility, from_date: date, actor: User) -> DetentionPeriod:
    if open_period(case) is not None:
        raise DetentionError("This person is already held: record a transfer or the release of the current detention.")
    period = DetentionPeriod(case_id=case.id, facility_id=facility.id, from_date=from_date, recorded_by_id=actor.id)
    db.session.add(period)
    db.session.flush()
    case.person.detention_status = DetentionStatus.DETAINED
    case.person.detention_facility = facility.name
    _on_timeline(case, actor, EventKind.DETENTION, from_date, facility)
    audit.record("detention.start", target=period, case_id=case.id)
    return period


def transfer(period: DetentionPeriod, facility: Facility, on_date: date, actor: User) -> DetentionPeriod:
    if not period.is_open:
        raise DetentionError("This detention already ended.")
    if on_date < period.from_date:
        raise DetentionError("The transfer cannot come before the detention began.")
    if facility.id == period.facility_id:
        raise DetentionError("Choose the facility the person was moved to.")
    period.to_date, period.ended_by = on_date, PeriodEnd.TRANSFERRED
    following = DetentionPeriod(case_id=period.case_id, facility_id=facility.id, from_date=on_date,
                                transferred_from_id=period.id, recorded_by_id=actor.id)
    db.session.add(following)
    db.session.flush()
    case = period.case
    case.person.detention_facility = facility.name
    _on_timeline(case, actor, EventKind.TRANSFER, on_date, facility, outcome=f"From {period.facility.name}")
    audit.record("detention.transfer", target=following, case_id=case.id)
    return following


# What the person's detention status becomes when a detention ends.
STATUS_AFTER = {
    "released_on_bond": (PeriodEnd.RELEASED, DetentionStatus.RELEASED_ON_BOND),
    "atd": (PeriodEnd.RELEASED, DetentionStatus.ATD),
    "not_detained": (PeriodEnd.RELEASED, DetentionStatus.NOT_DETAINED),
    "removed": (PeriodEnd.REMOVED, DetentionStatus.REMOVED),
}


def end_detention(period: DetentionPeriod, on_date: date, how: str, actor: User) -> None:
    if not period.is_open:
        raise DetentionError("This detention already ended.")
    if on_date < period.from_date:
        raise DetentionError("The release cannot come before the detention began.")
    ended_by, status = STATUS_AFTER[how]
    period.to_date, period.ended_by = on_date, ended_by
    case = period.case
    case.person.detention_status = status
    case.person.detention_facility = None
    kind = EventKind.REMOVAL if ended_by is PeriodEnd.REMOVED else EventKind.RELEASE
    _on_timeline(case, actor, kind, on_date, period.facility, outcome=status.label)
    audit.record("detention.end", target=period, case_id=case.id, detail=ended_by.value)


@dataclass(frozen=True)
class HeldNow:
    """Where a detained person is held now, and since when (the first period of the chain)."""

    period: DetentionPeriod
    since: date

    def days(self, today: date) -> int:
        return (today - self.since).days


def held_now(case_ids: list[int]) -> dict[int, HeldNow]:
    """For each case held now: its open period and the start of its transfer chain (one query)."""
    if not case_ids:
        return {}
    periods = list(db.session.scalars(
        select(DetentionPeriod).where(DetentionPeriod.case_id.in_(case_ids))
        .options(joinedload(DetentionPeriod.facility))
    ))
    by_id = {period.id: period for period in periods}
    result = {}
    for period in periods:
        if period.is_open:
            first = period
            while first.transferred_from_id in by_id:
                first = by_id[first.transferred_from_id]
            result[period.case_id] = HeldNow(period, first.from_date)
    return result


def chain_of(periods: list[DetentionPeriod]) -> list[list[DetentionPeriod]]:
    """Periods grouped into detentions: each a chain of transfers, oldest first."""
    following = {period.transferred_from_id: period for period in periods if period.transferred_from_id}
    chains = []
    for period in periods:
        if period.transferred_from_id is None or period.transferred_from_id not in {p.id for p in periods}:
            chain = [period]
            while chain[-1].id in following:
                chain.append(following[chain[-1].id])
            chains.append(chain)
    return chains
