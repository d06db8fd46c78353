"""a packet split for an e-filing system's size limit keeps its numbered volumes: packet_volumes

Revision ID: a7c1d9e2f3b4
Revises: f1d2c3b4a5e6
Create Date: 2026-11-25 22:35:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c1d9e2f3b4'
down_revision = 'f1d2c3b4a5e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('packet_volumes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('packet_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('first_label', sa.String(length=40), nullable=False),
    sa.Column('last_label', sa.String(length=40), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['packet_id'], ['packets.id'], name=op.f('fk_packet_volumes_packet_id_packets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_packet_volumes')),
    sa.UniqueConstraint('packet_id', 'number', name='uq_packet_volumes_packet_number')
    )
    with op.batch_alter_table('packet_volumes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_packet_volumes_packet_id'), ['packet_id'], unique=False)


def downgrade():
    with op.batch_alter_table('packet_volumes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_packet_volumes_packet_id'))
    op.drop_table('packet_volumes')
