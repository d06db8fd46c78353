"""campaigns keep one version of their public page: page_version, renewed by consent re-checks too

Revision ID: f1d2c3b4a5e6
Revises: 00bf70b42e9b
Create Date: 2026-11-25 21:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1d2c3b4a5e6'
down_revision = '00bf70b42e9b'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('public_version')


def downgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_version', sa.Integer(), server_default='1', nullable=False))
