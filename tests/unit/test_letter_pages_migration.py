"""The migration to several files per letter keeps the file every letter already had:
a database from before it, with a letter and its one upload, upgraded, has that
upload as the letter's first page (and, downgraded, gets it back as its file).
Run on SQLite, and on PostgreSQL when TEST_DATABASE_URL names one (a database of
its own, made and dropped here)."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tracker import create_app
from tracker.extensions import db

REVISION = "00bf70b42e9b"  # letter_pages
MIGRATIONS = str(Path(__file__).resolve().parents[2] / "migrations")
NOW = datetime(2026, 11, 1, 12, 0)


@pytest.fixture
def empty_database(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL")
    if not url or not url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'before.db'}"
        return
    own = make_url(url).set(database=f"{make_url(url).database}_migration")
    server = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{own.database}"'))
        connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    yield own.render_as_string(hide_password=False)
    with server.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
    server.dispose()


def _insert(table: str, **values) -> int:
    columns = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    return db.session.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"), values).scalar_one()


def _stored_file(name: str) -> int:
    return _insert("stored_files", storage_name=name * 2, original_name=f"{name}.pdf", kind="pdf", mime="application/pdf",
                   size=10, sha256="0" * 64, claimed=True, created_at=NOW)


def test_each_letter_s_one_file_becomes_its_first_page_and_comes_back_on_downgrade(empty_database):
    app = create_app({"TRACKER_ENV": "testing", "SQLALCHEMY_DATABASE_URI": empty_database})
    with app.app_context():
        before = ScriptDirectory(MIGRATIONS).get_revision(REVISION).down_revision
        upgrade(directory=MIGRATIONS, revision=before)
        person = _insert("people", legal_name="x", name_key="example", detention_status="not_detained",
                         created_at=NOW, updated_at=NOW)
        case = _insert("cases", person_id=person, stage="removal_proceedings", outcome="pending", g28_on_file=False,
                       consent_level="none", timezone="America/Chicago", created_at=NOW, updated_at=NOW)
        letter = {"case_id": case, "status": "received", "source": "staff", "relation": "family", "language": "English",
                  "created_at": NOW, "updated_at": NOW}
        scanned_file, photo_file = _stored_file("a"), _stored_file("b")
        scanned = _insert("letters", author_name="Scan Writer", letter_file_id=scanned_file, **letter)
        photo = _insert("letters", author_name="Photo Writer", letter_file_id=photo_file, **letter)
        typed = _insert("letters", author_name="Typed Writer", body="Typed.", **letter)
        db.session.commit()

        upgrade(directory=MIGRATIONS, revision=REVISION)
        pages = db.session.execute(text(
            "SELECT letter_id, stored_file_id, position FROM letter_pages ORDER BY letter_id")).all()
        assert [tuple(row) for row in pages] == [(scanned, scanned_file, 0), (photo, photo_file, 0)]
        assert typed not in {row.letter_id for row in pages}
        columns = {column["name"] for column in db.inspect(db.engine).get_columns("letters")}
        assert "letter_file_id" not in columns
        # A second file, then back: the letter keeps its first file.
        second = _stored_file("c")
        db.session.execute(text("INSERT INTO letter_pages (letter_id, stored_file_id, position) VALUES (:l, :f, 1)"),
                           {"l": scanned, "f": second})
        db.session.commit()

        downgrade(directory=MIGRATIONS, revision=before)
        kept = dict(db.session.execute(text("SELECT id, letter_file_id FROM letters")).all())
        assert kept == {scanned: scanned_file, photo: photo_file, typed: None}
        db.session.remove()
        db.engine.dispose()
