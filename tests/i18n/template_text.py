"""Finding text in a Jinja template that a person would read but gettext never sees.

The template is split by Jinja's own lexer: the literal parts are HTML (or
mail text), read with an HTML parser for text and for the attributes a person
reads or hears (title, alt, placeholder, aria-label, data-confirm); the
expression parts are scanned for string literals that look like words and are
not the argument of a gettext call.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import Environment
from jinja2.ext import i18n

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
GETTEXT_CALLS = {"_", "gettext", "ngettext", "_l", "lazy_gettext", "pgettext"}
SPOKEN_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "data-confirm", "data-copied", "data-copy-label"}
# What may stand outside gettext: punctuation, numbers, symbols, and a few tokens that read the same in both languages.
NON_WORDS = re.compile(r"\A\s*[a-z]+(?:-[a-z]+)+\s*\Z|A#|SHA-256|Sanctuary Tracker|WhatsApp|Facebook|X / Twitter|[^\w]|\d+|_+|\bx\b", re.UNICODE)
# Literals in expressions that are not shown: CSS classes, endpoints, formats, identifiers.
CSS_CLASSES = {"button", "link-button", "badge", "small", "muted", "field", "panel", "inline", "status"}
ARGUMENTS_NOT_SHOWN = {"class_", "autocomplete", "inputmode", "type", "accept", "rel", "spellcheck", "pattern",
                       "enctype", "method", "name", "value", "id", "endpoint", "format", "mimetype"}


def _environment() -> Environment:
    return Environment(extensions=[i18n])


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skipping += 1
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value:
                self.found.append((self.getpos()[0], value))
            if tag == "input" and name == "value" and dict(attrs).get("type") in ("submit", "button", "reset"):
                self.found.append((self.getpos()[0], value or ""))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.found.append((self.getpos()[0], data))


def is_word_text(text: str) -> bool:
    """True when the text holds a word: letters left after the allowed non-words are removed."""
    return bool(re.search(r"[^\W\d_]", NON_WORDS.sub(" ", text)))


def _literal_is_words(value: str) -> bool:
    value = re.sub(r"%[a-zA-Z]", " ", value)  # strftime formats
    if not is_word_text(value):
        return False
    words = value.split()
    if len(words) == 1 and not re.fullmatch(r"[A-Z][a-z]+\W*", words[0]):
        return False  # an identifier, a class, a key, an endpoint: one word not written as a word
    return not (words[0] in CSS_CLASSES and all(re.fullmatch(r"[a-z][a-z0-9-]*", word) for word in words))


def untranslated(source: str, markup: bool = True) -> list[tuple[int, str]]:
    """(line, text) for every piece of readable text outside gettext."""
    tokens = list(_environment().lex(source))
    literal: list[str] = []
    found: list[tuple[int, str]] = []
    calls: list[int] = []  # paren depth of open gettext calls
    depth = 0
    previous: list[tuple[str, str]] = []
    for lineno, kind, value in tokens:
        if kind == "data":
            literal.append(value)
            continue
        if kind in ("variable_begin", "block_begin", "comment_begin"):
            literal.append(" ")
        # Newlines are kept so that line numbers in the literal text stay right.
        literal.append("\n" * value.count("\n") if kind in ("whitespace", "comment", "raw_begin") else "")
        if (kind, value) == ("operator", "("):
            depth += 1
            if previous and previous[-1][0] == "name" and previous[-1][1] in GETTEXT_CALLS:
                calls.append(depth)
        elif (kind, value) == ("operator", ")"):
            if calls and calls[-1] == depth:
                calls.pop()
            depth -= 1
        elif kind == "string" and not calls:
            keyword = previous[-2][1] if len(previous) > 1 and previous[-1] == ("operator", "=") else None
            if keyword not in ARGUMENTS_NOT_SHOWN and _literal_is_words(value[1:-1]):
                found.append((lineno, value))
        if kind not in ("whitespace",):
            previous.append((kind, value))
    text = "".join(literal)
    if markup:
        parser = _TextParser()
        parser.feed(text)
        parser.close()
        pieces = parser.found
    else:
        pieces = [(number, line) for number, line in enumerate(text.split("\n"), start=1)]
    found += [(line, " ".join(piece.split())) for line, piece in pieces if is_word_text(piece)]
    return sorted(found)


def template_paths() -> list[Path]:
    return sorted(path for path in TEMPLATES.rglob("*") if path.suffix in (".html", ".txt"))


def offenders(paths=None) -> dict[str, list[tuple[int, str]]]:
    result = {}
    for path in paths or template_paths():
        found = untranslated(path.read_text(encoding="utf-8"), markup=path.suffix == ".html")
        if found:
            result[str(path.relative_to(TEMPLATES))] = found
    return result


if __name__ == "__main__":  # a list to work from: python -m tests.i18n.template_text
    import sys

    chosen = [Path(arg).resolve() for arg in sys.argv[1:]] or None
    for name, lines in offenders(chosen).items():
        for line, text in lines:
            print(f"{name}:{line}: {text[:100]!r}")
