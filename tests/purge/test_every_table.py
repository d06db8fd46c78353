"""A purge deletes every row that leads back to the person, table by table, and
nothing of anyone else. The rows are found by walking the foreign keys of
`db.metadata`, so a table added later is walked too; and a table that refers
to a case but that the purge does not know fails the first test here."""
from __future__ import annotations

import re

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table
from sqlalchemy.exc import OperationalError

from tests.purge import OWNED_BY_REFERENCE, linked_rows, still_there
from tracker.extensions import db
from tracker.mail.models import MailOptOut, OutboxMessage
from tracker.purge import services
from tracker.purge.records import NOT_CASE_DATA, PURGED_TABLES
from tracker.security.audit import AuditEntry

# An id column without a foreign key (case_id, record_id, target_id…) refers to a
# record the walk cannot follow: the purge must say what it does with that table.
ID_COLUMN = re.compile(r"_id$")


def case_linked_tables(metadata: MetaData) -> set[str]:
    """Tables whose rows lead back to a person or a case: through foreign keys,
    by an id column without a foreign key, or as uploads such rows use."""
    linked = {"people"}
    growing = True
    while growing:
        growing = False
        for table in metadata.sorted_tables:
            refers = any(key.column.table.name in linked for key in table.foreign_keys)
            used = table.name in OWNED_BY_REFERENCE and any(
                key.column.table is table for other in metadata.sorted_tables if other.name in linked
                for key in other.foreign_keys
            )
            plain_id = any(ID_COLUMN.search(column.name) and not column.foreign_keys for column in table.columns)
            if table.name not in linked and (refers or used or plain_id):
                linked.add(table.name)
                growing = True
    return linked


def unhandled(metadata: MetaData) -> set[str]:
    return case_linked_tables(metadata) - PURGED_TABLES - set(NOT_CASE_DATA)


def test_every_table_that_leads_back_to_a_case_is_purged_or_said_not_to_be_case_data(app):
    assert unhandled(db.metadata) == set(), (
        "these tables hold case data the purge does not delete: add a step to tracker/purge/records.py"
    )
    assert "stored_files" in case_linked_tables(db.metadata)


def test_a_new_table_referring_to_a_case_is_caught_until_the_purge_handles_it(app):
    metadata = MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(metadata)
    Table("hearing_transcripts", metadata, Column("id", Integer, primary_key=True),
          Column("event_id", ForeignKey("events.id", ondelete="SET NULL")))
    Table("sms_outbox", metadata, Column("id", Integer, primary_key=True), Column("case_id", Integer))
    Table("bookmarks", metadata, Column("id", Integer, primary_key=True), Column("record_type", String(40)),
          Column("record_id", Integer))
    assert unhandled(metadata) == {"hearing_transcripts", "sms_outbox", "bookmarks"}


def test_the_purge_leaves_no_row_of_the_person_in_any_table_and_changes_no_one_elses(two_people, purge_as_admin):
    purged, kept = two_people
    theirs, others = linked_rows(purged.person_id), linked_rows(kept.person_id)
    # The fixture holds a record of every kind the purge knows, so the check below covers them all,
    # and audit entries naming their records by type and id. (Unsubscribes name a campaign inside
    # a text, "campaign:12", which no walk follows: they are checked below.)
    assert set(theirs) | {"mail_opt_outs"} == PURGED_TABLES | {"audit_entries"}
    # One digest each, built in this order by the fixture (their text is encoded: see outbox.py).
    purged_digest, kept_digest = [message.id for message in
                                  OutboxMessage.query.filter_by(kind="weekly_digest").order_by(OutboxMessage.id)]
    opt_outs = {topic: MailOptOut.query.filter_by(topic=topic).one().id
                for topic in (f"campaign:{purged.campaign_id}", f"campaign:{kept.campaign_id}")}

    response = purge_as_admin(purged)

    assert response.status_code == 302
    assert still_there(theirs) == {}
    assert still_there(others) == others
    assert db.session.get(services.StoredFile, purged.unused_upload_id) is None
    # The digest waiting for the legal volunteer named the person by first name and case number.
    assert db.session.get(OutboxMessage, purged_digest) is None
    assert db.session.get(OutboxMessage, kept_digest) is not None
    assert db.session.get(MailOptOut, opt_outs[f"campaign:{purged.campaign_id}"]) is None
    assert db.session.get(MailOptOut, opt_outs[f"campaign:{kept.campaign_id}"]) is not None


def test_one_audit_entry_says_a_purge_happened_and_none_leads_back_to_the_person(two_people, purge_as_admin, users):
    purged, kept = two_people
    about_kept = {entry.id: (entry.action, entry.detail) for entry in AuditEntry.query.filter_by(case_id=kept.case_id)}
    assert about_kept

    purge_as_admin(purged)

    entries = AuditEntry.query.order_by(AuditEntry.id).all()
    purges = [entry for entry in entries if entry.action.startswith("purge.")]
    assert len(purges) == 1
    entry = purges[0]
    assert (entry.user_id, entry.case_id, entry.target_type, entry.target_id) == (users["admin"].id, None, None, None)
    # Counts by table; the invitation's requested letter is the third letter. Uploads nobody uses
    # any more (one replaced draft in each fixture case) cannot be told apart, so both go. The 500
    # characters cut the last details (pledges and after: the row walk of the test above sees them gone).
    for kind in ("people 1", "cases 1", "letters 3", "signatures 1", "packets 1", "packet_volumes 3", "stored_files 4",
                 "unused_uploads 2", "calendar_feeds 1"):
        assert f"{kind}," in entry.detail or entry.detail.endswith(kind) or f"{kind};" in entry.detail
    words = ["Zeferina", "Purgeable", "999777654", "999-777-654", "keep-zeferina-home"]
    references = [f"case {purged.case_id}", f"/cases/{purged.case_id}", f"person {purged.person_id}",
                  f"/people/{purged.person_id}"]
    for other in entries:
        text = other.detail or ""
        assert other.case_id != purged.case_id
        assert (other.target_type, other.target_id) != ("Person", purged.person_id)
        assert not [word for word in words + references if re.search(rf"{re.escape(word)}\b", text)], text
    # The refusals stay (who was refused, when, from where), without what they were about.
    denials = [entry for entry in entries if entry.action == "access.denied" and entry.user_id == users["outsider"].id]
    assert len(denials) == 4
    assert sum(entry.detail == "a request about a record since purged" for entry in denials) == 2
    assert {entry.id: (entry.action, entry.detail) for entry in AuditEntry.query.filter_by(case_id=kept.case_id)} \
        == about_kept


def test_the_audit_log_page_shows_the_purge_but_not_the_name(two_people, purge_as_admin, login_as):
    purged, kept = two_people
    admin = login_as("admin")
    assert str(purged.case_id) in admin.text(f"/admin/audit?case={purged.case_id}")
    purge_as_admin(purged)

    page = admin.text("/admin/audit")
    assert "purge.person" in page
    assert "Zeferina" not in page and "999-777-654" not in page
    assert "No entries match." in admin.text(f"/admin/audit?case={purged.case_id}")
    assert "No entries match." not in admin.text(f"/admin/audit?case={kept.case_id}")


def test_an_error_half_way_leaves_everything_in_place(two_people, purge_as_admin, monkeypatch):
    purged, _ = two_people
    theirs = linked_rows(purged.person_id)
    not_sign_ins = ~AuditEntry.action.startswith("auth.")
    entries = AuditEntry.query.filter(not_sign_ins).count()

    def disk_fails():
        raise OperationalError("DELETE FROM stored_files", {}, Exception("disk I/O error"))

    # Every table of the person is already deleted inside the transaction when this runs.
    monkeypatch.setattr(services, "unused_uploads", disk_fails)
    response = purge_as_admin(purged)

    assert response.status_code == 400
    assert "nothing was deleted" in response.get_data(as_text=True)
    assert still_there(theirs) == theirs
    assert AuditEntry.query.filter(not_sign_ins).count() == entries
    assert AuditEntry.query.filter(AuditEntry.action.startswith("purge.")).count() == 0
