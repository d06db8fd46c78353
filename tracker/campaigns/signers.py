"""What a petition signer may type: the same checks for the public form and
for paper signatures entered in bulk, each failing with a plain sentence."""
from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _

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
        return _("Enter your name.")
    if len(name) > NAME_MAX:
        return _("That name is longer than %(max)s characters; enter just your name.", max=NAME_MAX)
    if not any(character.isalpha() for character in name):
        return _("A name needs letters.")
    if _LINK.search(name):
        return _("Enter just your name, without links or symbols.")
    return None


def email_problem(email: str, *, required: bool = True) -> str | None:
    email = (email or "").strip()
    if not email:
        return _("Enter your email address: it makes sure each person signs once.") if required else None
    if len(email) > 254:
        return _("That email address is too long.")
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return _("“%(email)s” is not a valid email address.", email=email[:60])
    return None


def city_problem(city: str) -> str | None:
    city = (city or "").strip()
    if len(city) > CITY_MAX:
        return _("Keep the city or ZIP under %(max)s characters.", max=CITY_MAX)
    if city and not any(character.isalnum() for character in city):
        return _("Enter a city or a ZIP code.")
    if _LINK.search(city):
        return _("Enter just a city or ZIP code.")
    return None


def comment_problem(comment: str) -> str | None:
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        return _("Keep the comment under %(max)s characters (%(count)s now).", max=COMMENT_MAX, count=len(comment))
    if len(re.findall(r"https?://", comment)) > 2:
        return _("Please leave out the links.")
    return None
