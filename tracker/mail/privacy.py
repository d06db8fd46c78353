"""A last check before an email is queued: does it carry a restricted value of
a person it is about (A-number, birth date, address, phone, legal notes,
criminal history)?

Templates never receive a person's record, so a message built by the app
cannot hold one; but a note or an update typed by staff can. Such a message
is refused, and the person typing is told why.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import lazy_gettext as _l

FIELD_NAMES = {
    "a_number": _l("the A-number"),
    "birth_date": _l("the birth date"),
    "address": _l("the home address"),
    "phone": _l("the phone number"),
    "legal_notes": _l("the legal notes"),
    "criminal_history": _l("the criminal history"),
}
# Pieces of notes or an address shorter than this, or of one word, are too common to
# mean anything ("Apt 2", "dismissed", a city's name).
MIN_TEXT = 10


class RestrictedContent(ValueError):
    """The message would carry a restricted value; `field` names which."""

    def __init__(self, field: str):
        self.field = field
        super().__init__(f"an email would carry {field}")

    @property
    def label(self) -> str:
        return str(FIELD_NAMES[self.field])


def _digits_pattern(digits: str) -> re.Pattern:
    """The digits in order, with any spaces, dots or hyphens between them."""
    return re.compile(r"(?<!\d)" + r"[\s.\-/]*".join(digits) + r"(?!\d)")


def _date_forms(day) -> list[str]:
    return [
        day.isoformat(),
        f"{day.month}/{day.day}/{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%B} {day.day}, {day.year}",
        f"{day.day} {day:%B} {day.year}",
        f"{day:%b} {day.day}, {day.year}",
        f"{day.day} {day:%b} {day.year}",
    ]


def _text_pieces(value: str | None) -> list[str]:
    if not value:
        return []
    pieces = [" ".join(value.split())]
    pieces += [" ".join(line.split()) for line in re.split(r"[\n,;]", value)]
    return [piece.casefold() for piece in pieces if len(piece) >= MIN_TEXT and " " in piece]


def check_person(text: str, person) -> None:
    """Raise RestrictedContent if `text` holds one of `person`'s restricted values."""
    folded = " ".join(text.split()).casefold()
    a_number = person.a_number
    if a_number:
        for digits in {a_number, a_number.lstrip("0")}:
            if len(digits) >= 8 and _digits_pattern(digits).search(text):
                raise RestrictedContent("a_number")
    phone_digits = re.sub(r"\D", "", person.phone or "")
    if len(phone_digits) >= 7 and _digits_pattern(phone_digits[-7:]).search(text):
        raise RestrictedContent("phone")
    if person.birth_date and any(form.casefold() in folded for form in _date_forms(person.birth_date)):
        raise RestrictedContent("birth_date")
    for field in ("address", "legal_notes", "criminal_history"):
        if any(piece in folded for piece in _text_pieces(getattr(person, field))):
            raise RestrictedContent(field)


def check(texts: Iterable[str], people: Iterable) -> None:
    """Check every part of a message against every person it is about."""
    joined = "\n".join(texts)
    for person in people:
        check_person(joined, person)
