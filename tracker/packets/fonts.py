"""The fonts bundled in tracker/packets/fonts (see the README there), and text in any of their scripts.

ReportLab draws each run of text in one font; a letter may mix scripts (a
Spanish letter naming an Afghan neighbour). `markup()` turns plain text into
safe Paragraph markup with each run in the first font that has its glyphs;
`draw()` does the same for single lines drawn on the canvas. Text that needs
shaping or right-to-left layout is drawn by tracker.packets.script.
"""
from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
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
    "Bengali": "NotoSansBengali-Regular.ttf",
    "Gurmukhi": "NotoSansGurmukhi-Regular.ttf",
    "Tamil": "NotoSansTamil-Regular.ttf",
    "Thai": "NotoSansThai-Regular.ttf",
    "Myanmar": "NotoSansMyanmar-Regular.ttf",
    "Khmer": "NotoSansKhmer-Regular.ttf",
    "Armenian": "NotoSansArmenian-Regular.ttf",
    "Georgian": "NotoSansGeorgian-Regular.ttf",
    "CJK": "DroidSansFallbackFull.ttf",  # Chinese (simplified and traditional), Japanese
    "Korean": "NanumGothic.ttf",
}
# Tried in order after the paragraph's own font.
FALLBACKS = ("Arabic", "Hebrew", "Devanagari", "Ethiopic", "Bengali", "Gurmukhi", "Tamil", "Thai", "Myanmar", "Khmer",
             "Armenian", "Georgian", "CJK", "Korean")
# Scripts whose letters change shape or join: HarfBuzz (uharfbuzz) shapes them.
SHAPED = frozenset({"Arabic", "Devanagari", "Bengali", "Gurmukhi", "Tamil", "Thai", "Myanmar", "Khmer"})
RTL_FONTS = frozenset({"Arabic", "Hebrew"})
WIDE = frozenset({"CJK", "Korean"})  # lines break between any two characters


@cache
def register() -> None:
    """Register the bundled fonts with ReportLab once per process."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping

    # Binary (not ASCII85) streams: a quarter smaller and faster; every PDF reader takes them.
    rl_config.useA85 = 0

    for name, file in FACES.items():
        # Shaping only where a script needs it: Latin text stays on ReportLab's fast path.
        pdfmetrics.registerFont(TTFont(name, str(FOLDER / file), shapable=name in SHAPED))
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


def has_character(font_name: str, character: str) -> bool:
    return ord(character) in _charset(font_name)


def font_of(character: str, base: str = "Serif") -> str | None:
    """The first font that has the character: the base font, then the fallbacks; None if none has it."""
    code = ord(character)
    if code in _charset(base) or unicodedata.category(character) in ("Zs", "Cc", "Cf"):
        return base
    for name in FALLBACKS:
        if code in _charset(name):
            return name
    return None


_font_for = font_of


def has_wide(text: str) -> bool:
    """True when the text has Chinese, Japanese or Korean characters (no spaces between words)."""
    return not text.isascii() and any(ord(character) >= 0x1100 and font_of(character) in WIDE for character in text)


def single_font(text: str, base: str) -> bool:
    """True when the base font has every character (the common, fast case)."""
    if text.isascii():
        return True
    return _single_font(text, base)


@lru_cache(maxsize=8192)  # signer lists repeat names and cities many times
def _single_font(text: str, base: str) -> bool:
    charset = _charset(base)
    return all(ord(character) in charset or character == " " for character in text)


def runs(text: str, base: str) -> list[tuple[str, str]]:
    """(font, text) runs; characters no font has are kept in the base font."""
    if single_font(text, base):
        return [(base, text)] if text else []
    result: list[tuple[str, str]] = []
    for character in text:
        font = _font_for(character, base) or base
        if result and (font == result[-1][0] or character == " "):
            result[-1] = (result[-1][0], result[-1][1] + character)
        else:
            result.append((font, character))
    return result


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
    from tracker.packets import script

    if script.needs_layout(text):
        return script.line_width(script.one_line(text), size, base)
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in runs(text, base))


def draw(canvas, x: float, y: float, text: str, size: float, base: str = "Sans", align: str = "left") -> None:
    """Draw one line on the canvas with font fallback; align left, center or right of x."""
    from tracker.packets import script

    register()
    if script.needs_layout(text):
        script.draw_line(canvas, script.one_line(text), x, y, size, base, align=align)
        return
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
        set_font(text_object, font, size)
        text_object.textOut(chunk)


def set_font(text_object, font: str, size: float) -> None:
    """Set the text object's font unless it has already set that one itself: a signer list of
    thousands of lines in one font says so once per page, not once per name."""
    if getattr(text_object, "tracker_font", None) != (font, size):
        text_object.setFont(font, size)
        text_object.tracker_font = (font, size)


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
