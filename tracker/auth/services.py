"""Signing in, slowing down guessing, and setting passwords: the rules, without the request."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.auth import sessions, throttle
from tracker.auth.models import Role, User, token_digest
from tracker.auth.passwords import hash_password, needs_rehash, verify_password
from tracker.extensions import db
from tracker.mail import notices
from tracker.security import audit
from tracker.types import utcnow

# One message for every failed sign-in: it must not tell whether the email exists,
# or whether the account is disabled or locked down.
SIGN_IN_FAILED = _l(
    "That email and password did not match an active account. "
    "After several failed attempts, each new try has to wait a little longer."
)


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt came to: the user, or a wait imposed before any password was checked."""

    user: User | None = None
    wait: timedelta = timedelta(0)
    # The right password for an account an emergency lockdown shut: only its holder learns that.
    locked_down: bool = False


LOCKED_DOWN = _l("This account is locked down. Ask your network coordinator to restore it.")


def account_email_problem(email: str) -> str | None:
    """Why an account email is not acceptable, or None. Accounts are made by an
    admin for people they know, so reserved test domains are allowed too."""
    try:
        validate_email((email or "").strip(), check_deliverability=False, globally_deliverable=False, test_environment=True)
    except EmailNotValidError:
        return _("Enter a valid email address.")
    return None


def normalize_email(email: str) -> str:
    return (email or "").strip().casefold()


def authenticate(email: str, password: str) -> SignIn:
    """Check the credentials, unless this address must first wait (tracker/auth/throttle.py).
    Wrong passwords and unknown emails count as failures; every outcome is audited
    (never with the password)."""
    now = utcnow()
    wait = throttle.wait_before_attempt(email, now=now)
    if wait:
        audit.record_now("auth.login_throttled", detail=f"refused unchecked, {int(wait.total_seconds())} s to wait")
        return SignIn(wait=wait)
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        verify_password(None, password)
        throttle.record_failure(email, source="sign-in", now=now)
        audit.record("auth.login_failed", detail="no account with that email")
        db.session.commit()
        return SignIn()
    if not user.active:
        # Counted like a wrong password: a disabled account must not stand out by never slowing down.
        verify_password(None, password)
        throttle.record_failure(email, source="sign-in", now=now)
        audit.record("auth.login_failed", target=user, user_id=user.id, detail="account disabled")
        db.session.commit()
        return SignIn()
    if not verify_password(user.password_hash, password):
        throttle.record_failure(email, source="sign-in", user=user, now=now)
        failures = throttle.failures_in_window(email, now=now)
        audit.record("auth.login_failed", target=user, user_id=user.id, detail=f"wrong password ({failures} recently)")
        db.session.commit()
        return SignIn()
    throttle.forget_own_failures(email)
    if user.locked_down_at is not None:
        audit.record("auth.login_failed", target=user, user_id=user.id, detail="account locked down")
        db.session.commit()
        return SignIn(locked_down=True)
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record("auth.login", target=user, user_id=user.id)
    db.session.commit()
    return SignIn(user=user)


def check_current_password(user: User, password: str) -> timedelta | bool:
    """The current-password check of the account page, counted like a sign-in:
    a wait (timedelta) when this address must wait first, else whether it matched."""
    wait = throttle.wait_before_attempt(user.email)
    if wait:
        audit.record_now("auth.password_check_throttled", target=user)
        return wait
    if verify_password(user.password_hash, password):
        return True
    throttle.record_failure(user.email, source="account", user=user)
    audit.record("auth.password_check_failed", target=user)
    db.session.commit()
    return False


def set_password(user: User, password: str) -> None:
    """Set a new password; every other session of the user ends (all of them when
    the change does not come from one), and the account is told by email (a change
    its owner did not make gets noticed)."""
    user.password_hash = hash_password(password)
    sessions.end_others(user)
    user.setup_token_digest = None
    user.setup_token_expires = None
    notices.password_changed(user, when=utcnow())


def user_for_setup_token(token: str) -> User | None:
    user = db.session.scalar(select(User).where(User.setup_token_digest == token_digest(token)))
    if user is None or user.setup_token_expires is None or user.setup_token_expires < utcnow():
        return None
    if not user.active:
        return None
    return user


def create_user(email: str, name: str, role: Role, *, password: str | None = None, created_by: User | None = None) -> User:
    user = User(
        email=normalize_email(email),
        name=name.strip(),
        role=role,
        active=True,
        created_by_id=created_by.id if created_by else None,
    )
    if password:
        user.password_hash = hash_password(password)
    db.session.add(user)
    return user


def email_taken(email: str, *, except_id: int | None = None) -> bool:
    query = select(User.id).where(User.email == normalize_email(email))
    if except_id is not None:
        query = query.where(User.id != except_id)
    return db.session.scalar(query) is not None
