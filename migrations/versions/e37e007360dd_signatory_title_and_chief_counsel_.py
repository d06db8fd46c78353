"""signatory title and chief counsel offices per court

Revision ID: e37e007360dd
Revises: cd14beae2505
Create Date: 2026-11-25 18:09:22.129112

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e37e007360dd'
down_revision = 'cd14beae2505'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('court_offices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('court', sa.String(length=200), nullable=False),
    sa.Column('chief_counsel_address', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_court_offices')),
    sa.UniqueConstraint('court', name=op.f('uq_court_offices_court'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title', sa.String(length=120), nullable=True))



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('title')

    op.drop_table('court_offices')
