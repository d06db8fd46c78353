"""Small builders for fictional test records, through the same services the app uses."""
from __future__ import annotations

from datetime import time, timedelta

from tracker.auth import services as accounts
from tracker.auth.models import Role, User
from tracker.cases.models import Case, ConsentLevel, Stage
from tracker.extensions import db
from tracker.people.models import DetentionStatus, Person
from tracker.timeline import services as timeline
from tracker.timeline.models import EventKind, Visibility

PASSWORD = "correct horse battery staple"
ZONE = "America/Chicago"


def make_user(role: Role, email: str, name: str, password: str = PASSWORD) -> User:
    user = accounts.create_user(email, name, role, password=password)
    db.session.commit()
    return user


def make_person(
    legal_name: str = "Test Person Uno",
    *,
    a_number: str | None = "999-000-001",
    detention_status: DetentionStatus = DetentionStatus.NOT_DETAINED,
    created_by: User | None = None,
    **restricted,
) -> Person:
    person = Person(
        legal_name=legal_name,
        detention_status=detention_status,
        created_by_id=created_by.id if created_by else None,
        **restricted,
    )
    person.a_number = a_number
    person.refresh_name_key()
    db.session.add(person)
    db.session.commit()
    return person


def make_case(
    person: Person | None = None,
    *,
    team: list[User] = (),
    stage: Stage = Stage.REMOVAL_PROCEEDINGS,
    consent: ConsentLevel = ConsentLevel.NONE,
    **fields,
) -> Case:
    case = Case(
        person=person or make_person(),
        stage=stage,
        consent_level=consent,
        timezone=fields.pop("timezone", ZONE),
        **fields,
    )
    case.team.extend(team)
    db.session.add(case)
    db.session.commit()
    return case


def make_event(
    case: Case,
    kind: EventKind = EventKind.MASTER_CALENDAR_HEARING,
    *,
    days: int = 7,
    at: time | None = time(9, 0),
    actor: User,
    **fields,
):
    """An entry `days` from today (negative: in the past), through the timeline service."""
    day = timeline.today_in(case.timezone) + timedelta(days=days)
    event = timeline.create_event(
        case.id,
        actor,
        kind=kind,
        starts_at=timeline.to_utc(day, at, case.timezone),
        all_day=at is None,
        timezone=case.timezone,
        visibility=fields.pop("visibility", Visibility.INTERNAL),
        final_order=fields.pop("final_order", False),
        **fields,
    )
    db.session.commit()
    return event
