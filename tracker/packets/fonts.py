"""The fonts bundled in tracker/packets/fonts (SIL OFL), and text in any of their scripts.

ReportLab draws each run of text in one font; a letter may mix scripts (a
Spanish letter naming an Afghan neighbour). `markup()` turns plain text into
safe Paragraph markup with each run in the first font that has its glyphs;
`draw()` does the same for single lines drawn on the canvas. Arabic and
Hebrew runs are put in right-to-left order word by word; Arabic and
Devanagari letters are shaped when uharfbuzz is installed.
"""
from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FOLDER = Path(__file__).parent / "fonts"
FACES = {
    "Serif": "NotoSerif-Regular.ttf",
    "Serif-Bold": "NotoSerif-Bold.ttf",
    "Serif-Italic": "NotoSerif-Italic.ttf",
    "Serif-BoldItalic": "NotoSerif-BoldItalic.ttf",
    "Sans": "NotoSans-Regular.ttf",
    "Sans-Bold": "NotoSans-Bold.ttf",
    "Arabic": "NotoNaskhArabic-Regular.ttf",
    "Hebrew": "NotoSansHebrew-Regular.ttf",
    "Devanagari": "NotoSansDevanagari-Regular.ttf",
    "Ethiopic": "NotoSansEthiopic-Regular.ttf",
}
# Tried in order after the paragraph's own font.
FALLBACKS = ("Arabic", "Hebrew", "Devanagari", "Ethiopic")
SHAPED = ("Arabic", "Devanagari")
RTL_FONTS = frozenset({"Arabic", "Hebrew"})


@cache
def register() -> None:
    """Register the bundled fonts with ReportLab once per process."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping

    # Binary (not ASCII85) streams: a quarter smaller and faster; every PDF reader takes them.
    rl_config.useA85 = 0

    for name, file in FACES.items():
        font = TTFont(name, str(FOLDER / file))
        if name in SHAPED:
            font.shapable = True  # used only when uharfbuzz is importable
        pdfmetrics.registerFont(font)
    addMapping("Serif", 0, 0, "Serif")
    addMapping("Serif", 1, 0, "Serif-Bold")
    addMapping("Serif", 0, 1, "Serif-Italic")
    addMapping("Serif", 1, 1, "Serif-BoldItalic")
    addMapping("Sans", 0, 0, "Sans")
    addMapping("Sans", 1, 0, "Sans-Bold")
    addMapping("Sans", 0, 1, "Sans")
    addMapping("Sans", 1, 1, "Sans-Bold")


@cache
def _charset(font_name: str) -> frozenset[int]:
    register()
    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)


def _font_for(character: str, base: str) -> str | None:
    code = ord(character)
    if code in _charset(base) or unicodedata.category(character) in ("Zs", "Cc", "Cf"):
        return base
    for name in FALLBACKS:
        if code in _charset(name):
            return name
    return None


def single_font(text: str, base: str) -> bool:
    """True when the base font has every character (the common, fast case)."""
    if text.isascii():
        return True
    charset = _charset(base)
    return all(ord(character) in charset or character == " " for character in text)


def runs(text: str, base: str) -> list[tuple[str, str]]:
    """(font, text) runs; characters no font has are kept in the base font."""
    if single_font(text, base):
        return [(base, text)] if text else []
    result: list[tuple[str, str]] = []
    for character in text:
        font = _font_for(character, base) or base
        # Spaces stay with the run they are in, so RTL words keep together.
        if result and (font == result[-1][0] or character == " "):
            result[-1] = (result[-1][0], result[-1][1] + character)
        else:
            result.append((font, character))
    return [(font, _visual(font, chunk)) for font, chunk in result]


def _visual(font: str, chunk: str) -> str:
    """Right-to-left runs are stored first word first; drawn, the first word is on the right."""
    if font not in RTL_FONTS or " " not in chunk.strip():
        return chunk
    leading = chunk[: len(chunk) - len(chunk.lstrip())]
    trailing = chunk[len(chunk.rstrip()):]
    return leading + " ".join(reversed(chunk.split())) + trailing


def uncovered(text: str, base: str = "Serif") -> set[str]:
    """Characters that no bundled font can draw."""
    if not text or text.isascii():
        return set()
    return {
        character
        for character in set(text)
        if not character.isspace() and _font_for(character, base) is None
    }


def markup(text: str, base: str = "Serif") -> str:
    """Plain text as Paragraph markup: escaped (a letter's `<img src=...>` stays text),
    line breaks kept, each script in a font that has it."""
    lines = []
    for line in (text or "").split("\n"):
        parts = []
        for font, chunk in runs(line, base):
            escaped = escape(chunk)
            parts.append(escaped if font == base else f'<font name="{font}">{escaped}</font>')
        lines.append("".join(parts))
    return "<br/>".join(lines)


def width(text: str, size: float, base: str = "Sans") -> float:
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in runs(text, base))


def draw(canvas, x: float, y: float, text: str, size: float, base: str = "Sans", align: str = "left") -> None:
    """Draw one line on the canvas with font fallback; align left, center or right of x."""
    register()
    if align != "left":
        total = width(text, size, base)
        x -= total if align == "right" else total / 2
    for font, chunk in runs(text, base):
        canvas.setFont(font, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, font, size)


def write(text_object, x: float, y: float, text: str, size: float, base: str = "Sans") -> None:
    """Add one line to a ReportLab text object with font fallback (many lines, one object: fast)."""
    text_object.setTextOrigin(x, y)
    for font, chunk in runs(text, base):
        text_object.setFont(font, size)
        text_object.textOut(chunk)


def fit(text: str, size: float, limit: float, base: str = "Sans") -> str:
    """The text, cut with an ellipsis so that it fits in `limit` points."""
    if width(text, size, base) <= limit:
        return text
    while text and width(text + "…", size, base) > limit:
        text = text[:-1]
    return text + "…"


def is_right_to_left(text: str) -> bool:
    """True when most letters of a paragraph are Arabic or Hebrew."""
    if text.isascii():
        return False
    letters = [character for character in text if character.isalpha()]
    if not letters:
        return False
    rtl = sum(1 for character in letters if _font_for(character, "Serif") in RTL_FONTS)
    return rtl * 2 > len(letters)


def wrap_right_to_left(text: str, size: float, limit: float, base: str = "Serif") -> list[str]:
    """Lines of a right-to-left paragraph, in reading order, each under `limit`
    points: ReportLab wraps left to right, so these are wrapped here and each
    line is drawn right-aligned with its words put right to left."""
    lines: list[str] = []
    current: list[str] = []
    for word in text.split():
        trial = " ".join([*current, word])
        if current and width(trial, size, base) > limit:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines
