"""After a purge nothing readable of the person is left: not in the SQLite file's
bytes (plain text, ciphertext, blind index, search key, uploads), not in any
text column, and no row refers to their ids (on either database)."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import String, Text, func, select, text, type_coerce
from sqlalchemy.types import TypeDecorator

from tests.purge import Browser, linked_rows
from tracker.extensions import db
from tracker.files.models import StoredFile
from tracker.people.models import a_number_index
from tracker.search import search_key

WINDOW = 48  # bytes; a stored value longer than a page is split, so it is looked for in pieces


def _sqlite_file() -> Path:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("reads the SQLite database file; on PostgreSQL the rows are checked below")
    return Path(db.engine.url.database)


def _stored_bytes(database: Path) -> bytes:
    """The database file and its write-ahead log (WAL mode): what is on disk."""
    log = database.with_name(database.name + "-wal")
    return database.read_bytes() + (log.read_bytes() if log.exists() else b"")


def _stored_values(rows: dict[str, dict[tuple, dict]]) -> set[bytes]:
    values = set()
    for keyed in rows.values():
        for row in keyed.values():
            for value in row.values():
                if isinstance(value, str):
                    value = value.encode("utf-8")
                if isinstance(value, bytes | memoryview) and len(value) >= 16:
                    values.add(bytes(value))
    return values


def _all_stored_values_now() -> set[bytes]:
    values = set()
    for table in db.metadata.sorted_tables:
        for row in db.session.execute(text(f"SELECT * FROM {table.name}")):
            for value in row:
                if isinstance(value, str):
                    values.add(value.encode("utf-8"))
                elif isinstance(value, bytes | memoryview):
                    values.add(bytes(value))
    return values


def _pieces(value: bytes):
    if len(value) <= WINDOW:
        yield value
        return
    for start in range(0, len(value) - WINDOW, 256):
        yield value[start:start + WINDOW]


def test_sqlite_runs_every_connection_with_secure_delete(app):
    _sqlite_file()
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_the_database_file_holds_no_byte_of_a_purged_person(two_people, live_server, users):
    """Purged through the real server, whose other threads keep their own connections."""
    purged, kept = two_people
    database = _sqlite_file()
    # As stored: ciphertext of the A-number, address, notes and uploads; the A-number's
    # blind index; the name's search key; every other text of their rows.
    stored = _stored_values(linked_rows(purged.person_id))
    unused = db.session.execute(
        select(type_coerce(StoredFile.content, StoredFile.content.type)).where(StoredFile.id == purged.unused_upload_id)
    ).scalar_one()
    stored.add(bytes(unused))
    index = a_number_index("999777654")
    plain = [purged.name, search_key(purged.name), purged.address, purged.letter_text, purged.slug, "999777654",
             "999-777-654", index, "Zeferina"]
    assert index.encode() in _stored_bytes(database)  # it was there to find

    status, _, page = Browser(live_server, users["admin"].email).post(
        f"/people/{purged.person_id}/purge", {"reason": "request", "first_name": "Zeferina"})
    assert status == 200 and b"The record was purged" in page

    with db.engine.connect() as connection:  # VACUUM ran: no freed page is kept in the file
        assert connection.exec_driver_sql("PRAGMA freelist_count").scalar() == 0
    data = _stored_bytes(database)
    assert [word for word in plain if word.encode("utf-8") in data] == []
    # Values shared with records that stay (a court's name, an enum) are not the person's.
    theirs = stored - _all_stored_values_now()
    assert len(theirs) > 25
    found = [value[:40] for value in theirs if any(piece in data for piece in _pieces(value))]
    assert found == []
    assert kept.name.encode() in data  # the file is read as it is, and the other person is in it


def _text_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            kind = column.type.impl if isinstance(column.type, TypeDecorator) else column.type
            if isinstance(kind, String | Text):
                yield table, column, kind


def _rows_naming(word: str) -> list[str]:
    named = []
    for table, column, kind in _text_columns():
        stored = func.lower(type_coerce(column, kind))
        count = db.session.scalar(select(func.count()).select_from(table).where(stored.contains(word.lower())))
        if count:
            named.append(f"{table.name}.{column.name}")
    return named


def test_no_text_column_names_the_purged_person_and_no_row_refers_to_their_ids(two_people, purge_as_admin):
    purged, kept = two_people
    assert "people.legal_name" in _rows_naming("Zeferina")

    purge_as_admin(purged)

    for word in ("Zeferina", "Purgeable", "Olvidada", "keep-zeferina-home", search_key(purged.name)):
        assert _rows_naming(word) == [], word
    assert "people.legal_name" in _rows_naming("Keepington")
    # Plain integer columns that name a case or a person (the audit log's case_id included).
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if column.name in ("case_id", "person_id"):
                ids = purged.case_id if column.name == "case_id" else purged.person_id
                assert db.session.scalar(select(func.count()).select_from(table).where(column == ids)) == 0, \
                    f"{table.name}.{column.name}"
