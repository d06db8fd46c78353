"""Case lists, the dashboard and the case timeline, each in a fixed number of
queries however many cases there are."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import joinedload

from tracker.actions.services import pending_proposals
from tracker.auth.models import User
from tracker.cases.models import Case, Filing, Stage
from tracker.detention.services import held_now
from tracker.extensions import db
from tracker.people.models import DetentionStatus, Person
from tracker.security.access import visible_cases, visible_people
from tracker.timeline.models import HEARING_KINDS, UPCOMING_KINDS, Event, EventKind
from tracker.timeline.reminders import is_reminder_day
from tracker.timeline.services import today_in, verification_due
from tracker.types import utcnow

DASHBOARD_DAYS = 14
SORTS = {
    "next": _l("Next date"),
    "name": _l("Name"),
    "stage": _l("Stage"),
    "updated": _l("Recently changed"),
}


def _live_entries():
    """Upcoming-kind entries still on the timeline and not settled."""
    return and_(
        Event.kind.in_(UPCOMING_KINDS),
        Event.removed_at.is_(None),
        Event.completed_at.is_(None),
        Event.dismissed_at.is_(None),
    )


def case_list_query(user: User, *, sort: str = "next", stage: Stage | None = None, detained: bool = False) -> Select:
    """The user's cases with their person, sorted; next date first by default."""
    now = utcnow()
    next_dates = (
        select(Event.case_id, func.min(Event.starts_at).label("next_at"))
        .where(_live_entries(), Event.starts_at >= now)
        .group_by(Event.case_id)
        .subquery()
    )
    query = (
        visible_cases(user)
        .join(Person, Person.id == Case.person_id)
        .outerjoin(next_dates, next_dates.c.case_id == Case.id)
        .options(joinedload(Case.person))
    )
    if stage is not None:
        query = query.where(Case.stage == stage)
    if detained:
        query = query.where(Person.detention_status == DetentionStatus.DETAINED)
    order = {
        "next": [next_dates.c.next_at.is_(None), next_dates.c.next_at, Person.legal_name],
        "name": [Person.legal_name, Case.id],
        "stage": [Case.stage, Person.legal_name],
        "updated": [Case.updated_at.desc(), Case.id],
    }[sort if sort in SORTS else "next"]
    return query.order_by(*order, Case.id)


def _next_dates(user: User, key):
    """Soonest upcoming hearing, check-in or open deadline, per `key` (a case or person column)."""
    return (
        select(key.label("key"), func.min(Event.starts_at).label("next_at"))
        .select_from(Event)
        .join(Case, Case.id == Event.case_id)
        .where(_live_entries(), Event.starts_at >= utcnow(), Event.case_id.in_(_visible_case_ids(user)))
        .group_by(key)
        .subquery()
    )


def people_list_query(user: User, sort: str = "name") -> Select:
    """The people on the user's cases; sortable by name, soonest date, detention, last change."""
    next_dates = _next_dates(user, Case.person_id)
    order = {
        "next": [next_dates.c.next_at.is_(None), next_dates.c.next_at, Person.legal_name],
        "name": [Person.legal_name],
        "updated": [Person.updated_at.desc()],
        "detained": [Person.detention_status != DetentionStatus.DETAINED, Person.legal_name],
    }.get(sort, [Person.legal_name])
    return visible_people(user).outerjoin(next_dates, next_dates.c.key == Person.id).order_by(*order, Person.id)


def next_entries_of_people(user: User, person_ids: list[int]) -> dict[int, Event]:
    """Each person's next entry on the user's cases (one query)."""
    if not person_ids:
        return {}
    entries = db.session.scalars(
        select(Event)
        .join(Case, Case.id == Event.case_id)
        .where(Case.person_id.in_(person_ids), Event.case_id.in_(_visible_case_ids(user)), _live_entries(),
               Event.starts_at >= utcnow())
        .options(joinedload(Event.case))
        .order_by(Event.starts_at)
    ).unique()
    first: dict[int, Event] = {}
    for entry in entries:
        first.setdefault(entry.case.person_id, entry)
    return first


@dataclass
class CaseDates:
    next_entry: Event | None = None
    overdue: list[Event] = field(default_factory=list)


def dates_for(case_ids: list[int]) -> dict[int, CaseDates]:
    """For each case: its next hearing, check-in or deadline, and its overdue deadlines (one query)."""
    result = {case_id: CaseDates() for case_id in case_ids}
    if not case_ids:
        return result
    now = utcnow()
    entries = db.session.scalars(
        select(Event)
        .where(
            Event.case_id.in_(case_ids),
            _live_entries(),
            or_(Event.starts_at >= now - timedelta(days=1), Event.kind == EventKind.FILING_DEADLINE),
        )
        .order_by(Event.starts_at)
    )
    for entry in entries:
        dates = result[entry.case_id]
        if entry.is_deadline and is_overdue(entry):
            dates.overdue.append(entry)
        elif entry.starts_at >= now or (entry.all_day and entry.local_date >= today_in(entry.timezone)):
            if dates.next_entry is None:
                dates.next_entry = entry
    return result


def is_overdue(entry: Event) -> bool:
    """An open deadline whose day has passed where it is due."""
    return entry.is_open_deadline and entry.local_date < today_in(entry.timezone)


def _visible_case_ids(user: User):
    return visible_cases(user).with_only_columns(Case.id).scalar_subquery()


def _with_case(query):
    return query.options(joinedload(Event.case).joinedload(Case.person))


@dataclass(frozen=True)
class DeadlineRow:
    """An open deadline on the dashboard, with the days left where it is due."""

    event: Event
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def reminder(self) -> bool:
        """Today is one of its reminder days (7, 3 or 1 day before)."""
        return is_reminder_day(self.days_left)


def open_deadlines(user: User) -> list[DeadlineRow]:
    """Every open deadline of the user's open cases, however far off: by due date,
    so the overdue ones come first (one query)."""
    events = db.session.scalars(
        _with_case(
            select(Event)
            .join(Case, Case.id == Event.case_id)
            .where(
                Event.case_id.in_(_visible_case_ids(user)),
                Case.stage != Stage.CLOSED,
                _live_entries(),
                Event.kind == EventKind.FILING_DEADLINE,
            )
        ).order_by(Event.starts_at, Event.id)
    ).unique()
    rows = [DeadlineRow(event, (event.local_date - today_in(event.timezone)).days) for event in events]
    rows.sort(key=lambda row: (row.days_left, row.event.starts_at, row.event.id))
    return rows


@dataclass
class Dashboard:
    deadlines: list[DeadlineRow]
    upcoming: list[Event]
    detained: list[Case]
    unverified: list[Event]
    proposals: list = field(default_factory=list)
    # Where each detained person is held and since when (by case id).
    held: dict = field(default_factory=dict)

    @property
    def overdue_count(self) -> int:
        return sum(row.overdue for row in self.deadlines)

    @property
    def reminders(self) -> list[DeadlineRow]:
        return [row for row in self.deadlines if row.reminder]


def dashboard_for(user: User) -> Dashboard:
    """What a volunteer checks each morning, across every case on their teams."""
    now = utcnow()
    case_ids = _visible_case_ids(user)
    upcoming = list(
        db.session.scalars(
            _with_case(
                select(Event).where(
                    Event.case_id.in_(case_ids),
                    _live_entries(),
                    Event.kind != EventKind.FILING_DEADLINE,  # deadlines have their own list
                    Event.starts_at >= now - timedelta(days=1),
                    Event.starts_at < now + timedelta(days=DASHBOARD_DAYS),
                )
            ).order_by(Event.starts_at)
        ).unique()
    )
    # Whole-day entries of today start at local midnight, before "now": keep them.
    upcoming = [
        event for event in upcoming
        if event.starts_at >= now or (event.all_day and event.local_date >= today_in(event.timezone))
    ]
    detained = list(
        db.session.scalars(
            visible_cases(user)
            .join(Person, Person.id == Case.person_id)
            .where(Person.detention_status == DetentionStatus.DETAINED, Case.stage != Stage.CLOSED)
            .options(joinedload(Case.person))
            .order_by(Person.legal_name, Case.id)
        ).unique()
    )
    return Dashboard(
        held=held_now([case.id for case in detained]),
        deadlines=open_deadlines(user),
        upcoming=upcoming,
        detained=detained,
        unverified=unverified_hearings(user),
        proposals=pending_proposals(case_ids) if user.edits_legal_record else [],
    )


def next_hearings(user: User) -> dict[int, Event]:
    """Each case's next hearing (one query)."""
    hearings = db.session.scalars(
        _with_case(
            select(Event).where(
                Event.case_id.in_(_visible_case_ids(user)),
                Event.kind.in_(HEARING_KINDS),
                Event.removed_at.is_(None),
                Event.starts_at >= utcnow(),
            )
        ).order_by(Event.starts_at)
    ).unique()
    first: dict[int, Event] = {}
    for hearing in hearings:
        first.setdefault(hearing.case_id, hearing)
    return first


def unverified_hearings(user: User) -> list[Event]:
    """Next hearings not confirmed with the court in the last week, soonest first."""
    return [hearing for hearing in next_hearings(user).values() if verification_due(hearing)]


@dataclass
class TimelineEntry:
    """One line of the case timeline: an event, or a filing's filed or decided date."""

    day: date
    at: datetime | None
    event: Event | None = None
    filing: Filing | None = None
    filing_step: str | None = None


def timeline(case: Case, *, include_removed: bool = False) -> list[TimelineEntry]:
    """Events and filing dates of a case, newest last (two queries)."""
    query = select(Event).where(Event.case_id == case.id)
    if not include_removed:
        query = query.where(Event.removed_at.is_(None))
    entries = [
        TimelineEntry(day=event.local_date, at=event.starts_at, event=event)
        for event in db.session.scalars(query.options(joinedload(Event.recorded_by)).order_by(Event.starts_at)).unique()
    ]
    for filing in db.session.scalars(select(Filing).where(Filing.case_id == case.id)):
        if filing.filed_on:
            entries.append(TimelineEntry(day=filing.filed_on, at=None, filing=filing, filing_step="filed"))
        if filing.decided_on:
            entries.append(TimelineEntry(day=filing.decided_on, at=None, filing=filing, filing_step="decided"))
    entries.sort(key=lambda entry: (entry.day, entry.at.timestamp() if entry.at else 0.0))
    return entries
