"""User accounts and roles."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.security.crypto import EncryptedText
from tracker.types import N_, LabelledEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from tracker.actions.models import Congregation


class Role(LabelledEnum):
    ADMIN = ("admin", N_("Network coordinator (admin)"))
    LEGAL = ("legal", N_("Legal volunteer"))
    CAMPAIGN = ("campaign", N_("Campaign lead"))
    CONGREGATION = ("congregation", N_("Congregation coordinator"))


# Roles that work on cases; a congregation coordinator sees no case record.
CASE_ROLES = (Role.ADMIN, Role.LEGAL, Role.CAMPAIGN)


def token_digest(token: str) -> str:
    """Only a digest of a one-time token is stored, so a database leak cannot use it."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # How the person signs a packet's cover letter and certificate: "Coordinator", "Paralegal".
    title: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A one-time link to choose a password (new account or reset).
    setup_token_digest: Mapped[str | None] = mapped_column(String(64), index=True)
    setup_token_expires: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Congregation coordinators act for one congregation.
    congregation_id: Mapped[int | None] = mapped_column(ForeignKey("congregations.id", ondelete="SET NULL"))
    # The language the app speaks to this user ("en", "es"); None follows the browser.
    locale: Mapped[str | None] = mapped_column(String(5))

    # Set by an emergency lockdown (tracker/auth/lockdown.py): nothing opens until an admin restores it.
    locked_down_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor sign-in (tracker/auth/two_factor.py): the TOTP secret, encrypted;
    # set but not enabled while enrolment waits for its first code.
    totp_secret: Mapped[str | None] = mapped_column(EncryptedText)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The time step of the last code accepted: no code works twice.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    congregation: Mapped[Congregation | None] = relationship()

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"

    @property
    def is_active(self) -> bool:
        return self.active

    # The session this request runs in (tracker/auth/sessions.py): not columns.
    session_token = None
    current_session = None

    def get_id(self) -> str | None:
        """What the session cookie carries: the random id of the server-side session, never the user id."""
        return self.session_token

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def works_on_cases(self) -> bool:
        return self.role in CASE_ROLES

    @property
    def sees_restricted(self) -> bool:
        """Legal volunteers and admins see address, birth date, phone, notes and history."""
        return self.role in (Role.ADMIN, Role.LEGAL)

    @property
    def edits_legal_record(self) -> bool:
        return self.role in (Role.ADMIN, Role.LEGAL)

    def issue_setup_token(self, hours: int) -> str:
        token = secrets.token_urlsafe(32)
        self.setup_token_digest = token_digest(token)
        self.setup_token_expires = utcnow() + timedelta(hours=hours)
        return token


class SignInFailure(db.Model):
    """A wrong password or code, kept for a while to slow down guessing (tracker/auth/throttle.py).
    Only keyed hashes of the email typed and of the address: no account, no IP."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email_digest: Mapped[str] = mapped_column(String(64), index=True)
    address_digest: Mapped[str] = mapped_column(String(64), index=True)
    # sign-in, account (the current-password check), two-factor
    source: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class UserSession(db.Model):
    """One sign-in on one browser (tracker/auth/sessions.py). The cookie holds the
    token; only its SHA-256 is stored. No address is kept."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    # "Firefox on Android"
    device: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class RecoveryCode(db.Model):
    """One of the ten one-time codes that stand in for the phone; only an argon2 hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
