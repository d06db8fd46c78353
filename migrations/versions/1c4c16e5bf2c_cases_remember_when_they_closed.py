"""cases remember when they closed (retention counts from that day)

Revision ID: 1c4c16e5bf2c
Revises: 60d81d0073b5
Create Date: 2026-11-25 14:23:59.786001

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1c4c16e5bf2c'
down_revision = '60d81d0073b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_cases_closed_at'), ['closed_at'], unique=False)
    # Cases closed before this revision: the last change is the best date known.
    op.execute(
        "UPDATE cases SET closed_at = updated_at "
        "WHERE stage = 'closed' OR outcome IN ('relief_granted', 'terminated', 'removed')"
    )


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_closed_at'))
        batch_op.drop_column('closed_at')
