"""The court version is fit to file: the cover page in the court's form, a judge-specific
ask, the certificate of service; the counsel version is addressed to counsel; the ICE
version asks for the stay or prosecutorial discretion and names the I-246 filing."""
from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest

from tests import factories
from tests.packets import page_texts
from tracker.cases.models import Filing, FilingKind, FilingStatus
from tracker.extensions import db
from tracker.letters.models import Relation
from tracker.packets import court, services
from tracker.packets.models import CourtOffice, Recipient
from tracker.people.models import DetentionStatus
from tracker.timeline.models import Event, EventKind


@pytest.fixture
def case(app, users):
    case = factories.consenting_case(team=[users["legal"]], name="Rosa Example Vega", a_number="999-000-321",
                                     detention_status=DetentionStatus.DETAINED)
    case.court, case.judge = "Example Immigration Court, 202 Example Plaza, Springfield", "IJ Maria Example"
    case.ice_field_office = "Example Field Office, 1 Main St"
    users["legal"].title = "Paralegal"
    db.session.add(CourtOffice(court=case.court, chief_counsel_address="9 Counsel Way\nSpringfield, IL 60000"))
    db.session.add(Event(case_id=case.id, kind=EventKind.INDIVIDUAL_HEARING, timezone="America/Chicago",
                         starts_at=datetime(2030, 3, 4, 15, 30, tzinfo=timezone.utc)))
    db.session.commit()
    factories.make_letter(case, author="Ana Example", relation=Relation.FAMILY)
    return case


def _build(case, kind, user, **changes):
    letters = services.approved_letters(case)
    choices = services.PacketChoices(
        recipient_kind=kind, recipient=services.recipient_text(case, kind),
        cover_text=services.default_cover_text(case, kind, letters, user),
        letter_ids=[letter.id for letter in letters], filer_lines=services.filer_lines(user), **changes)
    packet = services.build_and_keep(case, choices, user)
    db.session.commit()
    return choices, services.packet_pdf(packet)


def test_the_judge_version_opens_with_the_courts_cover_page_and_asks_the_court(case, users, tmp_path):
    service = court.service_certificate(date(2030, 2, 20), "mail", court.chief_counsel_address(case),
                                        users["legal"].name, users["legal"].title, "Sanctuary Network")
    choices, pdf = _build(case, Recipient.JUDGE, users["legal"], service_text=service)
    pages = page_texts(pdf)
    cover = pages[0]
    for expected in ("Lee Legal Paralegal", "DETAINED", "UNITED STATES DEPARTMENT OF JUSTICE",
                     "EXECUTIVE OFFICE FOR IMMIGRATION REVIEW", "IMMIGRATION COURT", "Example Immigration Court",
                     "In the Matter of:", "Rosa Example Vega", "Respondent.", "In removal proceedings",
                     "File No.: A 999-000-321", "Immigration Judge: Maria Example", "Next hearing: March 4, 2030, 9:30 AM",
                     "RESPONDENT'S SUBMISSION OF LETTERS OF SUPPORT"):
        assert expected in cover, expected
    assert "NON-DETAINED" not in cover
    letter = " ".join(pages[1].split())
    assert "The Honorable Maria Example" in letter and "Dear Judge Example:" in letter
    assert "We respectfully ask the Court to consider these letters" in letter
    assert "/s/ Lee Legal" in pages[-1] and "9 Counsel Way, Springfield, IL 60000, by first-class mail" in pages[-1]
    assert "[" not in " ".join(pages)
    if shutil.which("pdftoppm"):  # looked at as a picture: the cover page has the caption and title drawn
        path = tmp_path / "court.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(path), str(tmp_path / "cover")], check=True)
        from PIL import Image
        [png] = tmp_path.glob("cover-*.png")
        assert sum(Image.open(png).convert("L").histogram()[:128]) > 1500


def test_a_person_not_detained_and_with_no_hearing_is_said_so(app, users):
    case = factories.consenting_case(team=[users["legal"]], name="Luis Example", a_number="999-000-322")
    case.court, case.judge = "Example Immigration Court", "IJ Maria Example"
    users["legal"].title = "Paralegal"
    db.session.commit()
    factories.make_letter(case)
    _, pdf = _build(case, Recipient.JUDGE, users["legal"])
    cover = page_texts(pdf)[0]
    assert "NON-DETAINED" in cover and "Next hearing: Not yet scheduled" in cover


def test_the_counsel_version_is_addressed_to_counsel(case, users):
    choices, pdf = _build(case, Recipient.COUNSEL, users["legal"])
    first = " ".join(page_texts(pdf)[0].split())
    assert "Chief Counsel Office of the Chief Counsel U.S. Department of Homeland Security 9 Counsel Way" in first
    assert "Dear Chief Counsel:" in first
    assert "We respectfully ask the Office of the Chief Counsel to consider these letters and to exercise prosecutorial discretion" in first
    assert "RESPONDENT'S SUBMISSION" not in first


def test_the_ice_version_asks_for_the_stay_and_names_the_i246_filing(case, users):
    choices, _ = _build(case, Recipient.ICE, users["legal"])
    assert "We respectfully ask that you grant a stay of removal or exercise prosecutorial discretion" in choices.cover_text
    assert "I-246" not in choices.cover_text
    db.session.add(Filing(case_id=case.id, kind=FilingKind.STAY_OF_REMOVAL, status=FilingStatus.PENDING,
                          filed_on=date.today() - timedelta(days=3), receipt_number="ZSF-EXAMPLE-1"))
    db.session.commit()
    db.session.refresh(case)
    choices, pdf = _build(case, Recipient.ICE, users["legal"])
    filed = services.long_date(date.today() - timedelta(days=3))
    expected = f"These letters support the application for a stay of removal (Form I-246) filed on {filed} (receipt ZSF-EXAMPLE-1)."
    assert expected in choices.cover_text
    assert expected in " ".join(" ".join(page_texts(pdf)[:1]).split())
