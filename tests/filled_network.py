"""A network filled like the demo, with every kind of record present, for tests
that walk every page: the demo data (tracker.demo) plus what it leaves out on
its first case — notes on every event and filing, a change of notes in an
event's history, a letter with its file, ID copy and translation, a packet,
calendar feeds and a writer's link whose token is known."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from tests import factories
from tracker.actions.models import Action, Congregation
from tracker.auth.models import User
from tracker.calendar import services as calendars
from tracker.campaigns.models import Campaign
from tracker.cases.models import Case, Filing
from tracker.demo import load_demo
from tracker.detention.models import Bond, DetentionPeriod, Facility
from tracker.extensions import db
from tracker.letters import services as letters
from tracker.letters.models import Letter, LetterPage, LetterStatus, Relation
from tracker.packets import services as packets
from tracker.packets.models import Recipient
from tracker.people.models import Person
from tracker.tasks.models import CaseTask
from tracker.timeline import services as timeline
from tracker.timeline.models import Event
from tracker.web import format_day

ROLES = ("admin", "legal", "campaign", "congregation")


@dataclass
class Network:
    users: dict[str, User]  # one signed-in role each: admin, legal, campaign, congregation
    case: Case  # the case with one of every record
    url_values: dict[str, object]  # a value for each URL argument that names a record of that case
    tokens: dict[str, str]  # endpoint -> the token its URL needs
    restricted: list[str] = field(default_factory=list)  # every restricted value, as a page shows it


def _restricted_values() -> list[str]:
    """Each person's restricted fields and every event's and filing's notes, in the
    forms a page shows them (the A-number as digits and as 123-456-789, a date as
    the site writes it and in ISO)."""
    values = []
    for person in db.session.scalars(select(Person)):
        if person.a_number:
            values += [person.a_number, person.a_number_display]
        if person.birth_date:
            values += [format_day(person.birth_date), person.birth_date.isoformat()]
        values += [person.phone, person.address, person.legal_notes, person.criminal_history]
    values += list(db.session.scalars(select(Event.notes)))
    values += list(db.session.scalars(select(Filing.notes)))
    # A long note is found by its first words too (a list may shorten it).
    values += [value[:40] for value in values if value and len(value) > 40]
    return sorted({value.strip() for value in values if value and len(value.strip()) >= 6})


def fill_network() -> Network:
    demo = load_demo(factories.PASSWORD)
    users = {role: next(user for user in demo.values() if user.role.value == role) for role in ROLES}
    case = db.session.scalar(
        select(Case).join(Campaign, Campaign.case_id == Case.id).where(Campaign.published.is_(True)).order_by(Case.id)
    )
    for user in (users["legal"], users["campaign"]):
        if user not in case.team:
            case.team.append(user)
    db.session.commit()

    event = db.session.scalar(select(Event).where(Event.case_id == case.id, Event.removed_at.is_(None)).order_by(Event.id))
    for number, each in enumerate(db.session.scalars(select(Event).where(Event.notes.is_(None))), start=1):
        each.notes = f"Event note {number}: bring the receipt of the filing."
    db.session.commit()
    # A change of notes, so that the event's history shows old and new notes.
    timeline.update_event(event, users["legal"], notes="Changed: the attorney asked to bring the birth certificate.")
    filing = db.session.scalar(select(Filing).where(Filing.case_id == case.id).order_by(Filing.id))
    if filing is None:
        from tracker.cases.models import FilingKind

        filing = Filing(case_id=case.id, kind=FilingKind.STAY_OF_REMOVAL)
        db.session.add(filing)
    for number, each in enumerate(db.session.scalars(select(Filing).where(Filing.notes.is_(None))), start=1):
        each.notes = f"Filing note {number}: strategy for the stay request."
    filing.notes = filing.notes or "Filing note: strategy for the stay request."

    letter = factories.make_letter(
        case, author="Grace Filled Example", relation=Relation.NEIGHBOUR, language="Spanish",
        body="Conozco a esta familia desde hace diez años.", translation_text="I have known this family for ten years.",
        translator_name="Tomás Translator", translator_address="12 Translation Way", status=LetterStatus.APPROVED,
    )
    scan = factories.stored_file(factories.pdf_bytes(), "letter.pdf")
    letter.pages.append(LetterPage(file=scan))
    letter.id_copy_file_id = factories.stored_file(factories.png_bytes(), "id-copy.png").id
    letter.translation_file_id = factories.stored_file(factories.pdf_bytes(text="Translation"), "translation.pdf").id
    db.session.commit()
    approved = [each.id for each in db.session.scalars(
        select(Letter).where(Letter.case_id == case.id, Letter.status == LetterStatus.APPROVED).order_by(Letter.id))]
    # Kept split into volumes too (a limit of about 1 kB: one exhibit a volume), for the volumes' downloads.
    limit, current_app.config["TRACKER_PACKET_MAX_MB"] = current_app.config["TRACKER_PACKET_MAX_MB"], 0.001
    try:
        packet = packets.build_and_keep(case, packets.PacketChoices(
            recipient_kind=Recipient.ICE, recipient="Field Office Director", cover_text="Dear Director,",
            letter_ids=approved, include_petition=True, include_signers=True,
        ), users["campaign"], split=True)
    finally:
        current_app.config["TRACKER_PACKET_MAX_MB"] = limit
    _invitation, writer_token = letters.create_invitation(
        case, users["campaign"], author_name="Invited Writer", relation=Relation.EMPLOYER, days=30)
    feed = calendars.create_feed(users["admin"])
    db.session.commit()

    action = db.session.scalar(select(Action).where(Action.case_id == case.id).order_by(Action.id))
    congregation = db.session.scalar(select(Congregation).order_by(Congregation.id))
    users["congregation"].congregation_id = users["congregation"].congregation_id or congregation.id
    db.session.commit()
    return Network(
        users=users,
        case=case,
        url_values={
            "case_id": case.id, "person_id": case.person_id, "event_id": event.id, "filing_id": filing.id,
            "letter_id": letter.id, "page_id": letter.pages[0].id, "action_id": action.id, "packet_id": packet.id, "number": 1, "user_id": users["legal"].id,
            "congregation_id": congregation.id,
            "task_id": _record_of(CaseTask, case).id, "period_id": _record_of(DetentionPeriod, case).id,
            "bond_id": _record_of(Bond, case).id, "facility_id": db.session.scalar(select(Facility.id).order_by(Facility.id)),
            "slug": db.session.scalar(select(Campaign.slug).where(Campaign.case_id == case.id)),
        },
        tokens={"calendar.feed": feed.token, "letters.writer": writer_token, "mail.unsubscribe": "not-a-token",
                "auth.welcome": "not-a-token"},
        restricted=_restricted_values(),
    )


def _record_of(model, case: Case):
    """The case's first record of a kind, or the demo network's first one when the case has none."""
    return (db.session.scalar(select(model).where(model.case_id == case.id).order_by(model.id))
            or db.session.scalar(select(model).order_by(model.id)))
