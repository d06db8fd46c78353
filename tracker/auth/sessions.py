"""Sign-ins kept on the server, so that signing out really ends them.

The session cookie carries only a random session id; the database keeps its
SHA-256 (a copy of the table opens nothing), the device (a short summary of
the browser's user agent), when it started and when it was last used; no
address. Every request looks the id up: a session that was signed out, ended
from another device, ended by a password change, a two-factor reset, a
lockdown or an admin, or that passed its absolute lifetime
(`TRACKER_SESSION_HOURS`) or its idle limit, opens nothing, even from a
copied cookie.
"""
from __future__ import annotations

import re
import secrets
import time
from datetime import datetime, timedelta

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import login_user
from sqlalchemy import delete, select

from tracker.auth.models import Role, User, UserSession, token_digest
from tracker.extensions import db
from tracker.types import utcnow

# A password checked this long ago no longer lets its holder enter the second factor.
PENDING_SECONDS = 5 * 60
PENDING = "pending_sign_in"
# last_seen is written at most this often: one write a minute, not one per request.
TOUCH_EVERY = timedelta(seconds=60)

BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
            ("Chromium/", "Chromium"), ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
           ("Mac OS X", "Mac"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def device_summary(user_agent: str | None) -> str:
    """ "Firefox on Android": enough to recognise a device, not a fingerprint."""
    agent = user_agent or ""
    browser = next((name for marker, name in BROWSERS if marker in agent), None)
    system = next((name for marker, name in SYSTEMS if marker in agent), None)
    if browser and system:
        return _("%(browser)s on %(system)s", browser=browser, system=system)
    return browser or system or (re.sub(r"[^\w .;:/()-]", "", agent)[:40] or _("Unknown device"))


def idle_minutes(user: User) -> int:
    key = "TRACKER_ADMIN_IDLE_MINUTES" if user.role is Role.ADMIN else "TRACKER_IDLE_MINUTES"
    return current_app.config[key]


def start(user: User) -> UserSession:
    """Sign the user in on this browser with a new server-side session."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    record = UserSession(
        user_id=user.id, token_digest=token_digest(token), created_at=now, last_seen_at=now,
        device=device_summary(request.user_agent.string)[:120],
    )
    db.session.add(record)
    db.session.commit()
    user.session_token = token
    user.current_session = record
    login_user(user)
    return record


def await_second_factor(user: User) -> None:
    """The password was right; no session yet: only the code page knows who is half signed in."""
    session.clear()
    session[PENDING] = {"user": user.id, "at": time.time()}


def awaiting_second_factor() -> User | None:
    """The user whose password was checked in this browser in the last minutes, if any."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("user"))
    return user if user is not None and user.active else None


def expired(record: UserSession, user: User, now: datetime) -> str | None:
    """Why this session is over, or None while it lasts."""
    if now - record.created_at > timedelta(hours=current_app.config["TRACKER_SESSION_HOURS"]):
        return "lifetime"
    if now - record.last_seen_at > timedelta(minutes=idle_minutes(user)):
        return "idle"
    return None


def load(token: str) -> User | None:
    """The user of the session this cookie names, if the session still lasts (Flask-Login's user loader)."""
    record = db.session.scalar(select(UserSession).where(UserSession.token_digest == token_digest(token)))
    if record is None:
        return None
    user = record.user
    now = utcnow()
    if not user.active or user.locked_down_at is not None:
        return None
    reason = expired(record, user, now)
    if reason is not None:
        db.session.delete(record)
        db.session.commit()
        if reason == "lifetime":
            flash(_("For your safety every session ends after %(hours)d hours. Please sign in again.",
                    hours=current_app.config["TRACKER_SESSION_HOURS"]), "info")
        return None
    if now - record.last_seen_at >= TOUCH_EVERY:
        record.last_seen_at = now
        db.session.commit()
    user.session_token = token
    user.current_session = record
    return user


def end_current(user: User) -> None:
    record = getattr(user, "current_session", None)
    if record is not None:
        db.session.execute(delete(UserSession).where(UserSession.id == record.id))


def end_all(user: User, *, keep: UserSession | None = None) -> int:
    """End every session of the user (but `keep`): they open nothing from their next request on."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if keep is not None:
        query = query.where(UserSession.id != keep.id)
    return db.session.execute(query).rowcount


def end_others(user: User) -> int:
    """Every session but the one making this request."""
    return end_all(user, keep=getattr(user, "current_session", None))


def active(user: User) -> list[UserSession]:
    """The sessions still open, the most recently used first (expired ones are not shown)."""
    now = utcnow()
    records = db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.last_seen_at.desc())
    ).all()
    return [record for record in records if expired(record, user, now) is None]
