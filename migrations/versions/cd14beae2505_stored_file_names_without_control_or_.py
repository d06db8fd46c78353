"""stored file names without control or bidi characters

A name kept before uploads' names were cleaned can hold a NUL (a real server
refuses it in a download's header) or a right-to-left override (a disguise:
"invoice<U+202E>fdp.exe" reads as "invoiceexe.pdf"). Clean those names as
tracker.names.clean_file_name does (a copy of its rule: a revision must not
change when the application does).

Revision ID: cd14beae2505
Revises: a7e1c2d3f401
Create Date: 2026-11-25 18:05:00

"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cd14beae2505'
down_revision = 'a7e1c2d3f401'
branch_labels = None
depends_on = None

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
SPACES = re.compile(r"\s+")


def _clean(name):
    text = SPACES.sub(" ", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    text = "".join(c for c in text if c not in BIDI_CONTROLS and unicodedata.category(c) != "Cc")
    text = SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return text[:200].strip() or "upload"


def upgrade():
    files = sa.table("stored_files", sa.column("id", sa.Integer), sa.column("original_name", sa.String))
    connection = op.get_bind()
    for file_id, name in connection.execute(sa.select(files.c.id, files.c.original_name)).all():
        cleaned = _clean(name)
        if cleaned != name:
            connection.execute(files.update().where(files.c.id == file_id).values(original_name=cleaned))


def downgrade():
    pass  # the hidden characters are not worth keeping
