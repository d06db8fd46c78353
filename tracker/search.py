"""Text search shared by every list: accent- and case-free keys, safe LIKE patterns."""
from __future__ import annotations

import unicodedata


def search_key(text: str) -> str:
    """Case- and accent-free form of a text, so that a search finds it however typed ("jose" finds "José")."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return " ".join(plain.casefold().split())


def contains_pattern(word: str) -> str:
    """A LIKE pattern (escape character backslash) matching `word` anywhere, taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
