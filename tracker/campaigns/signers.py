"""What a petition signer may type: the same checks for the public form and
for paper signatures entered in bulk, each failing with a plain sentence."""
from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

NAME_MAX = 120
CITY_MAX = 120
COMMENT_MAX = 1000
_LINK = re.compile(r"(https?://|www\.|\.com\b|\.net\b|\.org\b|<|>)", re.IGNORECASE)


def normalize_email(email: str) -> str:
    """Trimmed and case-folded: "  Ana@Example.ORG " and "ana@example.org" are one signer."""
    return (email or "").strip().casefold()


def name_problem(name: str) -> str | None:
    name = (name or "").strip()
    if not name:
        return "Enter your name."
    if len(name) > NAME_MAX:
        return f"That name is longer than {NAME_MAX} characters; enter just your name."
    if not any(character.isalpha() for character in name):
        return "A name needs letters."
    if _LINK.search(name):
        return "Enter just your name, without links or symbols."
    return None


def email_problem(email: str, *, required: bool = True) -> str | None:
    email = (email or "").strip()
    if not email:
        return "Enter your email address: it makes sure each person signs once." if required else None
    if len(email) > 254:
        return "That email address is too long."
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return f"“{email[:60]}” is not a valid email address."
    return None


def city_problem(city: str) -> str | None:
    city = (city or "").strip()
    if len(city) > CITY_MAX:
        return f"Keep the city or ZIP under {CITY_MAX} characters."
    if city and not any(character.isalnum() for character in city):
        return "Enter a city or a ZIP code."
    if _LINK.search(city):
        return "Enter just a city or ZIP code."
    return None


def comment_problem(comment: str) -> str | None:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        return f"Keep the comment under {COMMENT_MAX} characters ({len(comment)} now)."
    if len(re.findall(r"https?://", comment)) > 2:
        return "Please leave out the links."
    return None
