"""Emergency lockdown: a phone is lost or seized, and whoever holds it has a session.

The owner locks the account from any other browser with the email and the
password or one recovery code (what the phone's holder does not have: a
session alone cannot do it, and a stranger who knows only the email cannot
lock anyone out); an admin can do it for them. Every session ends, every
calendar address stops, a waiting set-up link stops working, and the account
opens nothing until an admin restores it. Restoring also resets the second
factor (it lived on the lost phone) and replaces the password with a one-time
link to choose a new one, because the phone may have held that too.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from tracker.auth import passwords, sessions, throttle, two_factor
from tracker.auth.models import Role, User
from tracker.auth.services import normalize_email
from tracker.calendar.models import CalendarFeed
from tracker.extensions import db
from tracker.mail import notices
from tracker.security import audit
from tracker.types import utcnow


def lock_down(user: User, *, by_admin: User | None = None) -> None:
    """End everything the account has open, and keep it shut until an admin restores it."""
    now = utcnow()
    user.locked_down_at = now
    user.setup_token_digest = None
    user.setup_token_expires = None
    ended = sessions.end_all(user)
    feeds = db.session.execute(
        update(CalendarFeed).where(CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)).values(revoked_at=now)
    ).rowcount
    who = f"by admin {by_admin.id}" if by_admin else "by the account holder"
    audit.record("auth.lockdown", target=user, user_id=by_admin.id if by_admin else user.id,
                 detail=f"{who}; {ended} sessions ended, {feeds} calendar addresses stopped")
    for admin in db.session.scalars(select(User).where(User.role == Role.ADMIN, User.active.is_(True))):
        if admin.id != user.id:
            notices.account_locked_down(admin, account=user, by_admin=by_admin, when=now)


def credentials_lock(email: str, secret: str) -> tuple[User | None, timedelta]:
    """The account these credentials may lock down (password, or an unused recovery code),
    or None; with the wait this address must first sit out. Failures count like sign-ins."""
    wait = throttle.wait_before_attempt(email)
    if wait:
        return None, wait
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is not None and user.active and user.locked_down_at is None:
        if passwords.verify_password(user.password_hash, secret):
            return user, timedelta(0)
        if two_factor.enabled(user) and two_factor.use_recovery_code(user, secret):
            return user, timedelta(0)
    else:
        passwords.verify_password(None, secret)
    throttle.record_failure(email, source="lockdown", user=user if user is not None and user.active else None)
    audit.record("auth.lockdown_failed", target=user, detail="credentials did not match")
    db.session.commit()
    return None, timedelta(0)


def restore(user: User, *, by_admin: User) -> None:
    """Open the account again: a new second factor and a new password are chosen by the owner."""
    user.locked_down_at = None
    user.password_hash = None
    if two_factor.enabled(user) or user.totp_secret:
        two_factor.reset(user, by_admin=True, detail="on restoring the account after a lockdown")
    audit.record("auth.lockdown_restored", target=user, user_id=by_admin.id)
