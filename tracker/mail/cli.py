"""`flask --app tracker mail send | schedule | status`: the outbox from the command line.

Run `mail send` every minute (README, Mail): it queues the scheduled messages
that are due (reminders, digests, alerts, campaign updates), forgets the
bodies of old failed messages, and delivers what is due.
"""
from __future__ import annotations

import click
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.mail import schedule as scheduled
from tracker.mail import sender
from tracker.mail.models import MailState, OutboxMessage
from tracker.types import utcnow

mail = click.Group("mail", help="Send the outbox, queue scheduled messages, show the queue.")


@mail.command("schedule")
def schedule_command() -> None:
    """Queue the reminders, digests, alerts and campaign updates that are due (safe to run twice)."""
    counts = scheduled.queue_due(utcnow())
    db.session.commit()
    new = [f"{count} {what}" for what, count in counts.items() if count]
    click.echo("Queued: " + (", ".join(new) or "nothing new") + ".")


@mail.command("send")
@click.option("--no-schedule", is_flag=True, help="Only deliver; do not queue scheduled messages first.")
def send_command(no_schedule: bool) -> None:
    """Deliver the messages that are due; one line per message."""
    if not no_schedule:
        scheduled.queue_due(utcnow())
        db.session.commit()
    now = utcnow()  # after scheduling: what was just queued is due too
    sender.forget_old_bodies(now)
    report = sender.deliver_due(now)
    for delivery in report.deliveries:
        click.echo(delivery.line())
    if not report.deliveries:
        click.echo("Nothing to send.")


@mail.command("status")
def status_command() -> None:
    """The queue: how many messages in each state, and the oldest one waiting. No addresses, no bodies."""
    counts = dict(db.session.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all())
    for state in MailState:
        click.echo(f"{state.value:8} {counts.get(state, 0):>7}")
    oldest = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.kind, OutboxMessage.created_at, OutboxMessage.next_attempt_at, OutboxMessage.attempts)
        .where(OutboxMessage.state == MailState.QUEUED)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(1)
    ).first()
    if oldest is None:
        click.echo("Nothing is waiting.")
    else:
        waited = utcnow() - oldest.created_at
        click.echo(
            f"Oldest waiting: #{oldest.id} {oldest.kind}, queued {int(waited.total_seconds() // 60)} minutes ago, "
            f"{oldest.attempts} attempts, next try {oldest.next_attempt_at:%Y-%m-%d %H:%M} UTC."
        )
    failed = db.session.execute(
        select(OutboxMessage.kind, func.count())
        .where(OutboxMessage.state == MailState.FAILED)
        .group_by(OutboxMessage.kind)
        .order_by(OutboxMessage.kind)
    ).all()
    for kind, count in failed:
        click.echo(f"failed   {kind}: {count}")
