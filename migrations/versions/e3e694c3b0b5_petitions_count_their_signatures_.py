"""petitions count their signatures; campaigns carry the version of their public page

Revision ID: e3e694c3b0b5
Revises: e37e007360dd
Create Date: 2026-11-25 17:47:55.600103

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3e694c3b0b5'
down_revision = 'e37e007360dd'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_version', sa.String(length=32), server_default='initial', nullable=False))

    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signature_count', sa.Integer(), server_default='0', nullable=False))

    # The signatures already there, counted once; from now on the app keeps the count.
    op.execute(
        "UPDATE petitions SET signature_count = "
        "(SELECT count(*) FROM signatures WHERE signatures.petition_id = petitions.id)"
    )


def downgrade():
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_column('signature_count')

    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('page_version')
