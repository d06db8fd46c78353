"""`flask --app tracker users ...`: accounts from the command line (invite-only: no sign-up page)."""
from __future__ import annotations

import sys

import click
from flask import current_app
from sqlalchemy import select

from tracker.auth import services, sessions, two_factor
from tracker.auth.models import Role, User
from tracker.auth.passwords import password_problem
from tracker.extensions import db
from tracker.links import external_url
from tracker.mail import notices
from tracker.names import clean_name
from tracker.security import audit

NAME_MAX = 120  # as the admin page's name field (User.name)
users = click.Group("users", help="Create, list and disable user accounts.")


def _find(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == services.normalize_email(email)))
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    return user


def _typed_name(typed: str) -> str:
    """The name cleaned as every name field cleans it (tracker/names.py): NFC, no
    control or right-to-left override characters, single spaces."""
    name = clean_name(typed)
    if not name:
        raise click.ClickException(
            "The name is empty once spaces and invisible characters are removed: "
            "give --name the name colleagues know them by."
        )
    if len(name) > NAME_MAX:
        raise click.ClickException(f"The name is {len(name)} characters long; keep it to {NAME_MAX}.")
    return name


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in Role]), required=True)
@click.option("--name", help="Name shown to colleagues (default: the part of the email before @).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input instead of prompting.")
@click.option("--invite", is_flag=True, help="Set no password; print a one-time link for the user to choose one.")
def create_user(email: str, role: str, name: str | None, password_stdin: bool, invite: bool) -> None:
    """Create an account."""
    if services.account_email_problem(email) or len(email) > 254:
        raise click.ClickException(f"{email!r} is not a valid email address.")
    if services.email_taken(email):
        raise click.ClickException(f"An account with the email {email} already exists.")
    shown_name = _typed_name(name if name is not None else email.split("@")[0])
    password = None
    if not invite:
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        problem = password_problem(password, email)
        if problem:
            raise click.ClickException(problem)
    user = services.create_user(email, shown_name, Role(role), password=password)
    db.session.flush()
    link = None
    if invite:
        token = user.issue_setup_token(current_app.config["TRACKER_INVITE_HOURS"])
        notices.account_setup(user, token, new=True)
        link = external_url("auth.welcome", token=token)
    audit.record("user.create", target=user, detail=f"from the command line, role {role}")
    db.session.commit()
    click.echo(f"Created {user.email} ({user.role.label}).")
    if link:
        click.echo(f"The one-time link is queued to {user.email} (it leaves with the next `flask mail send`).")
        click.echo(f"You can also send it privately yourself; it works for {current_app.config['TRACKER_INVITE_HOURS']} hours:")
        click.echo(link)


@users.command("list")
def list_users() -> None:
    """List accounts with role and state."""
    for user in db.session.scalars(select(User).order_by(User.email)):
        state = "active" if user.active else "disabled"
        click.echo(f"{user.email:40} {user.role.value:13} {state}")


@users.command("disable")
@click.argument("email")
def disable_user(email: str) -> None:
    """Disable an account; its sessions end at once."""
    user = _find(email)
    user.active = False
    sessions.end_all(user)
    audit.record("user.disable", target=user, detail="from the command line")
    db.session.commit()
    click.echo(f"Disabled {user.email}.")


@users.command("enable")
@click.argument("email")
def enable_user(email: str) -> None:
    """Enable a disabled account again."""
    user = _find(email)
    user.active = True
    audit.record("user.enable", target=user, detail="from the command line")
    db.session.commit()
    click.echo(f"Enabled {user.email}.")


@users.command("reset-2fa")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Reset an account's second factor (a lost phone): every session ends; it is set up again at the next sign-in."""
    user = _find(email)
    two_factor.reset(user, by_admin=True, detail="from the command line")
    db.session.commit()
    click.echo(f"Reset two-factor sign-in of {user.email}; every session ended. They set it up at the next sign-in.")
