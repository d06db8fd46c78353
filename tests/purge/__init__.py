"""Builders and readers for the purge tests: a case with a record of every kind,
and every row of the database that leads back to a person, found by walking
the foreign keys of `db.metadata` (so a table added later is walked too)."""
from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date, time
from email.message import EmailMessage
from http.cookiejar import CookieJar

from flask import current_app
from sqlalchemy import Table, select, type_coerce
from sqlalchemy.types import TypeDecorator

from tests import factories
from tracker.actions import services as actions
from tracker.actions.models import ActionKind
from tracker.calendar import services as calendars
from tracker.campaigns import services as campaigns
from tracker.campaigns.models import Campaign, UnfitText
from tracker.cases.models import ConsentLevel, Filing, FilingKind
from tracker.detention import services as detention
from tracker.detention.models import Bond, BondPayer, BondSetBy, BondStatus, Facility
from tracker.extensions import db
from tracker.letters import services as letters
from tracker.letters.models import Relation
from tracker.mail.models import CampaignUpdate, MailOptOut, MailState, OutboxMessage
from tracker.packets import services as packets
from tracker.packets.models import Recipient
from tracker.security import audit
from tracker.submissions import FormSubmission
from tracker.tasks.models import CaseTask
from tracker.timeline import services as timeline
from tracker.timeline.models import DecisionBody, EventKind

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf-token" content="([^"]+)"')


class Browser:
    """A signed-in visitor of the live server, with its cookies, through the standard library."""

    def __init__(self, base: str, email: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        page = self.opener.open(f"{base}/login").read().decode()
        token = next(group for group in CSRF.search(page).groups() if group)
        form = urllib.parse.urlencode({"email": email, "password": factories.PASSWORD, "csrf_token": token})
        self.opener.open(f"{base}/login", data=form.encode()).read()

    def get(self, path: str):
        return self._open(path)

    def post(self, path: str, fields: dict):
        """Send a form from the page at `path`, with that page's form token."""
        _, _, page = self.get(path)
        token = next(group for group in CSRF.search(page.decode()).groups() if group)
        return self._open(path, urllib.parse.urlencode({**fields, "csrf_token": token}).encode())

    def _open(self, path: str, data: bytes | None = None):
        try:
            response = self.opener.open(f"{self.base}{path}", data=data)
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()
        return response.status, response.headers, response.read()


# Rows that belong to whoever refers to them: an upload is the letter's or the photo's.
OWNED_BY_REFERENCE = {"stored_files"}


@dataclass
class Traces:
    """What a person's record looks like in the database: the words to look for."""

    case_id: int
    person_id: int
    name: str
    a_number: str
    address: str
    letter_text: str
    upload_text: str
    slug: str
    unused_upload_id: int  # a letter file replaced by another: no record refers to it any more
    campaign_id: int


def full_case(users, *, name: str, a_number: str, address: str, letter_text: str, upload_text: str,
              slug: str) -> Traces:
    """A person with a case holding a record of every kind a case can hold."""
    legal, campaign_lead = users["legal"], users["campaign"]
    person = factories.make_person(name, a_number=a_number, address=address, phone="555-0142",
                                   legal_notes=f"Notes about {name}", criminal_history="none",
                                   birth_date=date(1990, 4, 2), created_by=legal)
    case = factories.make_case(person, team=[legal, campaign_lead], consent=ConsentLevel.FULL_NAME,
                               court="Example Immigration Court")
    hearing = factories.make_event(case, EventKind.MASTER_CALENDAR_HEARING, days=12, actor=legal,
                                   notes=f"Hearing notes for {name}")
    timeline.update_event(hearing, legal, location="Courtroom 5")
    # A decision: it derives the BIA appeal deadline.
    factories.make_event(case, EventKind.DECISION, days=-2, at=None, actor=legal,
                         decided_by=DecisionBody.IMMIGRATION_JUDGE, final_order=True)
    db.session.add(Filing(case_id=case.id, kind=FilingKind.STAY_OF_REMOVAL, receipt_number="EXA-0001",
                          notes=f"Stay strategy for {name}"))
    db.session.add(CaseTask(case_id=case.id, title=f"Collect letters for {name}", assignee_id=campaign_lead.id,
                            due_on=date.today(), created_by_id=legal.id))
    # The directory is not the person's data (it stays): nothing in it may name them.
    number = Facility.query.count()
    facility = Facility(name=f"Example Processing Center {number}", address="1 Example Way")
    db.session.add(facility)
    db.session.flush()
    held = detention.detain(case, facility, date.today(), legal)
    later = Facility(name=f"Example County Jail {number}")
    db.session.add(later)
    db.session.flush()
    detention.transfer(held, later, date.today(), legal)
    db.session.add(Bond(case_id=case.id, amount=7500, set_by=BondSetBy.IMMIGRATION_JUDGE, set_on=date.today(),
                        paid_by=BondPayer.BOND_FUND, status=BondStatus.POSTED))

    photo = factories.stored_file(factories.png_bytes(), "photo.png")
    campaign = factories.make_campaign(case, slug=slug, headline=f"Keep {name} home", photo_id=photo.id,
                                       photo_alt="A family at a table")
    campaigns.sign(campaign.petition, name="Signer Example", email=f"signer@{slug}.example.org", city="Example City",
                   comment=f"Stand with {name}")

    letter_file = factories.stored_file(factories.pdf_bytes(text=upload_text), "letter.pdf")
    id_copy = factories.stored_file(factories.png_bytes(30, 20), "id.png")
    factories.make_letter(case, author="Pastor Example", body=letter_text, relation=Relation.CLERGY,
                          letter_files=[letter_file], id_copy_file_id=id_copy.id, author_contact="pastor@example.org")
    translation = factories.stored_file(factories.pdf_bytes(text="Translated page"), "translation.pdf")
    spanish = factories.make_letter(case, author="Vecina Ejemplo", body="Carta de apoyo.", language="Spanish",
                                    translation_file_id=translation.id, translator_name="Trans Lator",
                                    translator_address="1 Example Road", translation_certified_on=date.today())
    replaced = factories.stored_file(factories.pdf_bytes(text=f"{upload_text} first draft"), "draft.pdf")
    letters.add_pages(spanish, [replaced])
    db.session.commit()
    spanish.pages.clear()  # removed: the draft stays in stored_files, used by no record
    letters.create_invitation(case, legal, author_name="Teacher Example", relation=Relation.TEACHER, days=14)
    letters.set_needs(case, {Relation.CLERGY: 2})
    db.session.commit()

    congregation = factories.make_congregation(f"Parish number {person.id}")
    action = factories.make_action(case, campaign_lead, kind=ActionKind.HEARING_ACCOMPANIMENT, title="Court watch")
    actions.pledge_for_congregation(action, congregation, 4, "We will drive", campaign_lead)
    actions.public_pledge(action, "Neighbour Example", "neighbour@example.org", 2, None)
    actions.file_report(action, campaign_lead, f"{name} was accompanied", date.today(), time(9, 0))
    calendars.create_feed(legal, case)
    db.session.commit()

    approved = [letter.id for letter in letters.approved_letters(case)]
    # Kept split into volumes too (a limit of about 1 kB: one exhibit a volume), so the purge meets them.
    limit, current_app.config["TRACKER_PACKET_MAX_MB"] = current_app.config["TRACKER_PACKET_MAX_MB"], 0.001
    try:
        packets.build_and_keep(case, packets.PacketChoices(
            recipient_kind=Recipient.ICE, recipient="Field Office Director", cover_text=f"Please let {name} stay.",
            letter_ids=approved, include_petition=True), legal, split=True)
    finally:
        current_app.config["TRACKER_PACKET_MAX_MB"] = limit
    update = CampaignUpdate(campaign_id=campaign.id, subject=f"News for {name}", body=f"{name} had a hearing",
                            sent_on=date.today(), sent_by_id=campaign_lead.id)
    db.session.add(update)
    db.session.flush()
    db.session.add_all([
        _mail("campaign.update", update, f"signer@{slug}.example.org", f"{name} had a hearing — ¡gracias!"),
        _mail("letter.approved", spanish, None, None),  # sent: no address, no text
        # A digest is about the volunteer, but lists the case: "Zeferina, caso 12" and a link.
        _mail("weekly_digest", legal, legal.email,
              f"{name.split()[0]}, caso {case.id} — apelación: http://localhost/cases/{case.id}#event-{hearing.id}"),
        MailOptOut(address_index=f"{slug:x<64}"[:64], topic=f"campaign:{campaign.id}"),
    ])
    hearing_form = FormSubmission(nonce=f"hearing-form-{slug}", record_type="Event", record_id=hearing.id,
                                  target=f"/cases/{case.id}#event-{hearing.id}")
    letter_form = FormSubmission(nonce=f"letter-form-{slug}", record_type="Letter", record_id=spanish.id,
                                 target=f"/c/{slug}/letter?thanks=1")
    db.session.add_all([hearing_form, letter_form])
    # A text hidden from the public page when consent narrowed: it names a part of the legal name.
    db.session.add(UnfitText(case_id=case.id, record="campaign", record_id=campaign.id, field="story", reason="name",
                             words=name.split()[-1]))
    audit.record("person.view_restricted", target=person, case_id=case.id, detail="viewed address", user_id=legal.id)
    audit.record("access.denied", user_id=users["outsider"].id,
                 detail=f"GET /cases/{case.id}/edit (404): case {case.id} is not on the user's team")
    audit.record("access.denied", user_id=users["outsider"].id,
                 detail=f"GET /people/{person.id} (404): person {person.id} is not on the user's cases")
    db.session.commit()
    assert db.session.get(Campaign, campaign.id).petition is not None
    return Traces(case_id=case.id, person_id=person.id, name=name, a_number=a_number, address=address,
                  letter_text=letter_text, upload_text=upload_text, slug=slug, unused_upload_id=replaced.id,
                  campaign_id=campaign.id)


def _mail(kind: str, about, address: str | None, text: str | None) -> OutboxMessage:
    """An outbox row as the mail package writes it: a whole MIME message, encrypted."""
    content = None
    if text is not None:
        message = EmailMessage()
        message["Subject"] = kind
        message.set_content(text)  # non-ASCII text: the body goes out encoded, not as typed
        content = message.as_string()
    return OutboxMessage(kind=kind, about_type=type(about).__name__, about_id=about.id, to_address=address,
                         content=content, state=MailState.QUEUED if content else MailState.SENT)


def _stored(table: Table):
    """The table's columns as stored: ciphertext, not what the app decrypts."""
    return [
        type_coerce(column, column.type.impl if isinstance(column.type, TypeDecorator) else column.type)
        .label(column.name)
        for column in table.columns
    ]


def _key(table: Table, row) -> tuple:
    return tuple(row[column.name] for column in table.primary_key.columns)


def _class_names() -> dict[str, str]:
    """How records name each other by type (the audit log, form submissions): table -> class name."""
    return {mapper.local_table.name: mapper.class_.__name__ for mapper in db.Model.registry.mappers}


def _typed_references(table: Table) -> list[tuple]:
    """(type column, id column) pairs that name a record without a foreign key: record_type/record_id."""
    return [
        (column, table.columns[column.name.removesuffix("_type") + "_id"])
        for column in table.columns
        if column.name.endswith("_type") and column.name.removesuffix("_type") + "_id" in table.columns
    ]


def linked_rows(person_id: int) -> dict[str, dict[tuple, dict]]:
    """Every row, table by table, that refers to the person directly or through
    other rows (by foreign key, or by a record type and id), and the uploads
    those rows use; each row as stored."""
    tables = db.metadata.sorted_tables
    people = db.metadata.tables["people"]
    names = _class_names()
    found: dict[str, dict[tuple, dict]] = {"people": {}}

    def add(target: Table, condition) -> bool:
        grew = False
        for row in db.session.execute(select(*_stored(target)).where(condition)).mappings():
            key = _key(target, row)
            if key not in found.setdefault(target.name, {}):
                found[target.name][key] = dict(row)
                grew = True
        return grew

    add(people, people.c.id == person_id)
    growing = True
    while growing:
        growing = False
        for table in tables:
            for foreign_key in table.foreign_keys:
                parent, child = foreign_key.column.table, table
                # Rows referring to found rows; and uploads found rows refer to.
                if parent.name in found and child.name not in OWNED_BY_REFERENCE:
                    source, target, source_col, target_col = parent, child, foreign_key.column, foreign_key.parent
                elif child.name in found and parent.name in OWNED_BY_REFERENCE:
                    source, target, source_col, target_col = child, parent, foreign_key.parent, foreign_key.column
                else:
                    continue
                values = {row[source_col.name] for row in found[source.name].values()} - {None}
                if values:
                    growing |= add(target, target_col.in_(values))
            for type_column, id_column in _typed_references(table):
                for source, keyed in list(found.items()):
                    ids = {row["id"] for row in keyed.values() if "id" in row}
                    if source in names and ids:
                        growing |= add(table, (type_column == names[source]) & id_column.in_(ids))
    return found


def still_there(rows: dict[str, dict[tuple, dict]]) -> dict[str, dict[tuple, dict]]:
    """Of these rows, those the database still holds, as they are stored now."""
    tables = {table.name: table for table in db.metadata.sorted_tables}
    present = {}
    for name, keyed in rows.items():
        table = tables[name]
        for key, _row in keyed.items():
            condition = [column == value for column, value in zip(table.primary_key.columns, key, strict=True)]
            now = db.session.execute(select(*_stored(table)).where(*condition)).mappings().first()
            if now is not None:
                present.setdefault(name, {})[key] = dict(now)
    return present
