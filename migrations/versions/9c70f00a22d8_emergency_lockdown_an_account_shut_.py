"""emergency lockdown: an account shut until an admin restores it

Revision ID: 9c70f00a22d8
Revises: b65dff7fc3f6
Create Date: 2026-11-25 18:51:36.140064

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c70f00a22d8'
down_revision = 'b65dff7fc3f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locked_down_at', sa.DateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locked_down_at')

