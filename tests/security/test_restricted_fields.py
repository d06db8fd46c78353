"""Restricted fields reach only the roles that may see them, and never sit in the database in clear."""
from datetime import date

import pytest
from sqlalchemy import text

from tests import factories
from tracker.cases.models import Filing, FilingKind
from tracker.extensions import db
from tracker.security.audit import AuditEntry
from tracker.timeline.models import EventKind

SECRETS = {
    "address": "4521 Hiddenvale Court",
    "phone": "(312) 555-0177",
    "legal_notes": "Strategy-note-QX7",
    "criminal_history": "Old-citation-ZZ9",
    "event_notes": "Event-note-KP4",
    "filing_notes": "Filing-note-MM2",
}


@pytest.fixture
def secret_case(app, users):
    person = factories.make_person(
        "Sofia Restricted Example", a_number="999-222-333", birth_date=date(1983, 2, 14), phone=SECRETS["phone"],
        address=SECRETS["address"], legal_notes=SECRETS["legal_notes"], criminal_history=SECRETS["criminal_history"],
    )
    case = factories.make_case(person, team=[users["legal"], users["campaign"]])
    event = factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=3, actor=users["legal"], notes=SECRETS["event_notes"])
    db.session.add(Filing(case_id=case.id, kind=FilingKind.BOND_REQUEST, notes=SECRETS["filing_notes"]))
    db.session.commit()
    return case, event


def _pages(case, event):
    return ["/", "/cases", "/people", f"/cases/{case.id}", f"/people/{case.person_id}", f"/events/{event.id}/history"]


def test_campaign_leads_see_the_a_number_but_no_other_restricted_field(secret_case, login_as):
    case, event = secret_case
    client = login_as("campaign")
    html = "".join(client.text(page) for page in _pages(case, event))
    html += client.submit("/search", {"q": "Sofia"}).get_data(as_text=True)
    for value in [*SECRETS.values(), "14 Feb 1983", "1983-02-14"]:
        assert value not in html
    assert "999-222-333" in client.text(f"/cases/{case.id}")


def test_legal_volunteers_see_every_restricted_field_of_their_case(secret_case, login_as):
    case, event = secret_case
    client = login_as("legal")
    person_page = client.text(f"/people/{case.person_id}")
    case_page = client.text(f"/cases/{case.id}")
    for key in ("address", "phone", "legal_notes", "criminal_history"):
        assert SECRETS[key] in person_page
    assert SECRETS["event_notes"] in case_page and SECRETS["filing_notes"] in case_page


def test_reading_restricted_fields_is_audited(secret_case, login_as, users):
    case, _ = secret_case
    login_as("legal").text(f"/people/{case.person_id}")
    entry = AuditEntry.query.filter_by(action="person.view_restricted", user_id=users["legal"].id).one()
    assert entry.target_id == case.person_id
    assert "4521" not in (entry.detail or "")


def test_no_restricted_value_is_stored_in_clear(secret_case, app):
    case, _ = secret_case
    plain = ["999222333", "999-222-333", "22233", "1983-02-14", *SECRETS.values()]
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(text(f"SELECT * FROM {table.name}")):
            cells = " ".join(str(cell) for cell in row)
            for value in plain:
                assert value not in cells, f"{value!r} in clear in {table.name}"


def test_the_sqlite_file_holds_no_plaintext_a_number(secret_case, app):
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("sqlite:///"):
        pytest.skip("reads the SQLite file; the table test above covers PostgreSQL")
    db.session.commit()
    db.session.execute(text("PRAGMA wal_checkpoint(FULL)"))
    db.session.remove()
    data = open(url.removeprefix("sqlite:///"), "rb").read()
    for value in (b"999222333", b"999-222-333", SECRETS["address"].encode(), SECRETS["legal_notes"].encode()):
        assert value not in data
