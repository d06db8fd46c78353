"""case team access until a date and time

Revision ID: a9fa80eb402c
Revises: 9c70f00a22d8
Create Date: 2026-11-25 18:56:34.096571

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9fa80eb402c'
down_revision = '9c70f00a22d8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('case_team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('until', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('case_team', schema=None) as batch_op:
        batch_op.drop_column('until')

