"""Signing in, locking out, and setting passwords: the rules, without the request."""
from __future__ import annotations

from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import select

from tracker.auth.models import Role, User, token_digest
from tracker.auth.passwords import hash_password, needs_rehash, verify_password
from tracker.extensions import db
from tracker.mail import notices
from tracker.security import audit
from tracker.types import utcnow

# One message for every failed sign-in: it must not tell whether the email exists,
# whether the account is locked or disabled.
SIGN_IN_FAILED = (
    "That email and password did not match an active account. "
    "After {attempts} failed attempts an account is locked for {minutes} minutes."
)


def account_email_problem(email: str) -> str | None:
    """Why an account email is not acceptable, or None. Accounts are made by an
    admin for people they know, so reserved test domains are allowed too."""
    try:
        validate_email((email or "").strip(), check_deliverability=False, globally_deliverable=False, test_environment=True)
    except EmailNotValidError:
        return "Enter a valid email address."
    return None


def normalize_email(email: str) -> str:
    return (email or "").strip().casefold()


def sign_in_failed_message() -> str:
    return SIGN_IN_FAILED.format(
        attempts=current_app.config["TRACKER_LOCKOUT_ATTEMPTS"],
        minutes=current_app.config["TRACKER_LOCKOUT_MINUTES"],
    )


def authenticate(email: str, password: str) -> User | None:
    """The user these credentials open, or None. Counts failures and locks the
    account after too many; every outcome is audited (never with the password)."""
    now = utcnow()
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        verify_password(None, password)
        audit.record_now("auth.login_failed", detail="no account with that email")
        return None
    if not user.active or user.is_locked(now):
        verify_password(None, password)
        reason = "account disabled" if not user.active else "account locked"
        audit.record_now("auth.login_failed", target=user, user_id=user.id, detail=reason)
        return None
    if not verify_password(user.password_hash, password):
        user.failed_logins += 1
        detail = f"wrong password ({user.failed_logins} in a row)"
        if user.failed_logins >= current_app.config["TRACKER_LOCKOUT_ATTEMPTS"]:
            user.locked_until = now + timedelta(minutes=current_app.config["TRACKER_LOCKOUT_MINUTES"])
            user.failed_logins = 0
            detail += "; account locked"
        audit.record("auth.login_failed", target=user, user_id=user.id, detail=detail)
        db.session.commit()
        return None
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    audit.record("auth.login", target=user, user_id=user.id)
    db.session.commit()
    return user


def set_password(user: User, password: str) -> None:
    """Set a new password; every other session of the user ends, and the
    account is told by email (a change its owner did not make gets noticed)."""
    user.password_hash = hash_password(password)
    user.session_epoch += 1
    user.setup_token_digest = None
    user.setup_token_expires = None
    user.failed_logins = 0
    user.locked_until = None
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
        failed_logins=0,
        session_epoch=0,
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
