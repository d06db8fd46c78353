"""Fictional demo data (`flask --app tracker seed-demo`), so a newcomer sees a
working network: one module per domain, loaded in order by `load_demo`.

Every name, number and address in this package is invented.
"""
from __future__ import annotations

import os

import click
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from tracker.auth.models import User
from tracker.campaigns import fitness
from tracker.demo.accounts import DEFAULT_PASSWORD, DEMO_USERS, load_demo_accounts
from tracker.demo.actions import load_demo_actions
from tracker.demo.campaigns import load_demo_campaigns
from tracker.demo.cases import PEOPLE, load_demo_cases
from tracker.demo.detention import load_demo_detention
from tracker.demo.letters import load_demo_letters
from tracker.demo.tasks import load_demo_tasks
from tracker.extensions import db
from tracker.security import audit


def load_demo(password: str) -> dict[str, User]:
    """Create the demo users, people, cases, campaigns, letters and actions. Returns the users by email."""
    users = load_demo_accounts(password)
    cases = load_demo_cases(users)
    load_demo_campaigns(cases)
    load_demo_letters(cases, users)
    load_demo_actions(cases, users)
    load_demo_tasks(cases, users)
    load_demo_detention(cases, users)
    for case in cases:
        # As if saved through the forms: what the public pages may show is on record.
        fitness.recheck(case)
    audit.record("demo.seed", detail=f"{len(PEOPLE)} fictional people and cases")
    db.session.commit()
    return users


def _refusal() -> str | None:
    """Why demo data must not be loaded here: demo accounts sign in with a password
    printed in the README, so they never go where real people's files are."""
    demo_emails = [email for email, _name, _role in DEMO_USERS]
    real = db.session.scalar(select(func.count(User.id)).where(User.email.not_in(demo_emails)))
    if real:
        return _(
            "Refused: this database already has %(count)s account(s) that are not demo accounts, so it "
            "holds real work. Load the demo data into an empty database of its own.",
            count=real,
        )
    return None


@click.command("seed-demo")
@click.option("--password", help=f"Password for every demo account (default: $DEMO_PASSWORD or {DEFAULT_PASSWORD}).")
def seed_demo(password: str | None) -> None:
    """Load fictional demo data once; does nothing if it is already loaded. Refused in
    production and on a database with accounts of real people."""
    if current_app.config["TRACKER_ENV"] == "production":
        raise click.ClickException(_(
            "Refused: this is a production installation (TRACKER_ENV=production). Demo accounts sign in "
            "with a published password, so they never go into a real network's database."
        ))
    password = password or os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
    if db.session.scalar(select(User.id).where(User.email == DEMO_USERS[0][0])) is not None:
        click.echo("Demo data is already loaded; nothing changed. Demo sign-ins (with the password chosen then):")
    elif refusal := _refusal():
        raise click.ClickException(refusal)
    else:
        load_demo(password)
        click.echo(f"Loaded fictional demo data: {len(PEOPLE)} people and cases.")
        click.echo(f"Demo sign-ins (password: {password}):")
    for email, name, role in DEMO_USERS:
        click.echo(f"  {email:30} {role.label:30} {name}")
