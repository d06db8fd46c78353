"""Fictional demo data (`flask --app tracker seed-demo`), so a newcomer sees a
working network: one module per domain, loaded in order by `load_demo`.

Every name, number and address in this package is invented.
"""
from __future__ import annotations

import os

import click
from sqlalchemy import select

from tracker.auth.models import User
from tracker.demo.accounts import DEFAULT_PASSWORD, DEMO_USERS, load_demo_accounts
from tracker.demo.actions import load_demo_actions
from tracker.demo.campaigns import load_demo_campaigns
from tracker.demo.cases import PEOPLE, load_demo_cases
from tracker.demo.letters import load_demo_letters
from tracker.extensions import db
from tracker.security import audit


def load_demo(password: str) -> dict[str, User]:
    """Create the demo users, people, cases, campaigns, letters and actions. Returns the users by email."""
    users = load_demo_accounts(password)
    cases = load_demo_cases(users)
    load_demo_campaigns(cases)
    load_demo_letters(cases, users)
    load_demo_actions(cases, users)
    audit.record("demo.seed", detail=f"{len(PEOPLE)} fictional people and cases")
    db.session.commit()
    return users


@click.command("seed-demo")
@click.option("--password", help=f"Password for every demo account (default: $DEMO_PASSWORD or {DEFAULT_PASSWORD}).")
def seed_demo(password: str | None) -> None:
    """Load fictional demo data once; does nothing if it is already loaded."""
    password = password or os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
    if db.session.scalar(select(User.id).where(User.email == DEMO_USERS[0][0])) is not None:
        click.echo("Demo data is already loaded; nothing changed. Demo sign-ins (with the password chosen then):")
    else:
        load_demo(password)
        click.echo(f"Loaded fictional demo data: {len(PEOPLE)} people and cases.")
        click.echo(f"Demo sign-ins (password: {password}):")
    for email, name, role in DEMO_USERS:
        click.echo(f"  {email:30} {role.label:30} {name}")
