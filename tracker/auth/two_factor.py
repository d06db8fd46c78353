"""Two-factor sign-in: a TOTP app (RFC 6238, pyotp) and ten one-time recovery codes.

The secret is encrypted at rest like a restricted field; recovery codes are
stored as argon2 hashes only and shown once. Which roles must use it is
`TRACKER_REQUIRE_2FA` (comma-separated role names, default "admin,legal");
everybody else may turn it on. A code is accepted once: the time step of the
last accepted code is kept, so a code read over a shoulder cannot be replayed.
"""
from __future__ import annotations

import secrets
from datetime import datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select

from tracker.auth import passwords, sessions
from tracker.auth.models import RecoveryCode, Role, User
from tracker.extensions import db
from tracker.mail import notices
from tracker.security import audit
from tracker.types import utcnow

RECOVERY_CODE_COUNT = 10
# Codes from the step before and after are accepted: phone clocks drift.
VALID_WINDOW = 1


def required_roles() -> set[Role]:
    names = {name.strip().lower() for name in current_app.config["TRACKER_REQUIRE_2FA"].split(",") if name.strip()}
    return {role for role in Role if role.value in names}


def required_for(user: User) -> bool:
    return user.role in required_roles()


def enabled(user: User) -> bool:
    return user.totp_enabled_at is not None


def must_enrol(user: User) -> bool:
    """Signed in with the password only, in a role that needs a second factor: nothing opens but enrolment."""
    return required_for(user) and not enabled(user)


def pending_secret(user: User) -> str:
    """The secret being enrolled: made once and kept (encrypted) until confirmed by a code."""
    if enabled(user) or not user.totp_secret:
        user.totp_secret = pyotp.random_base32()
        db.session.commit()
    return user.totp_secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=current_app.config["TRACKER_NETWORK_NAME"])


def qr_svg(uri: str) -> str:
    """The QR code drawn here, as inline SVG: no request leaves the page."""
    return segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", border=2)


def grouped(secret: str) -> str:
    """ "ABCD EFGH …": easier to type into an app by hand."""
    return " ".join(secret[index:index + 4] for index in range(0, len(secret), 4))


def _normalize(code: str) -> str:
    return "".join(character for character in (code or "").lower() if character.isalnum())


def _matching_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step whose code this is, or None."""
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    step = totp.timecode(now)
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        if secrets.compare_digest(totp.generate_otp(step + offset), code):
            return step + offset
    return None


def check_totp(user: User, code: str, *, secret: str | None = None, now: datetime | None = None) -> bool:
    """A current code of the app, never accepted twice."""
    secret = secret or user.totp_secret
    if not secret:
        return False
    step = _matching_step(secret, _normalize(code), now or utcnow())
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code (it never works again)."""
    normalized = _normalize(code)
    if len(normalized) != 10:
        return False
    unused = db.session.scalars(
        select(RecoveryCode).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all()
    for stored in unused:
        if passwords.verify_password(stored.code_hash, normalized):
            stored.used_at = utcnow()
            return True
    return False


def check_second_factor(user: User, code: str) -> str | None:
    """ "app" or "recovery code" when `code` is one of the two, else None."""
    if check_totp(user, code):
        return "app"
    if use_recovery_code(user, code):
        return "recovery code"
    return None


def unused_recovery_codes(user: User) -> int:
    return len(db.session.scalars(
        select(RecoveryCode.id).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ).all())


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes (the old ones stop working), shown once; only their hashes are kept."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice("abcdefghjkmnpqrstuvwxyz23456789") for _ in range(10))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=passwords.hash_password(raw)))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def enable(user: User, code: str) -> list[str] | None:
    """Confirm enrolment with a first code from the app: turn it on, end every other
    session, tell the account. Returns the recovery codes to show once, or None."""
    if enabled(user) or not check_totp(user, code):
        return None
    user.totp_enabled_at = utcnow()
    codes = new_recovery_codes(user)
    sessions.end_others(user)
    notices.two_factor_changed(user, enabled=True, when=user.totp_enabled_at)
    audit.record("auth.two_factor_enabled", target=user)
    return codes


def reset(user: User, *, by_admin: bool, detail: str | None = None) -> None:
    """Turn two-factor sign-in off (an admin's reset, or the owner's when the role allows):
    secret and codes go, every session ends (the owner's own current one is kept)."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    if by_admin:
        sessions.end_all(user)
    else:
        sessions.end_others(user)
    notices.two_factor_changed(user, enabled=False, when=utcnow(), by_admin=by_admin)
    audit.record("auth.two_factor_reset", target=user, detail=detail or ("by an admin" if by_admin else "by the owner"))
