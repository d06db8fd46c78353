"""What the packet says: counts that match the index, plurals, the writers named
properly, no "A# (none yet)", and a stamp whose A-number is always whole. And the
demo packet, with letters in Chinese, Dari and Hindi, reads correctly."""
from __future__ import annotations

import io
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from tests import factories
from tests.packets import page_texts
from tracker.extensions import db
from tracker.letters.models import Relation
from tracker.packets import services
from tracker.packets.layout import stamp_text
from tracker.packets.models import Recipient


def _packet(case, include_petition=False):
    case.ice_field_office = "Example Field Office, 1 Main St"
    letters = services.approved_letters(case)
    choices = services.PacketChoices(
        recipient_kind=Recipient.ICE, recipient=services.recipient_text(case, Recipient.ICE),
        cover_text=services.default_cover_text(case, Recipient.ICE, letters, None),
        letter_ids=[letter.id for letter in letters], include_petition=include_petition)
    packet = services.build_and_keep(case, choices, None)
    db.session.commit()
    return choices, page_texts(services.packet_pdf(packet))


def test_the_exhibit_count_matches_the_index_and_the_writers_are_named_properly(app, users):
    case = factories.consenting_case(team=[users["campaign"]], name="Rosa Example Vega")
    factories.make_campaign(case, slug="wording-campaign")
    db.session.flush()
    for author, relation in (("Ana Sister", Relation.FAMILY), ("Luis Brother", Relation.FAMILY),
                             ("Tina Teacher", Relation.TEACHER), ("Ned Neighbour", Relation.NEIGHBOUR)):
        factories.make_letter(case, author=author, relation=relation)
    petition = services.petition_of(case)
    choices, pages = _packet(case, include_petition=petition is not None)
    exhibits = 4 + (1 if petition is not None else 0)
    assert f"Letters of support ({exhibits} exhibits)" in pages[0]
    assert "They come from family members, a teacher and a neighbour who know Rosa well" in " ".join(choices.cover_text.split())
    assert "(1 exhibits)" not in pages[0]


def test_one_letter_is_one_exhibit_and_a_case_without_an_a_number_prints_none(app, users):
    case = factories.consenting_case(team=[users["campaign"]], name="Solo Example", a_number=None)
    factories.make_letter(case, author="Only Writer", relation=Relation.CLERGY)
    choices, pages = _packet(case)
    assert "Letters of support (1 exhibit)" in pages[0]
    assert "It comes from a member of the clergy who knows Solo well and describes" in " ".join(choices.cover_text.split())
    text = " ".join(pages)
    assert "A#" not in text and "none yet" not in text
    assert "Re: Solo Example Letters of support" in pages[0]


def test_the_stamp_shortens_the_name_and_keeps_the_a_number_whole():
    long_name = "María de los Ángeles Guadalupe Hernández Castillo de la Cruz"
    stamp = stamp_text(long_name, "A# 999-000-123")
    assert stamp.endswith(" · A# 999-000-123")
    assert stamp.startswith("María de los") and "…" in stamp
    assert stamp_text("Rosa Vega", "A# 999-000-123") == "Rosa Vega · A# 999-000-123"
    assert stamp_text("Rosa Vega", "") == "Rosa Vega"


def test_a_long_name_in_the_packet_stamp_keeps_the_a_number(app, users):
    case = factories.consenting_case(team=[users["campaign"]], a_number="999-000-123",
                                     name="María de los Ángeles Guadalupe Hernández Castillo de la Cruz")
    factories.make_letter(case, author="Some Writer")
    _, pages = _packet(case)
    assert all("· A# 999-000-123 Page" in page for page in pages)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_demo_packet_shows_chinese_dari_and_hindi_letters_with_translations(app, tmp_path):
    from tracker.demo import load_demo

    load_demo("demo passphrase for packets")
    db.session.commit()
    from tracker.cases.models import Case

    rosa = db.session.scalars(db.select(Case).order_by(Case.id)).first()
    rosa.ice_field_office = rosa.ice_field_office or "Example Field Office, 1 Main St"
    letters = services.approved_letters(rosa)
    choices = services.PacketChoices(
        recipient_kind=Recipient.ICE, recipient=services.recipient_text(rosa, Recipient.ICE),
        cover_text=services.default_cover_text(rosa, Recipient.ICE, letters, None),
        letter_ids=[letter.id for letter in letters])
    packet = services.build_and_keep(rosa, choices, None)
    pdf = services.packet_pdf(packet)
    path = tmp_path / "demo.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join("".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf").split())
    for expected in ("Letter from 王秀英", "我是罗莎的邻居", "Letter from प्रिया शर्मा", "मैं प्रिया शर्मा हूँ।", "احمد",
                     "English translation of the letter from 王秀英", "I am Ahmad Rahimi",
                     "translator of the letter from प्रिया शर्मा from Hindi into English",
                     "translator of the letter from 王秀英 from Chinese into English"):
        assert expected in text, expected
    assert len(PdfReader(io.BytesIO(pdf)).pages) == packet.page_count
