"""a letter keeps several files in order (letter_pages); each letter's one file becomes its first page

Revision ID: 00bf70b42e9b
Revises: b7e2c41d9a05
Create Date: 2026-11-25 20:49:54.398708

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '00bf70b42e9b'
down_revision = 'b7e2c41d9a05'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('letter_pages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('letter_id', sa.Integer(), nullable=False),
    sa.Column('stored_file_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['letter_id'], ['letters.id'], name=op.f('fk_letter_pages_letter_id_letters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stored_file_id'], ['stored_files.id'], name=op.f('fk_letter_pages_stored_file_id_stored_files'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_letter_pages'))
    )
    with op.batch_alter_table('letter_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_letter_pages_letter_id'), ['letter_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_letter_pages_stored_file_id'), ['stored_file_id'], unique=False)

    # The one file a letter had becomes its first (and only) page, before the column goes.
    op.execute(
        "INSERT INTO letter_pages (letter_id, stored_file_id, position) "
        "SELECT id, letter_file_id, 0 FROM letters WHERE letter_file_id IS NOT NULL ORDER BY id"
    )

    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_letters_letter_file_id_stored_files'), type_='foreignkey')
        batch_op.drop_column('letter_file_id')


def downgrade():
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('letter_file_id', sa.INTEGER(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_letters_letter_file_id_stored_files'), 'stored_files', ['letter_file_id'], ['id'], ondelete='SET NULL')

    # A letter keeps its first file; the files after it are no longer used by any record
    # (a purge removes them as unused uploads).
    op.execute(
        "UPDATE letters SET letter_file_id = (SELECT stored_file_id FROM letter_pages "
        "WHERE letter_pages.letter_id = letters.id ORDER BY position, id LIMIT 1)"
    )

    with op.batch_alter_table('letter_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_letter_pages_stored_file_id'))
        batch_op.drop_index(batch_op.f('ix_letter_pages_letter_id'))

    op.drop_table('letter_pages')
