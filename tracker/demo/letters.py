"""Fictional demo support letters in every state, typed, translated and uploaded
(see tracker/demo/__init__.py). Every writer and letter here is invented."""
from __future__ import annotations

import io
from datetime import date, timedelta

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen import canvas

from tracker.auth.models import User
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.files import services as files
from tracker.letters import services as letters
from tracker.letters.models import Letter, LetterNeed, LetterPage, LetterSource, LetterStatus, Relation
from tracker.types import utcnow


def _letter_pdf(author: str, lines: list[str]) -> bytes:
    """A fictional signed letter, as a scanned letter would arrive."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=LETTER)
    pdf.setTitle("Support letter")
    pdf.setFont("Times-Roman", 12)
    y = 10 * inch
    pdf.drawString(inch, y, date.today().strftime("%B %d, %Y"))
    y -= 0.5 * inch
    for line in ["To the Field Office Director:", "", *lines, "", "Sincerely,", "", author]:
        pdf.drawString(inch, y, line)
        y -= 0.28 * inch
    pdf.setFont("Helvetica-Oblique", 16)
    pdf.drawString(inch, y + 0.6 * inch, author.split()[0] + " " + author.split()[-1][0] + ".")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _letter(case: Case, status: LetterStatus, relation: Relation, author: str, **fields) -> Letter:
    letter = Letter(
        case_id=case.id,
        status=status,
        source=fields.pop("source", LetterSource.STAFF),
        author_name=author,
        relation=relation,
        language=fields.pop("language", "English"),
        submitted_at=utcnow() - timedelta(days=fields.pop("days_ago", 5)),
        **fields,
    )
    db.session.add(letter)
    return letter


def _letters_for_rosa(case: Case, reviewer: User) -> None:
    for relation, wanted in ((Relation.FAMILY, 2), (Relation.CLERGY, 2), (Relation.EMPLOYER, 1),
                             (Relation.TEACHER, 1), (Relation.COMMUNITY, 3)):
        db.session.add(LetterNeed(case_id=case.id, relation=relation, wanted=wanted))
    approved = {"reviewed_by_id": reviewer.id, "reviewed_at": utcnow()}
    _letter(case, LetterStatus.APPROVED, Relation.CLERGY, "Rev. Ana Lucía Ferreira", organization="St. Brigid's Parish (demo)",
            relationship_detail="pastor of her parish", known_for="11 years", days_ago=20,
            body=("I have been the pastor of St. Brigid's Parish for eleven years and have known Rosa for all of "
                  "them. Every Saturday she arrives before dawn to sort donations at our food pantry, and she "
                  "has organized meals for families in crisis more times than I can count.\n\n"
                  "Her children serve at Mass and are honour-roll students. Separating this family would harm "
                  "not only them but our whole community. I respectfully ask that Rosa be allowed to stay.\n\n"
                  "Rev. Ana Lucía Ferreira\nSt. Brigid's Parish (demo)"),
            **approved)
    _letter(case, LetterStatus.APPROVED, Relation.EMPLOYER, "Daniel Brennan", organization="Brennan's Bakery (demo)",
            relationship_detail="her employer", known_for="7 years", days_ago=18,
            body=("Rosa has worked at our bakery for seven years. She is reliable, trains every new employee and "
                  "is trusted with opening the shop. We would lose a pillar of our small business.\n\nDaniel Brennan"),
            **approved)
    # A Spanish letter with its certified English translation.
    _letter(case, LetterStatus.APPROVED, Relation.FAMILY, "María José Marroquín", language="Spanish",
            relationship_detail="her sister", known_for="all her life", days_ago=15,
            body=("Soy la hermana de Rosa. Desde que llegó a Chicago, ella ha cuidado de sus hijos y de nuestra "
                  "madre enferma. Sus hijos la necesitan: no sabrían vivir sin ella. Les pido con todo mi corazón "
                  "que le permitan quedarse.\n\nMaría José Marroquín"),
            translation_text=("I am Rosa's sister. Since she arrived in Chicago, she has cared for her children and "
                              "for our sick mother. Her children need her: they would not know how to live without "
                              "her. I ask you with all my heart to allow her to stay.\n\nMaría José Marroquín"),
            translator_name="Elena Quiroga Vance", translator_address="1200 W Sample St, Chicago, IL 60607",
            translator_statement=letters.certification_text("Spanish"), translation_certified_on=date.today() - timedelta(days=12),
            **approved)
    _letters_in_other_scripts(case, approved)
    # An uploaded, signed PDF letter.
    stored = files.store(files.check_upload(
        _letter_pdf("Hannah Lindgren", [
            "I have taught Rosa's son Mateo for two years at Pilsen Elementary (demo).",
            "Rosa has never missed a parent-teacher conference and volunteers on every field trip.",
            "Mateo is thriving; losing his mother would devastate him.",
            "Please allow Rosa to remain with her children.",
        ]), "lindgren-letter.pdf"))
    _letter(case, LetterStatus.APPROVED, Relation.TEACHER, "Hannah Lindgren", organization="Pilsen Elementary (demo)",
            relationship_detail="her son's teacher", known_for="2 years", pages=[LetterPage(file=stored)], days_ago=10,
            **approved)
    _letter(case, LetterStatus.RECEIVED, Relation.COMMUNITY, "Kofi Ekwueme", source=LetterSource.PUBLIC,
            relationship_detail="neighbour on 18th Street", known_for="5 years", days_ago=2,
            body="Rosa helped my family when we first moved here. She is the heart of our block.\n\nKofi Ekwueme")
    _letter(case, LetterStatus.NEEDS_REVISION, Relation.COMMUNITY, "Julia Rosales", source=LetterSource.STAFF,
            relationship_detail="fellow volunteer", known_for="3 years", days_ago=6,
            body="Rosa is a good person.", review_note="Could you add how you know Rosa, for how long, and sign and date the letter?",
            reviewed_by_id=reviewer.id, reviewed_at=utcnow() - timedelta(days=4))
    _letter(case, LetterStatus.EXCLUDED, Relation.OTHER, "Anonymous supporter", source=LetterSource.PUBLIC, days_ago=8,
            body="Free her now!!!", review_note="No name and no relationship: cannot be filed.",
            reviewed_by_id=reviewer.id, reviewed_at=utcnow() - timedelta(days=7))
    invitation, _ = letters.create_invitation(case, reviewer, author_name="Ald. Teresa Sandoval (demo)",
                                              relation=Relation.ELECTED_OFFICIAL, days=30)
    invitation.letter.organization = "25th Ward Office (demo)"


def _translated(case: Case, relation: Relation, author: str, language: str, body: str, translation: str,
                translator: str, **fields) -> None:
    _letter(case, LetterStatus.APPROVED, relation, author, language=language, body=body, translation_text=translation,
            translator_name=translator, translator_address="1200 W Sample St, Chicago, IL 60607",
            translator_statement=letters.certification_text(language),
            translation_certified_on=date.today() - timedelta(days=9), **fields)


def _letters_in_other_scripts(case: Case, approved: dict) -> None:
    """Letters whose writers' names and words are in Chinese, Dari and Hindi, so that the demo
    packet shows every script printed, shaped and searchable, each with its certified translation."""
    _translated(
        case, Relation.NEIGHBOUR, "王秀英", "Chinese",
        "我是罗莎的邻居，认识她已经八年了。每个冬天，她都会帮我们整条街的老人铲雪、买菜。"
        "她的孩子们和我的孙子一起上学。我们整个社区都需要她。恳请您让她留下来。\n\n王秀英",
        "I am Rosa's neighbour and have known her for eight years. Every winter she shovels snow and buys groceries "
        "for the elderly people on our whole street. Her children go to school with my grandson. Our whole "
        "community needs her. I earnestly ask you to let her stay.\n\nWang Xiuying",
        "Li Chen Example", relationship_detail="neighbour on 18th Street", known_for="8 years", days_ago=14, **approved)
    _translated(
        case, Relation.COMMUNITY, "احمد رحیمی", "Dari",
        "من احمد رحیمی هستم و از سال 2019 با روزا در مرکز اجتماعی کار می‌کنم. او هر هفته به خانواده‌های تازه‌وارد "
        "کمک می‌کند. او انسان مهربان و صادقی است. خواهش می‌کنم اجازه دهید او با فرزندانش بماند.\n\nاحمد رحیمی",
        "I am Ahmad Rahimi and I have worked with Rosa at the community centre since 2019. Every week she helps "
        "newly arrived families. She is a kind and honest person. I ask you to allow her to stay with her "
        "children.\n\nAhmad Rahimi",
        "Farida Example Noori", relationship_detail="fellow volunteer at the community centre", known_for="6 years",
        days_ago=13, **approved)
    _translated(
        case, Relation.COMMUNITY, "प्रिया शर्मा", "Hindi",
        "मैं प्रिया शर्मा हूँ। मैं रोज़ा को पाँच साल से जानती हूँ। वह हमारे मोहल्ले की सबसे भरोसेमंद और दयालु "
        "इंसान हैं। जब मेरी माँ बीमार थीं, तब उन्होंने हर दिन खाना पहुँचाया। कृपया उन्हें अपने परिवार के साथ रहने दें।"
        "\n\nप्रिया शर्मा",
        "I am Priya Sharma. I have known Rosa for five years. She is the most trustworthy and kind person in our "
        "neighbourhood. When my mother was ill, she brought food every day. Please let her stay with her "
        "family.\n\nPriya Sharma",
        "Anil Example Verma", relationship_detail="friend from the neighbourhood", known_for="5 years", days_ago=12,
        **approved)


def load_demo_letters(cases: list[Case], users: dict[str, User]) -> None:
    """Letters for Rosa's campaign, the first case."""
    _letters_for_rosa(cases[0], users["campaign@demo.example"])
