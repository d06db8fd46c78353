"""Password hashing with argon2id (argon2-cffi), cost taken from the app config."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 10


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


def password_problem(password: str, email: str = "") -> str | None:
    """A sentence saying what is wrong with a new password, or None when it will do."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters; a short sentence is easy to remember."
    if email and password.strip().lower() == email.strip().lower():
        return "The password cannot be your email address."
    if len(set(password)) < 4:
        return "That password repeats too few characters to be safe."
    return None
