"""Names as people typed them, made plain: one spelling for one name, and
nothing hidden in it.

A name pasted from a phone or a word processor can carry invisible characters:
control characters (NUL breaks PostgreSQL and HTTP headers) and bidirectional
overrides, which make "invoice‮fdp.exe" read as "invoiceexe.pdf" — a disguise.
The same name can also arrive composed ("é") or decomposed ("e" + accent), which
would make one person two. Every typed name goes through `clean_name` (forms do
it through `NameField`), every uploaded file's name through `clean_file_name`.
"""
from __future__ import annotations

import re
import unicodedata

# Characters that change the direction of the text around them. Zero-width
# joiners (U+200C, U+200D) are kept: Persian, Indic and other scripts need them.
BIDI_CONTROLS = frozenset(
    "\u061c"  # Arabic letter mark
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides (U+202E: the right-to-left override)
    "\u2066\u2067\u2068\u2069"  # isolates
)
_SPACES = re.compile(r"\s+")


def _visible(character: str) -> bool:
    if character in BIDI_CONTROLS:
        return False
    # Cc: control characters (NUL, escape, DEL, C1 controls); whitespace among them
    # was turned into spaces before this check.
    return unicodedata.category(character) != "Cc"


def clean_name(value):
    """A typed name in NFC, without control or bidirectional-override characters,
    every run of whitespace one space, trimmed. Anything but text is left as it is
    (a form field without data)."""
    if not isinstance(value, str):
        return value
    text = _SPACES.sub(" ", value)
    text = "".join(character for character in text if _visible(character))
    # Composed after the removal: a control character between a letter and its
    # accent must not keep them apart. Removing one can also join two spaces.
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip()


def clean_file_name(value: str | None, default: str = "upload") -> str:
    """An uploaded file's name to keep and to send back in a download: its last
    path part, cleaned as a name, at most 200 characters."""
    name = clean_name((value or "").replace("\\", "/").rsplit("/", 1)[-1])
    return name[:200].strip() or default
