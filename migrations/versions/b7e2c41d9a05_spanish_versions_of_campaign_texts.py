"""optional Spanish versions of the public campaign texts (campaign, petition, actions)

Revision ID: b7e2c41d9a05
Revises: e3e694c3b0b5
Create Date: 2026-11-25 21:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e2c41d9a05'
down_revision = 'e3e694c3b0b5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('headline_es', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('story_es', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('ask_es', sa.Text(), nullable=True))
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_es', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('ask_es', sa.Text(), nullable=True))
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_es', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('description_es', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('script_es', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_column('script_es')
        batch_op.drop_column('description_es')
        batch_op.drop_column('title_es')
    with op.batch_alter_table('petitions', schema=None) as batch_op:
        batch_op.drop_column('ask_es')
        batch_op.drop_column('title_es')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('ask_es')
        batch_op.drop_column('story_es')
        batch_op.drop_column('headline_es')
