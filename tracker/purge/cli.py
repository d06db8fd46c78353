"""`flask --app tracker purge due [--dry-run]` and `purge person ID --confirm FIRSTNAME`.

`purge due` is meant for cron: it prints one line per case past retention
(its id and how long it has been closed, never a name or an A-number),
nothing when no case is due, and exits 0 unless a purge failed.
"""
from __future__ import annotations

import click
from sqlalchemy.exc import SQLAlchemyError

from tracker.cases.models import Case
from tracker.extensions import db
from tracker.people.models import Person
from tracker.purge import services
from tracker.purge.services import PurgeReason

purge = click.Group("purge", help="Purge people's records; list or purge closed cases past retention.")


@purge.command("due")
@click.option("--dry-run", is_flag=True, help="Only list the cases; purge nothing.")
def due(dry_run: bool) -> None:
    """List or purge the cases closed for longer than TRACKER_RETENTION_DAYS."""
    cases = [(case.id, services.days_closed(case)) for case in db.session.scalars(services.due_query()).unique()]
    failed = purged = 0
    for case_id, days in cases:
        if dry_run:
            click.echo(f"case {case_id}: closed {days} days ago: due for purge")
            continue
        case = db.session.get(Case, case_id)
        try:
            result = services.purge(services.scope_for_case(case), None, PurgeReason.RETENTION, via="command line")
            db.session.commit()
        except SQLAlchemyError as error:
            db.session.rollback()
            failed += 1
            click.echo(f"case {case_id}: closed {days} days ago: NOT purged ({type(error).__name__}); "
                       "nothing of it was deleted", err=True)
            continue
        purged += 1
        person = "; the person's record too (it was their last case)" if result.person_removed else ""
        click.echo(f"case {case_id}: closed {days} days ago: purged, {result.total} records{person}")
    if purged:
        services.vacuum()
    if failed:
        raise SystemExit(1)


@purge.command("person")
@click.argument("person_id", type=int)
@click.option("--confirm", "first_name", required=True, help="The person's first name, as a second confirmation.")
@click.option("--reason", type=click.Choice([reason.value for reason in PurgeReason]),
              default=PurgeReason.REQUEST.value, show_default=True)
def person(person_id: int, first_name: str, reason: str) -> None:
    """Purge PERSON_ID: the person, every case of theirs and everything in them."""
    record = db.session.get(Person, person_id)
    if record is None:
        raise click.ClickException(f"There is no person {person_id}.")
    if not services.name_confirms(record, first_name):
        raise click.ClickException(f"That is not the first name of person {person_id}. Nothing was purged.")
    try:
        result = services.purge(services.scope_for_person(record), None, PurgeReason(reason), via="command line")
        db.session.commit()
    except SQLAlchemyError as error:
        db.session.rollback()
        raise click.ClickException(f"The purge failed ({type(error).__name__}); nothing was deleted.") from error
    services.vacuum()
    click.echo(f"person {person_id}: purged, {result.total} records "
               f"({result.audit_deleted} audit entries deleted, {result.audit_scrubbed} scrubbed)")
