"""petitions' signature counts kept by the database (triggers); no second index on signatures.petition_id

Revision ID: c3d8e1f0a2b7
Revises: a7c1d9e2f3b4
Create Date: 2026-11-26 01:00:00

Every signature added, deleted or moved moves its petition's `signature_count`
in the same statement, whoever writes it: the public sign form, a paper
signature, a purge, a bulk delete. The app no longer issues the UPDATE itself.

Careful: on SQLite, a batch migration that recreates the `signatures` table
drops these triggers with it; such a migration must create them again
(`tests/campaigning/test_signature_counter.py` fails otherwise).

The index on `signatures.petition_id` alone is dropped: the unique index on
(petition_id, email_index) starts with the same column and serves the same
lookups, and each signature no longer writes a second index.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d8e1f0a2b7'
down_revision = 'a7c1d9e2f3b4'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER signatures_counted AFTER INSERT ON signatures
       BEGIN UPDATE petitions SET signature_count = signature_count + 1 WHERE id = NEW.petition_id; END""",
    """CREATE TRIGGER signatures_uncounted AFTER DELETE ON signatures
       BEGIN UPDATE petitions SET signature_count = signature_count - 1 WHERE id = OLD.petition_id; END""",
    """CREATE TRIGGER signatures_moved AFTER UPDATE OF petition_id ON signatures
       WHEN OLD.petition_id IS NOT NEW.petition_id
       BEGIN
         UPDATE petitions SET signature_count = signature_count - 1 WHERE id = OLD.petition_id;
         UPDATE petitions SET signature_count = signature_count + 1 WHERE id = NEW.petition_id;
       END""",
]

POSTGRESQL_TRIGGERS = [
    """CREATE FUNCTION signatures_count() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP IN ('DELETE', 'UPDATE') THEN
           UPDATE petitions SET signature_count = signature_count - 1 WHERE id = OLD.petition_id;
         END IF;
         IF TG_OP IN ('INSERT', 'UPDATE') THEN
           UPDATE petitions SET signature_count = signature_count + 1 WHERE id = NEW.petition_id;
         END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER signatures_counted AFTER INSERT OR DELETE ON signatures
       FOR EACH ROW EXECUTE FUNCTION signatures_count()""",
    """CREATE TRIGGER signatures_moved AFTER UPDATE OF petition_id ON signatures
       FOR EACH ROW WHEN (OLD.petition_id IS DISTINCT FROM NEW.petition_id) EXECUTE FUNCTION signatures_count()""",
]


def upgrade():
    op.drop_index('ix_signatures_petition_id', table_name='signatures')
    dialect = op.get_bind().dialect.name
    for statement in POSTGRESQL_TRIGGERS if dialect == 'postgresql' else SQLITE_TRIGGERS:
        op.execute(statement)
    # Counted afresh once: from now on the database keeps the count.
    op.execute(
        "UPDATE petitions SET signature_count = "
        "(SELECT count(*) FROM signatures WHERE signatures.petition_id = petitions.id)"
    )


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP TRIGGER signatures_moved ON signatures")
        op.execute("DROP TRIGGER signatures_counted ON signatures")
        op.execute("DROP FUNCTION signatures_count()")
    else:
        for name in ('signatures_moved', 'signatures_uncounted', 'signatures_counted'):
            op.execute(f"DROP TRIGGER {name}")
    op.create_index('ix_signatures_petition_id', 'signatures', ['petition_id'], unique=False)
