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


def make_campaign(case: Case, *, slug: str = "keep-test-home", published: bool = True, petition: bool = True,
                  goal: int = 100, **fields):
    """A campaign (with a petition unless told otherwise). Give the case publicity
    consent for the page to be public."""
    from tracker.campaigns.models import Campaign, Petition

    campaign = Campaign(case_id=case.id, slug=slug, published=published, headline=fields.pop("headline", "Keep them home"),
                        **fields)
    db.session.add(campaign)
    db.session.flush()
    if petition:
        db.session.add(Petition(campaign=campaign, title="Let them stay", target="ICE Field Office Director",
                                ask="Let them stay with their family.", goal=goal, is_open=True))
    db.session.commit()
    return campaign


def consenting_case(team: list[User] = (), *, level: ConsentLevel = ConsentLevel.FULL_NAME, name: str = "Ana Test Example",
                    **person_fields) -> Case:
    from datetime import date

    case = make_case(make_person(name, **person_fields), team=list(team), consent=level)
    case.consent_date = date.today()
    db.session.commit()
    return case


def make_letter(case: Case, *, author: str = "Pat Writer", status=None, body: str | None = "I have known them for years.",
                letter_files=(), **fields):
    """A letter; `letter_files` are stored files that become its pages, in that order."""
    from tracker.letters.models import Letter, LetterPage, LetterSource, LetterStatus, Relation

    letter = Letter(
        case_id=case.id,
        status=status or LetterStatus.APPROVED,
        source=fields.pop("source", LetterSource.STAFF),
        author_name=author,
        relation=fields.pop("relation", Relation.COMMUNITY),
        language=fields.pop("language", "English"),
        body=body,
        pages=[LetterPage(file=stored, position=position) for position, stored in enumerate(letter_files)],
        **fields,
    )
    db.session.add(letter)
    db.session.commit()
    return letter


def stored_file(data: bytes, name: str):
    """Check and keep an upload as the app does."""
    from tracker.files import services as files

    stored = files.store(files.check_upload(data, name))
    db.session.commit()
    return stored


def pdf_bytes(pages: int = 1, text: str = "Fictional letter page") -> bytes:
    import io

    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER)
    for number in range(1, pages + 1):
        canvas.setFont("Helvetica", 12)
        canvas.drawString(72, 700, f"{text} {number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def make_action(case: Case, actor: User, *, kind=None, public: bool = True, days: int = 5, needed: int = 10,
                title: str = "Vigil for a neighbour", **fields):
    from datetime import time as clock

    from tracker.actions.models import Action, ActionKind

    day = timeline.today_in(case.timezone) + timedelta(days=days)
    action = Action(
        case_id=case.id, kind=kind or ActionKind.VIGIL, title=title,
        starts_at=timeline.to_utc(day, clock(18, 0), case.timezone), ends_at=timeline.to_utc(day, clock(20, 0), case.timezone),
        timezone=case.timezone, people_needed=needed, is_public=public, created_by_id=actor.id, **fields,
    )
    db.session.add(action)
    db.session.commit()
    return action


def make_congregation(name: str = "St. Example Parish", *, listed: bool = True, coordinator: User | None = None):
    from tracker.actions.models import Congregation

    congregation = Congregation(name=name, listed_publicly=listed)
    db.session.add(congregation)
    db.session.flush()
    if coordinator is not None:
        coordinator.congregation_id = congregation.id
    db.session.commit()
    return congregation


def live_campaign_case(team: list[User] = (), *, slug: str = "live-campaign", name: str = "Live Example") -> Case:
    case = consenting_case(team=list(team), name=name)
    make_campaign(case, slug=slug)
    return case
