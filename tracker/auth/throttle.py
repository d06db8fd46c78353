"""Growing delays after failed sign-ins, without a lock that strangers can trigger.

Every wrong password (at sign-in, or the current-password check on the account
page; wrong two-factor codes too) is kept for `TRACKER_THROTTLE_WINDOW_HOURS`
as a row naming a keyed hash of the email typed and of the address it came
from, never the address itself. Before a password is checked:

- **per address**: after `TRACKER_THROTTLE_FREE_ATTEMPTS` failures from one
  address (whatever the emails), each further attempt from it must wait
  `TRACKER_THROTTLE_BASE_SECONDS`, doubling with each failure, at most
  `TRACKER_THROTTLE_MAX_MINUTES` after the last failure;
- **per account**: once an email has that many failures from all addresses
  together, the same growing delay applies to every address *that has itself
  failed on that email*. An attacker who spreads guesses over many addresses
  gets one guess per address; the owner, from an address that has not failed
  on the account, is not held back at all: the right password still opens
  the account during an attack.

An attempt that must wait is refused without checking the password and is not
counted, so waiting out the delay always works. A successful sign-in forgets
the failures of that email from that address (the owner's own typos). The
account is keyed by the email typed, not the user: an email without an account
is throttled exactly alike, so delays tell nobody which emails exist.

When an account reaches the threshold, its owner and the admins get an email.
"""
from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from flask_babel import ngettext
from sqlalchemy import delete, func, select

from tracker.auth.models import Role, SignInFailure, User
from tracker.extensions import db
from tracker.mail import notices
from tracker.types import utcnow


def _digest(kind: str, value: str) -> str:
    """A keyed hash: equal values match, and a copy of the table gives away no email or address."""
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def email_digest(email: str) -> str:
    return _digest("email", (email or "").strip().casefold())


def address_digest(address: str | None = None) -> str:
    """The hashed address of the current request (or of `address`)."""
    if address is None:
        address = request.remote_addr if has_request_context() else None
    return _digest("address", address or "unknown")


def delay_after(failures: int) -> timedelta:
    """How long to wait after the last of `failures` failures: nothing below the
    threshold, then BASE, 2×BASE, 4×BASE… up to MAX."""
    config = current_app.config
    free = config["TRACKER_THROTTLE_FREE_ATTEMPTS"]
    if failures < free:
        return timedelta(0)
    seconds = config["TRACKER_THROTTLE_BASE_SECONDS"] * 2 ** min(failures - free, 30)
    return min(timedelta(seconds=seconds), timedelta(minutes=config["TRACKER_THROTTLE_MAX_MINUTES"]))


def _window_start(now: datetime) -> datetime:
    return now - timedelta(hours=current_app.config["TRACKER_THROTTLE_WINDOW_HOURS"])


def _count_and_last(*conditions, since: datetime) -> tuple[int, datetime | None]:
    count, last = db.session.execute(
        select(func.count(SignInFailure.id), func.max(SignInFailure.at)).where(SignInFailure.at >= since, *conditions)
    ).one()
    return count, last


def _remaining(failures: int, last: datetime | None, now: datetime) -> timedelta:
    if last is None:
        return timedelta(0)
    if last.tzinfo is None:  # a bare max() comes back without the column type's time zone
        last = last.replace(tzinfo=now.tzinfo)
    return max(delay_after(failures) - (now - last), timedelta(0))


def wait_before_attempt(email: str, *, now: datetime | None = None) -> timedelta:
    """How long the current address must wait before trying `email` again (zero: it may try now)."""
    now = now or utcnow()
    since = _window_start(now)
    address, account = address_digest(), email_digest(email)
    wait = _remaining(*_count_and_last(SignInFailure.address_digest == address, since=since), now)
    failed_here, _ = _count_and_last(
        SignInFailure.address_digest == address, SignInFailure.email_digest == account, since=since
    )
    if failed_here:
        wait = max(wait, _remaining(*_count_and_last(SignInFailure.email_digest == account, since=since), now))
    return wait


def record_failure(email: str, *, source: str, user: User | None = None, now: datetime | None = None) -> None:
    """Keep a failure (in the current transaction) and tell the owner and the admins
    when the account reaches the threshold."""
    now = now or utcnow()
    db.session.execute(delete(SignInFailure).where(SignInFailure.at < _window_start(now)))
    account = email_digest(email)
    db.session.add(SignInFailure(email_digest=account, address_digest=address_digest(), source=source, at=now))
    db.session.flush()
    failures, _ = _count_and_last(SignInFailure.email_digest == account, since=_window_start(now))
    if user is not None and failures == current_app.config["TRACKER_THROTTLE_FREE_ATTEMPTS"]:
        hours = current_app.config["TRACKER_THROTTLE_WINDOW_HOURS"]
        notices.sign_in_failures(user, failures=failures, hours=hours, when=now)
        for admin in db.session.scalars(select(User).where(User.role == Role.ADMIN, User.active.is_(True))):
            if admin.id != user.id:
                notices.sign_in_failures_to_admin(admin, account=user, failures=failures, hours=hours, when=now)


def forget_own_failures(email: str) -> None:
    """After a successful sign-in: the failures of this email from this address were the owner's typos."""
    db.session.execute(
        delete(SignInFailure).where(
            SignInFailure.email_digest == email_digest(email), SignInFailure.address_digest == address_digest()
        )
    )


def forget_all_failures(email: str) -> int:
    """An admin lifts every delay on an account (the owner is stuck behind a shared address)."""
    return db.session.execute(delete(SignInFailure).where(SignInFailure.email_digest == email_digest(email))).rowcount


def failures_in_window(email: str, *, now: datetime | None = None) -> int:
    return _count_and_last(SignInFailure.email_digest == email_digest(email), since=_window_start(now or utcnow()))[0]


def wait_message(wait: timedelta) -> str:
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return ngettext(
        "Too many failed attempts from your connection or for this email. For safety, wait %(num)d minute and try "
        "again; the password was not checked.",
        "Too many failed attempts from your connection or for this email. For safety, wait %(num)d minutes and try "
        "again; the password was not checked.",
        minutes,
    )
