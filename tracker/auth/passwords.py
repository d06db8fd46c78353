"""Password hashing with argon2id (argon2-cffi), cost taken from the app config,
and the rules a new password must meet."""
from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _

MIN_LENGTH = 12
# 20,000 common passwords, lowercased (Royce Williams' list, as Django ships it; see README).
COMMON_PASSWORDS = Path(__file__).with_name("common-passwords.txt.gz")


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=current_app.config["ARGON2_TIME_COST"],
        memory_cost=current_app.config["ARGON2_MEMORY_COST"],
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches. A missing hash still costs one verification,
    so that an unknown email takes as long to refuse as a wrong password."""
    hasher = _hasher()
    if not password_hash:
        hasher.hash(password)
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@cache
def common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def is_common(password: str) -> bool:
    """In the list, whatever the case and the spaces: "Password Password" is "passwordpassword"."""
    folded = password.strip().lower()
    return folded in common_passwords() or "".join(folded.split()) in common_passwords()


def password_problem(password: str, email: str = "") -> str | None:
    """A sentence saying what is wrong with a new password, or None when it will do.
    The same rule for a set-up link, the account page and `users create`."""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(count)d characters; a short sentence is easy to remember.", count=MIN_LENGTH)
    if email and password.strip().lower() == email.strip().lower():
        return _("The password cannot be your email address.")
    if len(set(password)) < 4:
        return _("That password repeats too few characters to be safe.")
    if is_common(password):
        return _("That password is on a list of common passwords that attackers try first. Choose another one.")
    return None
