"""Packets built on /cases/<id>/packets and read back from /packets/<id>/download:
what goes in and in which order, what never does, history, access, audit, the form."""
import hashlib
import re
from datetime import date

import pytest

from tests import factories
from tests.packets import index_ranges, page_texts, qpdf_check, read, stamped_label
from tracker.campaigns import services as campaigns
from tracker.campaigns.models import Petition
from tracker.extensions import db
from tracker.files.models import StoredFile
from tracker.letters.models import Letter, LetterStatus, Relation
from tracker.packets import services
from tracker.packets.models import Packet, Recipient
from tracker.security.audit import AuditEntry
from tracker.security.crypto import cipher

NAME = "Олена Коваль"
A_NUMBER = "999-000-042"
STAMP = f"{NAME} · A# {A_NUMBER}"
PRIVATE = {
    "address": "12 Hidden Lane, Springfield",
    "phone": "(312) 555-0199",
    "legal_notes": "Legal-note: asylum strategy X",
    "criminal_history": "Criminal-history entry Y",
}


@pytest.fixture
def case(app, users):
    case = factories.consenting_case(team=[users["campaign"], users["legal"]], name=NAME, a_number=A_NUMBER,
                                     birth_date=date(1984, 2, 29), **PRIVATE)
    case.ice_field_office = "Example Field Office, 101 Example Street, Springfield"
    case.court = "Example Immigration Court, 202 Example Plaza"
    case.judge = "IJ Example Judge"
    db.session.commit()
    factories.make_campaign(case, slug="olena-packet")
    return case


@pytest.fixture
def letters(case):
    """Approved letters of every kind, one per relation so the default order is known,
    and letters that must never reach a packet."""
    id_copy = factories.stored_file(factories.png_bytes(60, 40), "id.png")
    scan = factories.stored_file(factories.pdf_bytes(pages=20, text="Scanned letter page"), "scan.pdf")
    photo = factories.stored_file(factories.png_bytes(300, 420), "photo.png")
    made = {
        "spanish": factories.make_letter(
            case, author="María José Núñez", relation=Relation.FAMILY, relationship_detail="her sister", language="Spanish",
            body="Conozco a Olena desde niña. Es una madre cariñosa.", id_copy_file_id=id_copy.id,
            translation_text="I have known Olena since she was a girl. She is a loving mother.",
            translator_name="Tina Translator", translator_address="7 Translator Way, Springfield",
            translator_statement="I certify that I am competent to translate from Spanish into English.",
            translation_certified_on=date(2026, 3, 2)),
        "clergy": factories.make_letter(
            case, author="Rev. Grace Example", relation=Relation.CLERGY, relationship_detail="her pastor",
            organization="St. Example Parish", known_for="9 years", author_contact="grace.private@example.org",
            review_note="Reviewer-only note", body="She serves at our food pantry every week."),
        "scan": factories.make_letter(case, author="Scan Example", relation=Relation.EMPLOYER, relationship_detail="her employer",
                                      body=None, letter_files=[scan]),
        "photo": factories.make_letter(case, author="Photo Example", relation=Relation.TEACHER,
                                       relationship_detail="her son's teacher", body=None, letter_files=[photo]),
        "greek": factories.make_letter(
            case, author="Γιώργος Παπαδόπουλος", relation=Relation.COMMUNITY, relationship_detail="neighbour",
            body='She helps everyone <img src="/etc/passwd"/> <font size="40">loud</font> & more.'),
    }
    for status, author in ((LetterStatus.EXCLUDED, "Excluded Example"), (LetterStatus.RECEIVED, "Pending Example"),
                           (LetterStatus.NEEDS_REVISION, "Revision Example"), (LetterStatus.REQUESTED, "Requested Example")):
        factories.make_letter(case, author=author, status=status, relation=Relation.FAMILY, body=f"Body of {author}.")
    return made


TITLES = {
    "spanish": "Letter from María José Núñez — her sister (with a copy of the writer's ID)",
    "clergy": "Letter from Rev. Grace Example, St. Example Parish — her pastor",
    "scan": "Letter from Scan Example — her employer",
    "photo": "Letter from Photo Example — her son's teacher",
    "greek": "Letter from Γιώργος Παπαδόπουλος — neighbour",
}


@pytest.fixture
def signed(case):
    petition = Petition.query.one()
    for name, email, city in (("Signer Example One", "signer.one@example.org", "Cicero"),
                              ("Signer Example Two", "signer.two@example.org", "Evanston"),
                              ("Signer Example Three", "signer.three@example.org", "60608")):
        campaigns.sign(petition, name=name, email=email, city=city, comment=f"Comment-of-{city}")
    db.session.commit()
    return petition


def form_for(letters: list[Letter], **changes) -> dict:
    form = {"recipient_kind": "ice", "recipient": "Field Office Director\nExample Field Office",
            "cover_text": "Dear Field Office Director:\n\nPlease let Olena stay.\n\nRespectfully,\n\nCam Campaign",
            "include_petition": "", "include_signers": "", "include_id_copies": "y", "add_service": "", "service_text": ""}
    for position, letter in enumerate(letters, start=1):
        form[f"include_{letter.id}"] = "1"
        form[f"order_{letter.id}"] = str(position)
    form.update(changes)
    return form


def build(client, case, form) -> tuple[Packet, bytes]:
    response = client.submit(f"/cases/{case.id}/packets", form)
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    packet = Packet.query.order_by(Packet.version.desc()).first()
    download = client.get(f"/packets/{packet.id}/download")
    assert download.status_code == 200
    return packet, download.data


def test_the_packet_has_cover_index_letters_with_translations_and_ids_then_the_petition(app, login_as, case, letters, signed):
    client = login_as("campaign")
    ordered = [letters[key] for key in ("spanish", "clergy", "scan", "photo", "greek")]
    packet, pdf = build(client, case, form_for(ordered, include_petition="y", include_signers="y"))
    pages = page_texts(pdf)
    rows = [(label, TITLES[key]) for label, key in zip("ABCDE", ("spanish", "clergy", "scan", "photo", "greek"), strict=True)]
    rows.append(("F", "Petition: 3 signatures — Let them stay"))
    ranges = index_ranges(pages, rows)
    # cover, index, A: letter + translation + certificate + ID copy, B, C: 20 pages, D: image, E, F: summary + signers
    assert {label: last - first + 1 for label, (first, last) in ranges.items()} == {
        "A": 4, "B": 1, "C": 20, "D": 1, "E": 1, "F": 2}
    assert len(pages) == packet.page_count == 2 + 4 + 1 + 20 + 1 + 1 + 2
    assert pages[0].startswith(app.config["TRACKER_NETWORK_NAME"]) and "Re: Олена Коваль, A# 999-000-042" in pages[0]
    assert stamped_label(pages[0], STAMP) == "Cover letter" and stamped_label(pages[1], STAMP) == "Index of exhibits"
    for label, (first, last) in ranges.items():
        for number in range(first, last + 1):
            assert stamped_label(pages[number - 1], STAMP) == f"Exhibit {label}"
            assert pages[number - 1].endswith(f"Page {number} of {len(pages)}")
    first = ranges["A"][0]
    assert pages[first - 1].startswith("Exhibit A — Letter from María José Núñez")
    assert "Conozco a Olena desde niña" in pages[first - 1]
    assert pages[first].startswith("Exhibit A — English translation of the letter from María José Núñez")
    assert pages[first + 1].startswith("Exhibit A — Certificate of translation")
    assert "Tina Translator" in pages[first + 1] and "7 Translator Way, Springfield" in pages[first + 1]
    assert pages[first + 2].startswith("Exhibit A — Identification of María José Núñez")
    assert pages[ranges["B"][0] - 1].startswith("Exhibit B — Letter from Rev. Grace Example")
    assert [pages[number - 1].split(" Exhibit C ")[0] for number in range(*ranges["C"])] == [
        f"Scanned letter page {n}" for n in range(1, 20)]
    assert pages[ranges["C"][1] - 1].startswith("Scanned letter page 20 Exhibit C")
    assert pages[ranges["D"][0] - 1].startswith("Exhibit D — Letter from Photo Example")
    assert pages[ranges["F"][0] - 1].startswith("Exhibit F — Petition") and "3 people signed the petition" in pages[-2]
    assert re.search(r"1 Signer Example One Cicero 2 Signer Example Two Evanston 3 Signer Example Three 60608", pages[-1])
    # What the history keeps says the same as the index.
    assert [(exhibit.label, exhibit.title, exhibit.first_page, exhibit.last_page) for exhibit in packet.exhibits] == [
        (label, title, *ranges[label]) for label, title in rows]
    assert [exhibit.letter_id for exhibit in packet.exhibits] == [letter.id for letter in ordered] + [None]


def test_only_approved_letters_and_nothing_private_reaches_the_packet(login_as, case, letters, signed, tmp_path):
    packet, pdf = build(login_as("legal"), case, form_for(list(letters.values()), include_petition="y", include_signers="y"))
    text = " ".join(page_texts(pdf))
    for present in (NAME, A_NUMBER, "Signer Example Two", "Evanston", "7 Translator Way, Springfield", "Rev. Grace Example"):
        assert present in text, present
    for absent in ("Excluded Example", "Pending Example", "Revision Example", "Requested Example", "Body of",
                   "signer.one@example.org", "@example.org", "Comment-of-", "Reviewer-only note",
                   *PRIVATE.values(), "555-0199", "Hidden Lane", "1984", "February 29", "02/29", "29/02"):
        assert absent not in text, absent
    metadata = read(pdf).metadata
    assert metadata.title == f"Letters of support for {NAME}"
    for key, value in metadata.items():
        assert all(private not in str(value) for private in ("Hidden Lane", "1984", "555-0199", A_NUMBER)), key
    assert "/Subject" not in metadata or not metadata["/Subject"]
    assert "/Keywords" not in metadata or not metadata["/Keywords"]
    qpdf_check(pdf, tmp_path)


def test_scripts_accents_and_markup_come_out_as_typed(login_as, case, letters):
    _, pdf = build(login_as("campaign"), case, form_for([letters["spanish"], letters["greek"]]))
    text = " ".join(page_texts(pdf))
    for expected in ("Олена Коваль", "Γιώργος Παπαδόπουλος", "María José Núñez", "Es una madre cariñosa.",
                     'She helps everyone <img src="/etc/passwd"/> <font size="40">loud</font> & more.'):
        assert expected in text, expected


def test_a_letter_no_font_can_print_is_refused_naming_it(login_as, case):
    letter = factories.make_letter(case, author="Wei Zhang", body="ᏌᏊ ᎠᏂᏴᏫᏯ.")
    client = login_as("campaign")
    response = client.submit(f"/cases/{case.id}/packets", form_for([letter]), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and Packet.query.count() == 0
    assert "The letter from Wei Zhang (Exhibit A) has characters that no font of the packet can print" in page


def test_a_chinese_letter_builds_with_its_words(login_as, case):
    letter = factories.make_letter(case, author="张伟", body="她是我们的好邻居。")
    client = login_as("campaign")
    response = client.submit(f"/cases/{case.id}/packets", form_for([letter]), follow_redirects=True)
    assert "Packet version 1 built" in response.get_data(as_text=True)
    packet = Packet.query.one()
    text = " ".join(page_texts(services.packet_pdf(packet)))
    assert "她是我们的好邻居。" in text and "Letter from 张伟" in text and not packet.warnings


def test_the_certificate_of_service_is_added_only_when_asked(login_as, case, letters):
    client = login_as("legal")
    _, without = build(client, case, form_for([letters["clergy"]]))
    assert "Certificate of service" not in " ".join(page_texts(without))
    no_address = client.submit(f"/cases/{case.id}/packets", form_for([letters["clergy"]], add_service="y"))
    assert no_address.status_code == 400
    assert "Write the address of the DHS Office of the Chief Counsel" in no_address.get_data(as_text=True)
    packet, pdf = build(client, case, form_for([letters["clergy"]], add_service="y", service_method="ecas",
                                               service_date="2026-12-02", service_address="9 Counsel Way\nSpringfield"))
    pages = page_texts(pdf)
    assert pages[-1].startswith("Certificate of service I certify that on December 2, 2026 I served a copy")
    assert "at 9 Counsel Way, Springfield, by electronic service through EOIR's Courts & Appeals System (ECAS)." in pages[-1]
    assert "/s/ Lee Legal" in pages[-1]
    assert stamped_label(pages[-1], STAMP) == "Certificate of service"
    assert packet.version == 2 and Packet.query.count() == 2


def test_the_courts_table_fills_the_chief_counsel_address(login_as, case, letters):
    admin = login_as("admin")
    assert login_as("legal").get("/admin/courts").status_code == 403
    saved = admin.submit("/admin/courts", {"court": case.court, "chief_counsel_address": "9 Counsel Way\nSpringfield"},
                         follow_redirects=True)
    assert "9 Counsel Way" in saved.get_data(as_text=True)
    page = login_as("legal").text(f"/cases/{case.id}/packets")
    assert re.search(r'name="service_address"[^>]*>\s*9 Counsel Way', page)
    presets = dict(re.findall(r'<template data-preset="(\w+)" data-salutation="[^"]*">(.*?)</template>', page, re.S))
    assert "9 Counsel Way" in presets["counsel"]


def test_a_gap_left_in_the_cover_letter_is_listed_and_nothing_is_built(login_as, case, letters):
    client = login_as("campaign")
    page = client.text(f"/cases/{case.id}/packets")
    assert "[title]" in page  # the default letter shows the gap and the page says where to fill it in
    assert "Your title is not on your account yet" in page
    response = client.submit(f"/cases/{case.id}/packets", form_for([letters["clergy"]],
                             cover_text="Dear Director:\n\nPlease.\n\nCam Campaign\n[title]", recipient="Director\n[address]"))
    text = response.get_data(as_text=True)
    assert response.status_code == 400 and Packet.query.count() == 0
    assert "Fill in what is missing before building: [address] in the recipient; [title] in the cover letter" in text


def test_the_title_on_the_account_page_signs_the_cover_letter(login_as, users, case, letters):
    client = login_as("campaign")
    client.submit("/account/title", {"title": "Campaign coordinator"})
    assert users["campaign"].title == "Campaign coordinator"
    page = client.text(f"/cases/{case.id}/packets")
    assert "Cam Campaign\nCampaign coordinator" in page and "[title]" not in page


def test_a_letter_whose_upload_cannot_be_read_stops_the_build_naming_it(login_as, case, letters):
    stored = db.session.get(StoredFile, letters["scan"].pages[0].stored_file_id)
    client = login_as("campaign")
    for content in (b"not a Fernet token", cipher().encrypt_bytes(b"%PDF-1.4 damaged beyond repair")):
        stored.content = content
        db.session.commit()
        response = client.submit(f"/cases/{case.id}/packets", form_for(list(letters.values())))
        page = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "The packet was not built." in page and "the letter from Scan Example (Exhibit C)" in page
    assert Packet.query.count() == 0
    assert AuditEntry.query.filter_by(action="packet.build").count() == 0


def test_a_case_without_approved_letters_is_told_so(login_as, case):
    factories.make_letter(case, author="Pending Example", status=LetterStatus.RECEIVED)
    client = login_as("campaign")
    assert "No approved letters yet" in client.text(f"/cases/{case.id}/packets")
    response = client.submit(f"/cases/{case.id}/packets", form_for([]))
    assert response.status_code == 400 and "No approved letters yet" in response.get_data(as_text=True)
    assert Packet.query.count() == 0


def test_rebuilding_makes_version_two_and_version_one_stays_downloadable_as_it_was(login_as, case, letters):
    client = login_as("campaign")
    first, first_pdf = build(client, case, form_for([letters["clergy"], letters["greek"]]))
    letters["greek"].status = LetterStatus.EXCLUDED
    db.session.commit()
    second, second_pdf = build(client, case, form_for([letters["clergy"]]))
    assert (first.version, second.version) == (1, 2)
    again = client.get(f"/packets/{first.id}/download").data
    assert again == first_pdf
    assert hashlib.sha256(again).hexdigest() == first.sha256 != second.sha256
    assert hashlib.sha256(second_pdf).hexdigest() == second.sha256
    assert (first.size, first.page_count) == (len(first_pdf), len(read(first_pdf).pages))
    assert "Γιώργος Παπαδόπουλος" in " ".join(page_texts(again))
    assert "Γιώργος Παπαδόπουλος" not in " ".join(page_texts(second_pdf))
    history = client.text(f"/cases/{case.id}/packets")
    assert history.index("<strong>v2</strong>") < history.index("<strong>v1</strong>")
    assert first.sha256[:12] in history and second.sha256[:12] in history
    assert f"/packets/{first.id}/download" in history


def test_only_the_case_team_builds_or_downloads(login_as, client, users, case, letters):
    packet, _ = build(login_as("campaign"), case, form_for([letters["clergy"]]))
    page, download = f"/cases/{case.id}/packets", f"/packets/{packet.id}/download"
    outsider = login_as("outsider")  # a legal volunteer on another team: not even told the case exists
    assert outsider.get(page).status_code == 404
    assert outsider.submit(page, form_for([letters["clergy"]])).status_code == 404
    assert outsider.get(download).status_code == 404
    congregation = login_as("congregation")
    assert congregation.get(page).status_code == 403
    assert congregation.submit(page, form_for([letters["clergy"]])).status_code == 403
    assert congregation.get(download).status_code == 403
    for url in (page, download):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert login_as("admin").get(download).status_code == 200
    assert login_as("legal").get(download).status_code == 200
    assert Packet.query.count() == 1


def test_building_and_downloading_are_audited_and_the_download_is_not_cached(login_as, users, case, letters):
    client = login_as("legal")
    packet, _ = build(client, case, form_for([letters["clergy"]]))
    response = client.get(f"/packets/{packet.id}/download")
    assert response.mimetype == "application/pdf" and response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"] == f"attachment; filename=packet-case-{case.id}-v1.pdf"
    assert client.get(f"/packets/{packet.id}/download?view=1").headers["Content-Disposition"].startswith("inline")
    built = AuditEntry.query.filter_by(action="packet.build").one()
    assert (built.user_id, built.case_id, built.target_type, built.target_id) == (users["legal"].id, case.id, "Packet", packet.id)
    downloads = AuditEntry.query.filter_by(action="packet.download").all()
    assert len(downloads) == 3
    assert {(entry.user_id, entry.case_id, entry.target_id) for entry in downloads} == {(users["legal"].id, case.id, packet.id)}
    assert packet.built_by_id == users["legal"].id


def test_recipient_presets_come_from_the_case_and_fill_the_cover(login_as, case, letters):
    client = login_as("campaign")
    page = client.text(f"/cases/{case.id}/packets")
    presets = dict(re.findall(r'<template data-preset="(\w+)" data-salutation="[^"]*">(.*?)</template>', page, re.S))
    assert set(presets) == {kind.value for kind in Recipient}
    assert "Example Field Office, 101 Example Street, Springfield" in presets["ice"]
    assert "The Honorable Example Judge\nImmigration Judge" in presets["judge"]
    assert "Example Immigration Court, 202 Example Plaza" in presets["judge"]
    assert presets["counsel"].startswith("Chief Counsel\nOffice of the Chief Counsel") and presets["other"] == ""
    # Without a choice yet, the form starts with the field office and a cover letter naming the person.
    assert re.search(r'<textarea[^>]*name="recipient"[^>]*>\s*Field Office Director\n.*?Example Field Office, 101', page, re.S)
    assert f"{NAME} (A# {A_NUMBER})" in page
    judge = presets["judge"].replace("&#39;", "'")
    packet, pdf = build(client, case, form_for([letters["clergy"]], recipient_kind="judge", recipient=judge,
                                               cover_text="Dear Judge:\n\nPlease grant relief."))
    court_page, cover = page_texts(pdf)[:2]
    assert "RESPONDENT'S SUBMISSION OF LETTERS OF SUPPORT" in court_page
    assert "The Honorable Example Judge Immigration Judge Executive Office for Immigration Review" in cover
    assert "Example Immigration Court, 202 Example Plaza" in cover and "Dear Judge: Please grant relief." in cover
    assert packet.recipient_kind is Recipient.JUDGE and packet.recipient == judge


def test_unticked_letters_stay_out_and_position_numbers_set_the_order(login_as, case, letters):
    form = form_for([letters["spanish"], letters["clergy"], letters["greek"], letters["photo"]])
    form[f"order_{letters['spanish'].id}"] = "30"
    form[f"order_{letters['clergy'].id}"] = "2"
    form[f"order_{letters['greek'].id}"] = "1"
    del form[f"include_{letters['photo'].id}"]
    packet, pdf = build(login_as("campaign"), case, form)
    pages = page_texts(pdf)
    ranges = index_ranges(pages, [("A", TITLES["greek"]), ("B", TITLES["clergy"]), ("C", TITLES["spanish"])])
    assert pages[ranges["A"][0] - 1].startswith("Exhibit A — Letter from Γιώργος Παπαδόπουλος")
    assert pages[ranges["C"][0] - 1].startswith("Exhibit C — Letter from María José Núñez")
    assert "Photo Example" not in " ".join(pages) and not re.search(r"Exhibit D\b", " ".join(pages))
    assert [exhibit.letter_id for exhibit in packet.exhibits] == [letters[key].id for key in ("greek", "clergy", "spanish")]


@pytest.mark.parametrize("position", ["0", "1000", "x", "-1", "", "2.5"])
def test_a_bad_position_number_shows_the_form_again_and_builds_nothing(login_as, case, letters, position):
    client = login_as("campaign")
    form = form_for([letters["clergy"], letters["greek"]], cover_text="My own cover letter, kept.")
    form[f"order_{letters['greek'].id}"] = position
    response = client.submit(f"/cases/{case.id}/packets", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give a position number from 1 to 999." in page
    assert "My own cover letter, kept." in page  # what was typed is not lost
    assert re.search(rf'name="include_{letters["greek"].id}" value="1" checked', page)
    assert re.search(rf'name="order_{letters["greek"].id}" value="{re.escape(position)}"', page)
    assert Packet.query.count() == 0


def test_the_signer_list_needs_the_petition_summary(login_as, case, letters, signed):
    client = login_as("campaign")
    response = client.submit(f"/cases/{case.id}/packets", form_for([letters["clergy"]], include_signers="y"))
    assert response.status_code == 400
    assert "The signer list goes with the petition summary: tick both." in response.get_data(as_text=True)
    assert Packet.query.count() == 0
    _, pdf = build(client, case, form_for([letters["clergy"]], include_petition="y"))
    text = " ".join(page_texts(pdf))
    assert "3 people signed the petition" in text and "Signer Example" not in text


def test_id_copies_can_be_left_out(login_as, case, letters):
    _, pdf = build(login_as("campaign"), case, form_for([letters["spanish"]], include_id_copies=""))
    pages = page_texts(pdf)
    assert len(pages) == 2 + 3 and "Identification of" not in " ".join(pages)


def test_bates_numbering_is_a_choice_of_the_form(login_as, case, letters):
    client = login_as("campaign")
    bad = client.submit(f"/cases/{case.id}/packets", form_for([letters["clergy"]], bates_prefix="no spaces!"))
    assert bad.status_code == 400 and "Use letters, digits and dashes only" in bad.get_data(as_text=True)
    assert Packet.query.count() == 0
    _, pdf = build(client, case, form_for([letters["clergy"]], bates_prefix="olena"))
    pages = page_texts(pdf)
    assert all(f"OLENA-{number:06d}" in page for number, page in enumerate(pages, start=1))


def test_a_packet_over_the_e_filing_limit_is_warned_before_and_after_the_build(login_as, case, letters, monkeypatch):
    client = login_as("campaign")
    page = client.text(f"/cases/{case.id}/packets")
    assert 'id="size-warning"' not in page  # a few letters: far under 25 MB
    assert not re.search(r'<input[^>]*name="split_volumes"[^>]*checked', page)
    monkeypatch.setattr(services, "max_bytes", lambda: 1_000)
    page = client.text(f"/cases/{case.id}/packets")
    assert 'id="size-warning"' in page and "flask packets" not in page and "Split into volumes" in page
    assert re.search(r'<input[^>]*checked[^>]*name="split_volumes"|<input[^>]*name="split_volumes"[^>]*checked', page)
    # Unticked, the packet is kept whole and the warning after the build says how to split it.
    response = client.submit(f"/cases/{case.id}/packets", form_for([letters["clergy"]]))
    assert response.status_code == 302
    packet = Packet.query.one()
    assert packet.volumes == []
    shown = client.text(response.headers["Location"])
    assert (f"This packet is {packet.size / 1048576:.1f} MB, over the {1_000 / 1048576:g} MB an e-filing system takes "
            "in one file. Build it again with “Split into volumes” ticked") in shown
