"""The emails about accounts and support letters, each queued in the
transaction of the change it tells about.

Account notices (set-up link, password and two-factor changes) are
essential: no setting turns them off. Letter writers hear when their letter
arrived, when the team asks for a revision and when it is approved.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from tracker.campaigns.services import public_name
from tracker.links import external_url
from tracker.mail import kinds
from tracker.mail.compose import Recipient, mail_locale
from tracker.mail.services import email_address_in, queue

# --- Accounts ---------------------------------------------------------------


def account_setup(user, token: str, *, new: bool) -> int | None:
    """The one-time link to choose a password (a new account, or a reset an admin made)."""
    return queue(
        kinds.ACCOUNT_SETUP,
        Recipient.account(user),
        subject=_l("Your account at %(network)s", network=current_app.config["TRACKER_NETWORK_NAME"])
        if new else _l("A link to choose a new password"),
        context={
            "new": new,
            "link": external_url("auth.welcome", token=token),
            "hours": current_app.config["TRACKER_INVITE_HOURS"],
            "role": user.role.label,
        },
        about=user,
    )


def password_changed(user, *, when: datetime) -> int | None:
    """Tell the account its password changed, so a change its owner did not make is noticed."""
    return queue(
        kinds.PASSWORD_CHANGED,
        Recipient.account(user),
        subject=_l("Your password was changed"),
        context={"changed_at": when, "login_url": external_url("auth.login")},
        about=user,
    )


def two_factor_changed(user, *, enabled: bool, when: datetime, by_admin: bool = False) -> int | None:
    """For the two-factor sign-in work: call this in the transaction that turns
    two-factor sign-in on, off or resets it (`by_admin=True` when an admin did)."""
    return queue(
        kinds.TWO_FACTOR_CHANGED,
        Recipient.account(user),
        subject=_l("Two-factor sign-in was turned on") if enabled else _l("Two-factor sign-in was reset"),
        context={"enabled": enabled, "changed_at": when, "by_admin": by_admin, "login_url": external_url("auth.login")},
        about=user,
    )


def sign_in_failures(user, *, failures: int, hours: int, when: datetime) -> int | None:
    """Tell the account that someone keeps failing to sign in to it (tracker/auth/throttle.py)."""
    return queue(
        kinds.SIGN_IN_FAILURES,
        Recipient.account(user),
        subject=_l("Failed sign-ins to your account"),
        context={"failures": failures, "hours": hours, "at": when, "change_url": external_url("auth.account")},
        about=user,
    )


def sign_in_failures_to_admin(admin, *, account, failures: int, hours: int, when: datetime) -> int | None:
    """Tell an admin whose account is being guessed at, so they can check with its owner."""
    return queue(
        kinds.SIGN_IN_FAILURES_ADMIN,
        Recipient.account(admin),
        subject=_l("Failed sign-ins to the account of %(name)s", name=account.name),
        context={
            "name": account.name, "failures": failures, "hours": hours, "at": when,
            "user_url": external_url("admin.user", user_id=account.id),
        },
        about=account,
    )


def account_locked_down(admin, *, account, by_admin, when: datetime) -> int | None:
    """Tell an admin an account was locked down (by its holder or another admin): they restore it."""
    return queue(
        kinds.ACCOUNT_LOCKED_DOWN,
        Recipient.account(admin),
        subject=_l("The account of %(name)s was locked down", name=account.name),
        context={
            "name": account.name, "by_admin": by_admin.name if by_admin else None, "at": when,
            "user_url": external_url("admin.user", user_id=account.id),
        },
        about=account,
    )


# --- Support letters -----------------------------------------------------------


def _person_first_name(case) -> str | None:
    """How a writer's mail names the person: the first name the person's publicity
    consent allows, else nobody (the writer knows whom they write for)."""
    name = public_name(case)
    return name.split()[0] if name else None


def writer_address(letter) -> str | None:
    return email_address_in(letter.author_contact)


def _writer(letter) -> Recipient | None:
    address = writer_address(letter)
    if address is None:
        return None
    return Recipient.person(address, letter.writer_locale, letter.author_name)


def letter_invitation(letter, token: str, *, address: str, locale: str | None) -> int | None:
    """The invitation itself, with the writer's private link."""
    person = _person_first_name(letter.case)
    return queue(
        kinds.LETTER_INVITATION,
        Recipient.person(address, locale, letter.author_name),
        subject=_l("Will you write a support letter for %(name)s?", name=person)
        if person else _l("Will you write a support letter?"),
        context={
            "person": person,
            "link": external_url("letters.writer", token=token),
            "expires_on": letter.invitation.expires_at.date(),
        },
        about=letter,
        cases=[letter.case],
    )


def letter_received(letter) -> int | None:
    to = _writer(letter)
    if to is None:
        return None
    person = _person_first_name(letter.case)
    return queue(
        kinds.LETTER_RECEIVED,
        to,
        subject=_l("We received your letter for %(name)s", name=person) if person else _l("We received your letter"),
        context={"person": person, "invited": letter.invitation is not None},
        about=letter,
        cases=[letter.case],
    )


def letter_needs_revision(letter, link: str | None) -> int | None:
    """The reviewer's note, and the link to revise (a new one for a letter
    that came through the campaign page, which had none)."""
    to = _writer(letter)
    if to is None:
        return None
    person = _person_first_name(letter.case)
    return queue(
        kinds.LETTER_NEEDS_REVISION,
        to,
        subject=_l("Please revise your letter for %(name)s", name=person) if person else _l("Please revise your letter"),
        context={"person": person, "note": letter.review_note, "link": link},
        about=letter,
        cases=[letter.case],
    )


def letter_approved(letter) -> int | None:
    to = _writer(letter)
    if to is None:
        return None
    person = _person_first_name(letter.case)
    return queue(
        kinds.LETTER_APPROVED,
        to,
        subject=_l("Your letter for %(name)s was approved", name=person) if person else _l("Your letter was approved"),
        context={"person": person},
        about=letter,
        cases=[letter.case],
    )


def page_locale() -> str:
    """The language of the page a public writer or pledger used: stored with what they sent."""
    from tracker.i18n import current_language

    return mail_locale(current_language())
