"""Alien Registration Numbers: validation, normalized storage, display.

An A-number has 8 or 9 digits. People write it as "A12345678",
"A-123-456-789", "123 456 789"; it is stored as 9 digits (an 8-digit number
gets a leading zero) and shown as 123-456-789.
"""
from __future__ import annotations

import re

from flask_babel import gettext as _

_SEPARATORS = re.compile(r"[\s\-.]")


class ANumberError(ValueError):
    pass


def normalize(raw: str) -> str:
    """Return the 9-digit form of an A-number, or raise ANumberError saying what is wrong."""
    text = _SEPARATORS.sub("", raw or "")
    if text[:1] in ("A", "a"):
        text = text[1:]
    if not text:
        raise ANumberError(_("Enter the A-number, or tick “none yet”."))
    if not text.isdigit() or not text.isascii():
        raise ANumberError(_("An A-number has only digits (an “A” in front is fine), e.g. 123-456-789."))
    if len(text) not in (8, 9):
        raise ANumberError(_("An A-number has 8 or 9 digits; this one has %(count)s.", count=len(text)))
    return text.zfill(9)


def looks_like(raw: str) -> bool:
    """True when a search query is an A-number rather than a name."""
    try:
        normalize(raw)
    except ANumberError:
        return False
    return True


def display(normalized: str | None) -> str:
    if not normalized:
        return "none yet"
    return f"{normalized[0:3]}-{normalized[3:6]}-{normalized[6:9]}"
