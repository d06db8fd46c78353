"""deadlines keep their raw count beside the rolled date; a filing meets the deadline it answers

Revision ID: 3f1a9c2d7e10
Revises: 1c4c16e5bf2c
Create Date: 2026-11-25 17:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f1a9c2d7e10'
down_revision = '1c4c16e5bf2c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('raw_due_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('met_by_filing_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_events_met_by_filing_id'), ['met_by_filing_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_events_met_by_filing_id_filings'), 'filings',
                                    ['met_by_filing_id'], ['id'], ondelete='SET NULL')
    # Deadlines derived before roll-over existed were counted in plain calendar days:
    # that count is their raw date; BIA appeals and petitions for review move to the
    # next business day (and their day on the timeline too, unless a person set it).
    op.execute("UPDATE events SET raw_due_on = derived_due_on WHERE derived_due_on IS NOT NULL")
    _roll_existing_deadlines()


def _roll_existing_deadlines():
    from datetime import date, datetime, time, timedelta, timezone
    from zoneinfo import ZoneInfo

    import holidays

    events = sa.table('events', sa.column('id', sa.Integer), sa.column('rule', sa.String),
                      sa.column('raw_due_on', sa.Date), sa.column('derived_due_on', sa.Date),
                      sa.column('starts_at', sa.DateTime), sa.column('timezone', sa.String),
                      sa.column('overridden', sa.Boolean))
    connection = op.get_bind()
    rows = connection.execute(sa.select(events.c.id, events.c.raw_due_on, events.c.timezone, events.c.overridden)
                              .where(events.c.rule.in_(['bia_appeal', 'petition_for_review']),
                                     events.c.raw_due_on.is_not(None))).all()
    for row in rows:
        raw = row.raw_due_on if isinstance(row.raw_due_on, date) else date.fromisoformat(str(row.raw_due_on))
        due = raw
        while due.weekday() >= 5 or due in holidays.country_holidays('US', years=due.year):
            due += timedelta(days=1)
        if due == raw:
            continue
        values = {'derived_due_on': due}
        if not row.overridden:
            local = datetime.combine(due, time(0), tzinfo=ZoneInfo(row.timezone))
            values['starts_at'] = local.astimezone(timezone.utc).replace(tzinfo=None)
        connection.execute(events.update().where(events.c.id == row.id).values(**values))


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_events_met_by_filing_id_filings'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_events_met_by_filing_id'))
        batch_op.drop_column('met_by_filing_id')
        batch_op.drop_column('raw_due_on')
