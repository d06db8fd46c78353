"""The public texts a campaign writes in English and, optionally, in Spanish, and
which version a page shows: the page's own language where it is written (and
fits the person's consent), the other one otherwise.

The English text sits in the field (`headline`), the Spanish one beside it
(`headline_es`). A chosen text remembers its language (`PageText.lang`), so a
template can mark a text shown in the other language for screen readers
(`lang_attribute` in tracker/i18n.py).
"""
from __future__ import annotations

ENGLISH, SPANISH = "en", "es"
# The fields of each public record that have a Spanish version, `<field>_es`.
TRANSLATED = {
    "campaign": ("headline", "story", "ask"),
    "petition": ("title", "ask"),
    "action": ("title", "description", "script"),
}


def spanish(field: str) -> str:
    """The name of a field's Spanish version."""
    return f"{field}_es"


class PageText(str):
    """A text shown on a public page, with the language it is written in."""

    lang: str

    def __new__(cls, text: str, lang: str) -> PageText:
        made = super().__new__(cls, text)
        made.lang = lang
        return made


def choose(item, record: str, field: str, language: str, hidden=frozenset()) -> PageText | None:
    """`field` of `item` (a `record`) for a page in `language`: the version in that
    language if written and not hidden (fitness.hidden_fields), else the other
    version under the same condition, else None."""
    versions = {ENGLISH: field, SPANISH: spanish(field)}
    order = (SPANISH, ENGLISH) if language == SPANISH else (ENGLISH, SPANISH)
    for lang in order:
        name = versions[lang]
        if (record, item.id, name) in hidden:
            continue
        text = getattr(item, name)
        if text and text.strip():
            return PageText(text, lang)
    return None
