"""Lines of text in scripts that need more than one glyph per letter: shaped
with HarfBuzz (Arabic, Devanagari, Bengali, Gurmukhi, Tamil, Thai, Burmese,
Khmer) and laid out right to left with the Unicode bidi algorithm.

ReportLab's Paragraph wraps words left to right and draws each letter as
its own glyph, so a paragraph with such text is drawn here: the words are
wrapped in reading order, each line is cut into runs of one font and one
bidi level (python-bidi resolves the levels), the runs are put in visual
order (rule L2), and each run is shaped as a whole, so HarfBuzz joins
Arabic letters and builds conjuncts such as प्र. The runs are written into
the page in reading order; a shaped left-to-right run carries its letters
as /ActualText, so that copying and searching find "प्रिया", not its glyphs.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bidi.algorithm import (
    explicit_embed_and_overrides,
    get_embedding_levels,
    get_empty_storage,
    resolve_implicit_levels,
    resolve_neutral_types,
    resolve_weak_types,
)
from bidi.mirror import MIRRORED
from reportlab.lib.abag import ABag
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import shapeFragWord
from reportlab.platypus import Flowable

from tracker.packets import fonts

_TOKEN = re.compile(r"\S+\s*|\s+")


def needs_layout(text: str) -> bool:
    """True when plain left-to-right drawing would print the text wrong."""
    if text.isascii():
        return False
    for character in text:
        if ord(character) < 0x590:
            continue
        if unicodedata.bidirectional(character) in ("R", "AL") or fonts.font_of(character) in fonts.SHAPED:
            return True
    return False


def _levels(text: str, rtl: bool) -> list[int]:
    """The resolved bidi level of every character (rules X1-I2 of UAX #9)."""
    storage = get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    get_embedding_levels(text, storage)
    explicit_embed_and_overrides(storage)
    resolve_weak_types(storage)
    resolve_neutral_types(storage, False)
    resolve_implicit_levels(storage, False)
    return [character["level"] for character in storage["chars"]]


@dataclass
class _Run:
    font: str
    text: str
    level: int
    drawn: str = ""  # what is handed to ReportLab: shaped glyphs, or letters in visual order
    width: float = 0.0
    shaped: bool = False


def _runs(text: str, levels: list[int], base: str) -> list[_Run]:
    """Runs of one font and one level, in reading order; marks and joiners stay with their letter."""
    runs: list[_Run] = []
    for character, level in zip(text, levels, strict=False):
        font = fonts.font_of(character, base) or base
        category = unicodedata.category(character)
        attached = category in ("Mn", "Mc", "Me", "Cf")
        # Spaces and punctuation stay in the run they follow when its font has them: a full stop
        # is shaped with its sentence and keeps its place beside it.
        neutral = category[0] in "PZS" and runs and runs[-1].level == level and fonts.has_character(runs[-1].font, character)
        if runs and (attached or neutral):
            runs[-1].text += character
        elif runs and runs[-1].font == font and runs[-1].level == level:
            runs[-1].text += character
        else:
            runs.append(_Run(font, character, level))
    return runs


@lru_cache(maxsize=4096)
def _shape(text: str, font: str, size: float) -> tuple[str, float]:
    word = shapeFragWord([stringWidth(text, font, size), (ABag(fontName=font, fontSize=size), text)], force=True)
    return word[1][1], word[0]


def _prepare(run: _Run, size: float) -> None:
    if run.font in fonts.SHAPED:
        # HarfBuzz takes the letters in reading order and returns glyphs in visual order.
        run.drawn, run.width = _shape(run.text, run.font, size)
        run.shaped = True
        return
    run.drawn = run.text
    if run.level % 2:
        run.drawn = "".join(MIRRORED.get(character, character) for character in reversed(run.text))
    run.width = stringWidth(run.drawn, run.font, size)


def _visual_order(runs: list[_Run]) -> list[_Run]:
    """Rule L2: from the highest level down to the lowest odd one, reverse every
    sequence of runs at that level or higher."""
    order = list(runs)
    if not order:
        return order
    highest = max(run.level for run in order)
    lowest_odd = min((run.level for run in order if run.level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(order):
            if order[index].level >= level:
                end = index
                while end < len(order) and order[end].level >= level:
                    end += 1
                order[index:end] = reversed(order[index:end])
                index = end
            else:
                index += 1
    return order


@dataclass
class Line:
    text: str
    levels: list[int]


def line_width(line: Line, size: float, base: str) -> float:
    runs = _runs(line.text, line.levels, base)
    for run in runs:
        _prepare(run, size)
    return sum(run.width for run in runs)


def draw_line(canvas, line: Line, x: float, y: float, size: float, base: str, width: float | None = None,
              align: str = "left") -> None:
    """Draw one line; with `width`, right-aligned lines end at x + width."""
    runs = _runs(line.text.rstrip(), line.levels[: len(line.text.rstrip())], base)
    for run in runs:
        _prepare(run, size)
    total = sum(run.width for run in runs)
    start = x
    if align == "right":
        start = x + (width or 0) - total if width is not None else x - total
    elif align == "center":
        start = x - total / 2
    positions, cursor = {}, start
    for run in _visual_order(runs):
        positions[id(run)] = cursor
        cursor += run.width
    for run in runs:  # reading order in the page's content: the text layer reads in order
        text = canvas.beginText(positions[id(run)], y)
        text.setFont(run.font, size)
        text.textOut(run.drawn)
        if run.shaped and not run.level % 2:
            canvas._code.append(f"/Span <</ActualText <{_utf16(run.text)}>>> BDC")  # noqa: SLF001
            canvas.drawText(text)
            canvas._code.append("EMC")  # noqa: SLF001
        else:
            canvas.drawText(text)


def _utf16(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


def one_line(text: str, rtl: bool | None = None) -> Line:
    rtl = fonts.is_right_to_left(text) if rtl is None else rtl
    return Line(text, _levels(text, rtl))


def wrap(text: str, size: float, limit: float, base: str, rtl: bool) -> list[Line]:
    """Lines of a paragraph in reading order, each narrower than `limit` points."""
    text = " ".join(text.split())
    levels = _levels(text, rtl)
    lines: list[Line] = []
    start = end = 0
    used = 0.0
    for match in _TOKEN.finditer(text):
        token_start, token_end = match.span()
        token = Line(text[token_start:token_end], levels[token_start:token_end])
        token_width = line_width(Line(token.text.rstrip(), token.levels), size, base)
        if end > start and used + token_width > limit:
            lines.append(Line(text[start:end], levels[start:end]))
            start, used = token_start, 0.0
        if token_width > limit:  # one word wider than the line (Thai has no spaces): cut it
            for piece_start, piece_end in _pieces(text, token_start, token_end, levels, size, limit, base):
                if piece_end < token_end:
                    lines.append(Line(text[piece_start:piece_end], levels[piece_start:piece_end]))
                    start = piece_end
                else:
                    used = line_width(Line(text[piece_start:piece_end], levels[piece_start:piece_end]), size, base)
            end = token_end
            continue
        end = token_end
        used += line_width(token, size, base)
    if end > start:
        lines.append(Line(text[start:end], levels[start:end]))
    return lines


def _pieces(text, start, end, levels, size, limit, base):
    """Cut a long word where a letter starts (never before a mark), each piece under `limit`."""
    piece_start = start
    last_fit = start
    for index in range(start + 1, end + 1):
        if index < end and unicodedata.category(text[index]) in ("Mn", "Mc", "Me", "Cf"):
            continue
        if line_width(Line(text[piece_start:index], levels[piece_start:index]), size, base) > limit and last_fit > piece_start:
            yield piece_start, last_fit
            piece_start = last_fit
        last_fit = index
    yield piece_start, end


class ScriptParagraph(Flowable):
    """A paragraph laid out by this module; it splits across pages between lines."""

    def __init__(self, text: str, font: str, size: float, leading: float, space_after: float = 0,
                 rtl: bool | None = None, lines: list[Line] | None = None):
        super().__init__()
        self.text, self.font, self.size, self.leading, self.space_after = text, font, size, leading, space_after
        self.rtl = fonts.is_right_to_left(text) if rtl is None else rtl
        self.lines = lines
        self.fixed = lines is not None  # a part of a split paragraph keeps its lines

    def getSpaceAfter(self):
        return self.space_after

    def wrap(self, available_width, available_height):
        if not self.fixed and getattr(self, "_wrapped_width", None) != available_width:
            self.lines = wrap(self.text, self.size, available_width, self.font, self.rtl)
            self._wrapped_width = available_width
        self.width, self.height = available_width, len(self.lines) * self.leading
        return self.width, self.height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        fits = int(available_height // self.leading)
        if fits <= 0 or fits >= len(self.lines):
            return [] if fits <= 0 else [self]
        first = ScriptParagraph(self.text, self.font, self.size, self.leading, 0, self.rtl, self.lines[:fits])
        rest = ScriptParagraph(self.text, self.font, self.size, self.leading, self.space_after, self.rtl, self.lines[fits:])
        return [first, rest]

    def draw(self):
        for number, line in enumerate(self.lines):
            y = self.height - number * self.leading - self.size
            draw_line(self.canv, line, 0, y, self.size, self.font, self.width, "right" if self.rtl else "left")
