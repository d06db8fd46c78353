"""The case file a team hands to the attorney before a purge: one ZIP with the
last packet PDF (if one was built; its volumes too if it was split), and the timeline, the filings, the
letters' metadata, the tasks, the detention periods and the bonds as JSON
(one file) and CSV (one file each).

It is built in memory while the request still holds its database session,
then sent: nothing is read from the database after the response starts.
"""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date, datetime
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload, undefer

from tracker.campaigns.services import neutralize
from tracker.cases.models import Case, Filing
from tracker.detention.bonds import bonds_of
from tracker.detention.services import periods_of
from tracker.extensions import db
from tracker.letters.models import Letter, LetterPage
from tracker.packets.models import Packet
from tracker.packets.services import packet_pdf, volume_name, volume_pdf
from tracker.people import a_number as a_numbers
from tracker.tasks.services import tasks_of
from tracker.timeline.models import Event
from tracker.types import utcnow

TIMELINE_COLUMNS = [
    "id", "kind", "title", "starts_at", "ends_at", "all_day", "timezone", "location", "outcome", "notes",
    "visibility", "decided_by", "final_order", "derived_rule", "derived_from_entry", "derived_due_on",
    "raw_due_on", "met_by_filing", "completed_at", "dismissed_at", "last_verified_on", "removed_at", "recorded_at", "recorded_by",
]
FILING_COLUMNS = ["id", "kind", "status", "filed_on", "decided_on", "receipt_number", "notes", "updated_at"]
LETTER_COLUMNS = [
    "id", "author_name", "relation", "relationship_detail", "known_for", "organization", "language", "status",
    "source", "has_text", "letter_files", "has_id_copy", "translation", "translator_name",
    "translation_certified_on", "submitted_at", "reviewed_at",
]


def _value(value):
    if isinstance(value, list):  # a CSV cell holds the names one after another
        return " | ".join(str(item) for item in value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _timeline(case: Case) -> list[dict]:
    events = db.session.scalars(
        select(Event).where(Event.case_id == case.id)
        .options(undefer(Event.notes), joinedload(Event.recorded_by))
        .order_by(Event.starts_at, Event.id)
    ).unique()
    return [
        {
            "id": event.id, "kind": event.kind, "title": event.label, "starts_at": event.local_start,
            "ends_at": event.local_end, "all_day": event.all_day, "timezone": event.timezone,
            "location": event.location, "outcome": event.outcome, "notes": event.notes,
            "visibility": event.visibility, "decided_by": event.decided_by, "final_order": event.final_order,
            "derived_rule": event.rule, "derived_from_entry": event.trigger_id, "derived_due_on": event.derived_due_on,
            "raw_due_on": event.raw_due_on, "met_by_filing": event.met_by_filing_id,
            "completed_at": event.completed_at, "dismissed_at": event.dismissed_at,
            "last_verified_on": event.last_verified_on, "removed_at": event.removed_at,
            "recorded_at": event.recorded_at, "recorded_by": event.recorded_by.name if event.recorded_by else None,
        }
        for event in events
    ]


def _filings(case: Case) -> list[dict]:
    filings = db.session.scalars(
        select(Filing).where(Filing.case_id == case.id).options(undefer(Filing.notes)).order_by(Filing.id)
    )
    return [{column: getattr(filing, column) for column in FILING_COLUMNS} for filing in filings]


def _letters(case: Case) -> list[dict]:
    letters = db.session.scalars(
        select(Letter).where(Letter.case_id == case.id)
        .options(selectinload(Letter.pages).joinedload(LetterPage.file), joinedload(Letter.translation_file))
        .order_by(Letter.id)
    )
    rows = []
    for letter in letters:
        translation = "text" if letter.translation_text else ("file" if letter.translation_file_id else None)
        rows.append({
            **{column: getattr(letter, column) for column in LETTER_COLUMNS[:9]},
            "has_text": bool(letter.body),
            # The uploaded files' names, in the letter's order.
            "letter_files": [page.file.display_name for page in letter.pages],
            "has_id_copy": letter.id_copy_file_id is not None,
            "translation": translation,
            "translator_name": letter.translator_name,
            "translation_certified_on": letter.translation_certified_on,
            "submitted_at": letter.submitted_at,
            "reviewed_at": letter.reviewed_at,
        })
    return rows


TASK_COLUMNS = ["id", "title", "assigned_to", "due_on", "done_at", "created_at"]
DETENTION_COLUMNS = ["id", "facility", "facility_address", "from_date", "to_date", "ended_by", "transferred_from"]
BOND_COLUMNS = ["id", "amount", "set_by", "set_on", "paid_by", "organization_contribution", "status", "returned_on"]


def _tasks(case: Case) -> list[dict]:
    return [
        {"id": task.id, "title": task.title, "assigned_to": task.assignee.name if task.assignee else None,
         "due_on": task.due_on, "done_at": task.done_at, "created_at": task.created_at}
        for task in tasks_of(case)
    ]


def _detention(case: Case) -> list[dict]:
    return [
        {"id": period.id, "facility": period.facility.name, "facility_address": period.facility.address,
         "from_date": period.from_date, "to_date": period.to_date, "ended_by": period.ended_by,
         "transferred_from": period.transferred_from_id}
        for period in periods_of(case)
    ]


def _bonds(case: Case) -> list[dict]:
    return [{column: getattr(bond, column) for column in BOND_COLUMNS} for bond in bonds_of(case)]


def _case_summary(case: Case) -> dict:
    person = case.person
    return {
        "case_id": case.id, "legal_name": person.legal_name, "preferred_name": person.preferred_name,
        "a_number": a_numbers.display(person.a_number) if person.a_number else None,
        "stage": case.stage, "outcome": case.outcome, "court": case.court, "judge": case.judge,
        "ice_field_office": case.ice_field_office, "attorney": case.attorney, "organization": case.organization,
        "g28_on_file": case.g28_on_file, "closed_at": case.closed_at,
    }


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheets then read the accents and scripts right
    # Every field quoted, and nothing a spreadsheet would run as a formula.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        cells = (_value(row[column]) for column in columns)
        writer.writerow(neutralize(cell) if isinstance(cell, str) else ("" if cell is None else cell) for cell in cells)
    return buffer.getvalue().encode("utf-8")


def last_packet(case: Case) -> Packet | None:
    return db.session.scalar(select(Packet).where(Packet.case_id == case.id).order_by(Packet.version.desc()).limit(1))


def build(case: Case) -> bytes:
    """The ZIP, as bytes."""
    timeline, filings, letters = _timeline(case), _filings(case), _letters(case)
    tasks, detention, bonds = _tasks(case), _detention(case), _bonds(case)
    packet = last_packet(case)
    packet_name = f"packet-v{packet.version}.pdf" if packet else None
    export = {
        "exported_at": utcnow(),
        "case": _case_summary(case),
        "last_packet": {"file": packet_name, "version": packet.version, "built_at": packet.built_at,
                        "pages": packet.page_count, "sha256": packet.sha256,
                        "volumes": [{"file": f"volumes/{volume_name(packet, volume)}", "number": volume.number,
                                     "pages": volume.page_count, "sha256": volume.sha256,
                                     "exhibits": [volume.first_label, volume.last_label]} for volume in packet.volumes],
                        } if packet else None,
        "timeline": timeline,
        "filings": filings,
        "letters": letters,
        "tasks": tasks,
        "detention": detention,
        "bonds": bonds,
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("case-file.json", json.dumps(export, default=_value, ensure_ascii=False, indent=2))
        bundle.writestr("timeline.csv", _csv(TIMELINE_COLUMNS, timeline))
        bundle.writestr("filings.csv", _csv(FILING_COLUMNS, filings))
        bundle.writestr("letters.csv", _csv(LETTER_COLUMNS, letters))
        bundle.writestr("tasks.csv", _csv(TASK_COLUMNS, tasks))
        bundle.writestr("detention.csv", _csv(DETENTION_COLUMNS, detention))
        bundle.writestr("bonds.csv", _csv(BOND_COLUMNS, bonds))
        if packet:
            bundle.writestr(packet_name, packet_pdf(packet))
            for volume in packet.volumes:
                bundle.writestr(f"volumes/{volume_name(packet, volume)}", volume_pdf(volume))
    return archive.getvalue()
