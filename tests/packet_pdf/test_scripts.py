"""Every script a letter comes in prints right and is found by search.

Read back with `pdftotext` (Poppler, what most Linux viewers use), which
reads /ActualText and puts right-to-left text in reading order; Arabic comes
back as presentation forms, which searching normalises (NFKC), as viewers do.
"""
from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from tests.packets import read
from tests.packets.test_layout import make_spec, typed
from tracker.packets.layout import Exhibit, build_packet

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

ARABIC = "كان احمد جارنا منذ عام 2010. هو رجل طيب ويساعد الجميع. نحن نحبه كثيرا."
HINDI = "प्रिया शर्मा मेरी पड़ोसी है। वह बहुत दयालु हैं।"
SAMPLES = {
    "Chinese (simplified)": "王小明是我们的邻居。",
    "Chinese (traditional)": "他每天幫助社區裡的老人。",
    "Japanese": "田中さんはとても親切です。",
    "Korean": "김민준은 좋은 이웃입니다.",
    "Bengali": "তিনি খুব ভালো মানুষ।",
    "Gurmukhi": "ਉਹ ਬਹੁਤ ਚੰਗੇ ਗੁਆਂਢੀ ਹਨ।",
    "Tamil": "அவர் நல்ல அண்டை வீட்டுக்காரர்.",
    "Thai": "เขาเป็นเพื่อนบ้านที่ดี",
    "Burmese": "သူသည် ကောင်းသော အိမ်နီးချင်း ဖြစ်သည်။",
    "Khmer": "គាត់ជាអ្នកជិតខាងល្អ។",
    "Armenian": "Նա լավ հարևան է։",
    "Georgian": "ის კარგი მეზობელია.",
}


def _pdftotext(pdf: bytes, tmp_path, page: int | None = None) -> str:
    path = tmp_path / "packet.pdf"
    path.write_bytes(pdf)
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(["pdftotext", *pages, str(path), "-"], capture_output=True, text=True, check=True)
    # Poppler marks direction changes with embedding controls; they are not part of the words.
    return "".join(character for character in unicodedata.normalize("NFKC", result.stdout)
                   if unicodedata.category(character) != "Cf")


@pytest.fixture(scope="module")
def packet():
    exhibits = [
        Exhibit("A", "Letter from احمد رحيمي — neighbour", [typed("A", "احمد رحيمي", ARABIC)]),
        Exhibit("B", "Letter from प्रिया शर्मा — neighbour", [typed("B", "प्रिया शर्मा", HINDI)]),
    ]
    for number, (language, text) in enumerate(SAMPLES.items()):
        label = chr(ord("C") + number)
        exhibits.append(Exhibit(label, f"Letter in {language} — neighbour", [typed(label, f"{language} Writer", text)]))
    return build_packet(make_spec(exhibits)).pdf


def test_every_script_is_searchable_in_its_own_letters(packet, tmp_path):
    text = _pdftotext(packet, tmp_path)
    for language, sample in SAMPLES.items():
        assert " ".join(unicodedata.normalize("NFKC", sample).split()) in " ".join(text.split()), language


def test_arabic_sentences_read_in_order_and_names_are_found(packet, tmp_path):
    page = " ".join(_pdftotext(packet, tmp_path, 3).split())
    assert "احمد" in page
    # Each sentence reads in order, and the sentences follow one another (the full stops' places
    # are seen in the picture: Poppler's text order for punctuation beside numbers is its own).
    for sentence in ("كان احمد جارنا منذ عام", "هو رجل طيب ويساعد الجميع", "نحن نحبه كثيرا."):
        assert sentence in page, sentence
    assert page.index("كان احمد") < page.index("2010") < page.index("هو رجل") < page.index("نحن نحبه")


def test_devanagari_conjuncts_are_shaped_and_read_back_whole(packet, tmp_path):
    page = _pdftotext(packet, tmp_path, 4)
    assert "प्रिया शर्मा मेरी पड़ोसी है।" in page
    assert "Letter from प्रिया शर्मा" in page
    # Shaped: प्र is one glyph, so the page holds fewer glyphs than letters for the name.
    from tracker.packets.script import _shape  # noqa: PLC0415 - the shaping itself
    glyphs, _ = _shape("प्रिया", "Devanagari", 11)
    assert len(glyphs) < len("प्रिया")


def test_the_fonts_are_embedded_as_subsets(packet):
    names = set()
    for page in read(packet).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    for face in ("DroidSansFallback", "NanumGothic", "NotoNaskhArabic", "NotoSansDevanagari", "NotoSansBengali",
                 "NotoSansGurmukhi", "NotoSansTamil", "NotoSansThai", "NotoSansMyanmar", "NotoSansKhmer",
                 "NotoSansArmenian", "NotoSansGeorgian"):
        embedded = [name for name in names if face in name]
        assert embedded and all("+" in name for name in embedded), face  # a subset tag: ABCDEF+Name
    assert len(packet) < 1_500_000


def test_the_pages_render_with_ink_where_the_letters_are(packet, tmp_path):
    """Looked at as a picture: the Chinese and Arabic letter pages are not blank."""
    if not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils is not installed")
    from PIL import Image
    path = tmp_path / "packet.pdf"
    path.write_bytes(packet)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "3", "-l", "5", str(path), str(tmp_path / "page")], check=True)
    pictures = sorted(tmp_path.glob("page-*.png"))
    assert len(pictures) == 3
    for png in pictures:
        top = Image.open(png).convert("L").crop((0, 60, 425, 200))
        assert sum(top.histogram()[:128]) > 200, png.name
