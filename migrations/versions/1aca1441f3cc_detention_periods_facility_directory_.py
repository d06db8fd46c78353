"""detention periods, facility directory, bonds

Revision ID: 1aca1441f3cc
Revises: 7a2c4e6b8d01
Create Date: 2026-11-25 18:05:39.047988

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1aca1441f3cc'
down_revision = '7a2c4e6b8d01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('facilities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('visiting_rules', sa.Text(), nullable=True),
    sa.Column('ice_field_office', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facilities')),
    sa.UniqueConstraint('name', name=op.f('uq_facilities_name'))
    )
    op.create_table('bonds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Integer(), nullable=False),
    sa.Column('set_by', sa.Enum('immigration_judge', 'ice', name='bondsetby', native_enum=False, length=40), nullable=False),
    sa.Column('set_on', sa.Date(), nullable=False),
    sa.Column('paid_by', sa.Enum('family', 'bond_fund', 'organization', name='bondpayer', native_enum=False, length=40), nullable=True),
    sa.Column('organization_contribution', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('set', 'posted', 'breached', 'cancelled', 'being_returned', 'returned', name='bondstatus', native_enum=False, length=40), nullable=False),
    sa.Column('returned_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_bonds_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_bonds_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_bonds'))
    )
    with op.batch_alter_table('bonds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_bonds_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_bonds_status'), ['status'], unique=False)

    op.create_table('detention_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('facility_id', sa.Integer(), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=True),
    sa.Column('ended_by', sa.Enum('transferred', 'released', 'removed', name='periodend', native_enum=False, length=40), nullable=True),
    sa.Column('transferred_from_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_detention_periods_case_id_cases'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['facility_id'], ['facilities.id'], name=op.f('fk_detention_periods_facility_id_facilities')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_detention_periods_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['transferred_from_id'], ['detention_periods.id'], name=op.f('fk_detention_periods_transferred_from_id_detention_periods'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_detention_periods'))
    )
    with op.batch_alter_table('detention_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_detention_periods_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_detention_periods_facility_id'), ['facility_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_detention_periods_transferred_from_id'), ['transferred_from_id'], unique=False)



def downgrade():
    with op.batch_alter_table('detention_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_detention_periods_transferred_from_id'))
        batch_op.drop_index(batch_op.f('ix_detention_periods_facility_id'))
        batch_op.drop_index(batch_op.f('ix_detention_periods_case_id'))

    op.drop_table('detention_periods')
    with op.batch_alter_table('bonds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_bonds_status'))
        batch_op.drop_index(batch_op.f('ix_bonds_case_id'))

    op.drop_table('bonds')
    op.drop_table('facilities')
