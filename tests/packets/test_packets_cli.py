"""`flask packets build CASE_ID --out FILE`: the same packet as the web page, kept as a version."""
import hashlib
import re
from datetime import date

import pytest

from tests import factories
from tests.packets import index_ranges, page_texts, qpdf_check, stamped_label
from tracker.campaigns import services as campaigns
from tracker.campaigns.models import Petition
from tracker.extensions import db
from tracker.letters.models import LetterStatus, Relation
from tracker.packets import services
from tracker.packets.models import Packet, Recipient
from tracker.security.audit import AuditEntry

NAME = "Ελένη Παπαδάκη"
STAMP = f"{NAME} · A# 999-000-077"


@pytest.fixture
def case(app, users):
    case = factories.consenting_case(team=[users["campaign"]], name=NAME, a_number="999-000-077",
                                     address="3 Secret Road, Springfield", birth_date=date(1990, 1, 15))
    case.judge, case.court = "IJ Example Judge", "Example Immigration Court"
    case.ice_field_office = "Example Field Office, 1 Main St, Springfield"
    users["campaign"].title = "Campaign coordinator"
    db.session.commit()
    factories.make_campaign(case, slug="cli-packet")
    petition = Petition.query.one()
    campaigns.sign(petition, name="Signer Example", email="signer.cli@example.org", city="Berwyn")
    campaigns.sign(petition, name="Signer Example Two", email="signer.two@example.org", city="Skokie")
    db.session.commit()
    scan = factories.stored_file(factories.pdf_bytes(pages=3, text="Uploaded CLI page"), "scan.pdf")
    factories.make_letter(case, author="Grace Example", relation=Relation.CLERGY, relationship_detail="her pastor")
    factories.make_letter(case, author="Scan Example", relation=Relation.EMPLOYER, relationship_detail="her employer",
                          body=None, letter_files=[scan])
    factories.make_letter(case, author="Excluded Example", status=LetterStatus.EXCLUDED)
    return case


def run(app, *args):
    return app.test_cli_runner().invoke(args=["packets", "build", *map(str, args)])


def test_the_command_writes_the_packet_and_keeps_it_as_a_version(app, users, case, tmp_path):
    out = tmp_path / "packet.pdf"
    result = run(app, case.id, "--out", out, "--as", users["campaign"].email)
    assert result.exit_code == 0, result.output
    packet = Packet.query.one()
    data = out.read_bytes()
    assert hashlib.sha256(data).hexdigest() == packet.sha256 and len(data) == packet.size
    assert f"Packet version 1 of case {case.id}: {packet.page_count} pages, sha256 {packet.sha256}" in result.output
    pages = page_texts(data)
    assert len(pages) == packet.page_count == 2 + 1 + 3 + 1  # cover, index, typed, 3-page upload, petition summary
    ranges = index_ranges(pages, [("A", "Letter from Grace Example — her pastor"), ("B", "Letter from Scan Example — her employer"),
                                  ("C", "Petition: 2 signatures — Let them stay")])
    assert ranges == {"A": (3, 3), "B": (4, 6), "C": (7, 7)}
    assert [(exhibit.label, exhibit.first_page, exhibit.last_page) for exhibit in packet.exhibits] == [
        ("A", 3, 3), ("B", 4, 6), ("C", 7, 7)]
    for number, text in enumerate(pages, start=1):
        assert text.endswith(f"Page {number} of {len(pages)}")
    assert stamped_label(pages[4], STAMP) == "Exhibit B" and pages[4].startswith("Uploaded CLI page 2")
    text = " ".join(pages)
    assert NAME in text and "999-000-077" in text and "Field Office Director" in pages[0]
    for absent in ("Excluded Example", "Signer Example", "signer.cli@example.org", "Secret Road", "1990"):
        assert absent not in text, absent
    assert packet.built_by_id == users["campaign"].id and packet.recipient_kind is Recipient.ICE
    entry = AuditEntry.query.filter_by(action="packet.build").one()
    assert (entry.case_id, entry.target_id, entry.user_id) == (case.id, packet.id, users["campaign"].id)
    qpdf_check(data, tmp_path)


def test_building_again_makes_version_two_and_keeps_version_one(app, case, tmp_path):
    assert run(app, case.id, "--out", tmp_path / "one.pdf").exit_code == 0
    result = run(app, case.id, "--out", tmp_path / "two.pdf", "--recipient", "judge", "--signers")
    assert result.exit_code == 0, result.output
    first, second = Packet.query.order_by(Packet.version).all()
    assert (first.version, second.version) == (1, 2)
    assert hashlib.sha256((tmp_path / "one.pdf").read_bytes()).hexdigest() == first.sha256
    pages = page_texts((tmp_path / "two.pdf").read_bytes())
    # The court version opens with the cover page in the court's form, then the letter to the judge.
    assert "RESPONDENT'S SUBMISSION OF LETTERS OF SUPPORT" in pages[0] and "A 999-000-077" in pages[0]
    assert "The Honorable Example Judge" in pages[1] and "Dear Judge Judge:" in pages[1]
    assert pages[-1].startswith("No. Name City or ZIP 1 Signer Example Berwyn 2 Signer Example Two Skokie")
    assert second.include_signers and second.recipient_kind is Recipient.JUDGE


def test_an_unknown_case_or_user_is_a_clear_error(app, case, tmp_path):
    out = tmp_path / "packet.pdf"
    unknown = run(app, 424242, "--out", out)
    assert unknown.exit_code == 1 and "Error: There is no case 424242." in unknown.output
    nobody = run(app, case.id, "--out", out, "--as", "nobody@example.org")
    assert nobody.exit_code == 1 and "No account with the email nobody@example.org" in nobody.output
    assert not out.exists() and Packet.query.count() == 0


def test_a_case_without_approved_letters_is_a_clear_error(app, users, tmp_path):
    case = factories.consenting_case(team=[users["campaign"]], name="No Letters Example")
    factories.make_letter(case, author="Pending Example", status=LetterStatus.RECEIVED)
    out = tmp_path / "packet.pdf"
    result = run(app, case.id, "--out", out)
    assert result.exit_code == 1 and "This case has no approved letters yet." in result.output
    assert not out.exists() and Packet.query.count() == 0


def test_an_unreadable_upload_stops_the_build_naming_the_letter(app, case, tmp_path):
    letter = next(letter for letter in services.approved_letters(case) if letter.author_name == "Scan Example")
    letter.pages[0].file.content = b"not a Fernet token"
    db.session.commit()
    out = tmp_path / "packet.pdf"
    result = run(app, case.id, "--out", out)
    assert result.exit_code == 1 and "the letter from Scan Example (Exhibit B)" in result.output
    assert not out.exists() and Packet.query.count() == 0
    assert AuditEntry.query.filter_by(action="packet.build").count() == 0


def test_a_file_that_cannot_be_written_keeps_no_version(app, case, tmp_path):
    result = run(app, case.id, "--out", tmp_path / "missing-folder" / "packet.pdf")
    assert result.exit_code == 1 and "missing-folder" in result.output and "no packet was kept" in result.output
    assert Packet.query.count() == 0


def test_a_letter_no_font_can_print_stops_the_build_naming_it(app, case, tmp_path):
    factories.make_letter(case, author="Wei Zhang", relation=Relation.NEIGHBOUR, body="ᏌᏊ ᎠᏂᏴᏫᏯ.")
    result = run(app, case.id, "--out", tmp_path / "packet.pdf")
    assert result.exit_code == 1, result.output
    assert "The letter from Wei Zhang (Exhibit C) has characters that no font of the packet can print" in result.output
    assert Packet.query.count() == 0



def test_service_needs_the_courts_address_and_a_signer_then_certifies_it(app, users, case, tmp_path):
    from tracker.packets.models import CourtOffice

    out = tmp_path / "packet.pdf"
    no_address = run(app, case.id, "--out", out, "--as", users["campaign"].email, "--service")
    assert no_address.exit_code == 1 and "address of the DHS Office of the Chief Counsel for Example Immigration Court" in no_address.output
    db.session.add(CourtOffice(court="Example Immigration Court", chief_counsel_address="9 Counsel Way\nSpringfield, IL 60000"))
    db.session.commit()
    no_signer = run(app, case.id, "--out", out, "--service")
    assert no_signer.exit_code == 1 and "--as EMAIL" in no_signer.output
    assert Packet.query.count() == 0
    result = run(app, case.id, "--out", out, "--as", users["campaign"].email, "--recipient", "judge", "--service",
                 "--service-method", "hand", "--service-date", "2026-12-01")
    assert result.exit_code == 0, result.output
    last = page_texts(out.read_bytes())[-1]
    assert ("I certify that on December 1, 2026 I served a copy of this submission and all its exhibits on the U.S. "
            "Department of Homeland Security, Office of the Chief Counsel, at 9 Counsel Way, Springfield, IL 60000, by "
            "hand delivery.") in last
    assert "/s/ Cam Campaign Cam Campaign Campaign coordinator" in last
    assert "[" not in " ".join(page_texts(out.read_bytes()))



def test_over_the_limit_the_command_warns_and_with_volumes_writes_them_and_a_zip(app, users, case, tmp_path, monkeypatch):
    import io
    import zipfile

    from tracker.packets import volumes

    out = tmp_path / "packet.pdf"
    under = run(app, case.id, "--out", out, "--as", users["campaign"].email, "--max-mb", "1")
    assert under.exit_code == 0 and "--volumes" not in under.output  # under 1 MB: nothing to say
    monkeypatch.setattr(volumes, "MEGABYTE", 1_000)  # "MB" are kB here: this small packet is over 20 of them
    over = run(app, case.id, "--out", out, "--as", users["campaign"].email, "--max-mb", "20")
    assert over.exit_code == 0 and "over the 20 MB an e-filing system takes in one file; add --volumes" in over.output
    assert not list(tmp_path.glob("packet-vol*"))
    result = run(app, case.id, "--out", out, "--as", users["campaign"].email, "--max-mb", "20", "--volumes")
    assert result.exit_code == 0, result.output
    written = sorted(tmp_path.glob("packet-vol*.pdf"))
    assert len(written) >= 2 and f"All volumes: {tmp_path / 'packet-volumes.zip'}" in result.output
    listed = re.findall(r"Volume (\d+) of (\d+): .*; exhibits ([A-Z, ]+)\)", result.output)
    assert [label for *_, labels in listed for label in labels.split(", ")] == ["A", "B", "C"]
    archive = zipfile.ZipFile(io.BytesIO((tmp_path / "packet-volumes.zip").read_bytes()))
    assert archive.namelist() == [path.name for path in written]
    for number, path in enumerate(written, start=1):
        pages = page_texts(path.read_bytes())
        assert all(f"Vol. {number} · Page {page} of {len(pages)}" in text for page, text in enumerate(pages, start=1))
    assert "Cover letter" in page_texts(written[0].read_bytes())[0]
