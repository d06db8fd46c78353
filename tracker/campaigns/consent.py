"""What publicity consent lets a public text say about a person, and the matcher
that finds what it does not: parts of the legal name beyond the consent level,
and the A-number however it is written.

Pure functions, no database and no request: `rules_for` is given the consent
level, the names and the A-number; `findings` checks one text against them.
Texts are compared folded (accents stripped with NFKD, case folded, any
punctuation or spacing between words and inside a name ignored), so "Lucía",
"LUCIA", "lu cía" and "Gómez-Paz" are all found.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

NONE, FIRST_NAME, FULL_NAME = "none", "first_name", "full_name"

# Particles that join names ("María de la Cruz", "van der Berg") are ordinary words
# of every language: alone they reveal nobody, so they are never refused alone.
PARTICLES = frozenset(
    {"al", "ben", "bin", "da", "das", "de", "del", "della", "den", "der", "di", "do", "dos", "du", "e", "el",
     "ibn", "la", "las", "le", "les", "los", "san", "santa", "st", "ter", "van", "von", "y"}
)
_WORD = re.compile(r"[^\W_]+")
# Between the letters of a name: at most one space, dot, hyphen... ("G o m e z", "G.O.M.E.Z").
_INSIDE = r"[\W_]?"
# Between the digits of an A-number: a few separators ("A-123-456-789", "123 456 789").
_DIGIT_GAP = r"[\W_]{0,3}"


def fold(text: str) -> str:
    """Accent- and case-free text with every kind of digit as an ASCII digit."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    kept = []
    for character in decomposed:
        if unicodedata.combining(character):
            continue
        if character.isdecimal() and not character.isascii():
            character = str(unicodedata.decimal(character))
        kept.append(character)
    return "".join(kept).casefold()


def name_words(name: str | None) -> list[str]:
    """The words of a name as written ("Gómez-Paz" gives "Gómez" and "Paz")."""
    return _WORD.findall(name or "")


def public_name(level: str, legal_name: str, preferred_name: str | None) -> str | None:
    """The name consent allows in public: the full name, the first name only, or none."""
    if level == FULL_NAME:
        return preferred_name if preferred_name and " " in preferred_name.strip() else legal_name
    if level == FIRST_NAME:
        words = (preferred_name or legal_name).split()
        return words[0] if words else None
    return None


@dataclass(frozen=True)
class PublicRules:
    """What a public text may not hold about one person."""

    level: str
    public_name: str | None
    # Words of the legal or preferred name the consent does not allow: folded -> as written.
    forbidden: dict[str, str]
    # Every (non-particle) word of the names, folded: for names written together.
    all_words: tuple[str, ...]
    # The 9-digit A-number when it may not appear; None when allowed or there is none.
    a_number: str | None

    @property
    def checks_anything(self) -> bool:
        return bool(self.forbidden) or self.a_number is not None


def rules_for(level: str, legal_name: str, preferred_name: str | None, a_number: str | None,
              show_a_number: bool) -> PublicRules:
    """The rules for a person's public texts under a consent level.

    Full name: any part of the name. First name: the first name only, never a
    family name, a middle name or the full name. No consent: no name at all.
    The A-number only where "show the A-number" is on and there is consent.
    """
    allowed = set()
    name = public_name(level, legal_name, preferred_name)
    words = name_words(legal_name) + name_words(preferred_name)
    if level == FULL_NAME:
        allowed = {fold(word) for word in words}
    elif name:
        allowed = {fold(word) for word in name_words(name)}
    forbidden = {}
    for word in words:
        folded = fold(word)
        if folded not in allowed and folded not in PARTICLES and len(folded) > 1:
            forbidden.setdefault(folded, word)
    all_words = tuple(dict.fromkeys(fold(word) for word in words if fold(word) not in PARTICLES and len(fold(word)) > 1))
    quoted = show_a_number and level in (FIRST_NAME, FULL_NAME)
    return PublicRules(level, name, forbidden, all_words, None if quoted or not a_number else a_number)


@dataclass(frozen=True)
class Finding:
    """Something a text holds that consent does not allow."""

    kind: str  # "name" or "a_number"
    words: tuple[str, ...] = ()  # the name words found, as written in the name (never the A-number)


def _spelled(word: str) -> str:
    return _INSIDE.join(re.escape(letter) for letter in word)


def _alone(pattern: str) -> re.Pattern:
    return re.compile(r"(?<![^\W_])" + pattern + r"(?![^\W_])")


def _run_together(token: str, pieces: tuple[str, ...]) -> list[str] | None:
    """`token` split into two or more name words ("luciagomez" -> lucia, gomez), or None."""
    ways: dict[int, list[str] | None] = {len(token): []}
    for start in range(len(token) - 1, -1, -1):
        ways[start] = next(
            ([piece, *ways[start + len(piece)]] for piece in pieces
             if token.startswith(piece, start) and ways.get(start + len(piece)) is not None),
            None,
        )
    split = ways[0]
    return split if split is not None and len(split) > 1 else None


def _names_found(folded_text: str, rules: PublicRules) -> set[str]:
    found = {word for word in rules.forbidden if _alone(_spelled(word)).search(folded_text)}
    pieces = tuple(sorted(set(rules.all_words) | PARTICLES, key=len, reverse=True))
    for token in set(_WORD.findall(folded_text)):
        found.update(piece for piece in _run_together(token, pieces) or () if piece in rules.forbidden)
    return found


def a_number_forms(a_number: str) -> list[str]:
    """The digit strings an A-number is written as: 9 digits, and 8 without a leading zero."""
    forms = [a_number]
    if len(a_number) == 9 and a_number.startswith("0"):
        forms.append(a_number[1:])
    return forms


def _a_number_found(folded_text: str, a_number: str) -> bool:
    return any(
        re.search(r"(?<!\d)" + _DIGIT_GAP.join(digits) + r"(?!\d)", folded_text)
        for digits in a_number_forms(a_number)
    )


def findings(text: str | None, rules: PublicRules) -> list[Finding]:
    """What `text` holds that the rules do not allow, or an empty list."""
    if not text or not rules.checks_anything:
        return []
    folded = fold(text)
    found = []
    names = _names_found(folded, rules)
    words = tuple(written for word, written in rules.forbidden.items() if word in names)
    if words:
        found.append(Finding("name", words))
    if rules.a_number and _a_number_found(folded, rules.a_number):
        found.append(Finding("a_number"))
    return found
