"""Before a purge the case's legal team downloads the case file for the
attorney: a ZIP with the last packet and the timeline, filings and letters as
JSON and CSV. Downloaded from a real server and read back."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from tests import factories
from tests.purge import Browser
from tracker.extensions import db
from tracker.letters.models import Relation
from tracker.packets.models import Packet
from tracker.security.audit import AuditEntry


def _csv(data: bytes) -> list[dict]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_legal_volunteer_downloads_the_case_file_from_the_server_and_reads_it_back(two_people, live_server,
                                                                                       users):
    purged, _ = two_people
    packet = Packet.query.filter_by(case_id=purged.case_id).one()

    status, headers, body = Browser(live_server, users["legal"].email).get(f"/cases/{purged.case_id}/case-file.zip")

    assert status == 200
    assert headers["Content-Type"] == "application/zip"
    assert f'filename=case-file-{purged.case_id}.zip' in headers["Content-Disposition"]
    assert "Zeferina" not in headers["Content-Disposition"]
    bundle = zipfile.ZipFile(io.BytesIO(body))
    volumes = packet.volumes  # the fixture keeps the packet split too, one exhibit a volume
    names = [f"volumes/packet-case-{purged.case_id}-v1-vol{volume.number}-of-{len(volumes)}.pdf" for volume in volumes]
    assert len(volumes) == 3
    assert sorted(bundle.namelist()) == ["bonds.csv", "case-file.json", "detention.csv", "filings.csv", "letters.csv",
                                         "packet-v1.pdf", "tasks.csv", "timeline.csv", *names]
    in_volumes = [PdfReader(io.BytesIO(bundle.read(name))) for name in names]
    assert [len(pdf.pages) for pdf in in_volumes] == [volume.page_count for volume in volumes]
    assert [hashlib.sha256(bundle.read(name)).hexdigest() for name in names] == [volume.sha256 for volume in volumes]
    assert "Vol. 3" in in_volumes[2].pages[-1].extract_text()

    pdf = PdfReader(io.BytesIO(bundle.read("packet-v1.pdf")))
    assert len(pdf.pages) == packet.page_count
    assert "Please let Zeferina Quetzalli Purgeable stay." in pdf.pages[0].extract_text()

    export = json.loads(bundle.read("case-file.json"))
    assert export["case"]["legal_name"] == purged.name
    assert export["case"]["a_number"] == "999-777-654"
    assert export["last_packet"] == {"file": "packet-v1.pdf", "version": 1, "built_at": export["last_packet"]["built_at"],
                                     "pages": packet.page_count, "sha256": packet.sha256,
                                     "volumes": [{"file": name, "number": volume.number, "pages": volume.page_count,
                                                  "sha256": volume.sha256, "exhibits": [volume.first_label] * 2}
                                                 for name, volume in zip(names, volumes, strict=True)]}
    kinds = [entry["kind"] for entry in export["timeline"]]
    assert "decision" in kinds and "master_calendar_hearing" in kinds
    derived = [entry for entry in export["timeline"] if entry["derived_rule"]]
    assert derived and all(entry["kind"] == "filing_deadline" for entry in derived)
    assert "Hearing notes for Zeferina Quetzalli Purgeable" in [entry["notes"] for entry in export["timeline"]]
    assert export["filings"][0]["receipt_number"] == "EXA-0001"
    letters = {letter["author_name"]: letter for letter in export["letters"]}
    assert letters["Pastor Example"]["letter_files"] == ["letter.pdf"] and letters["Pastor Example"]["has_id_copy"]
    assert letters["Vecina Ejemplo"]["translation"] == "file"
    assert "body" not in letters["Pastor Example"]

    assert [row["kind"] for row in _csv(bundle.read("timeline.csv"))] == kinds
    assert _csv(bundle.read("filings.csv"))[0]["notes"] == "Stay strategy for Zeferina Quetzalli Purgeable"
    assert {row["author_name"] for row in _csv(bundle.read("letters.csv"))} == set(letters)
    # Tasks, the detention chain and the bond go to the attorney too.
    assert [task["title"] for task in export["tasks"]] == ["Collect letters for Zeferina Quetzalli Purgeable"]
    assert [row["title"] for row in _csv(bundle.read("tasks.csv"))] == [task["title"] for task in export["tasks"]]
    first, second = export["detention"]
    assert second["transferred_from"] == first["id"] and first["ended_by"] == "transferred"
    assert [row["facility"] for row in _csv(bundle.read("detention.csv"))] == [first["facility"], second["facility"]]
    assert [(bond["amount"], bond["status"]) for bond in export["bonds"]] == [(7500, "posted")]
    assert _csv(bundle.read("bonds.csv"))[0]["amount"] == "7500"
    assert {"raw_due_on", "met_by_filing"} <= set(_csv(bundle.read("timeline.csv"))[0])

    entry = AuditEntry.query.filter_by(action="case.file_export").one()
    assert (entry.user_id, entry.case_id) == (users["legal"].id, purged.case_id)


def test_a_case_without_a_packet_gives_the_exports_only_and_every_csv_field_is_quoted(app, users, live_server):
    case = factories.make_case(factories.make_person("Nadia Example"), team=[users["legal"]])
    factories.make_letter(case, author="=HYPERLINK(\"http://bad.example\")", relation=Relation.NEIGHBOUR)
    factories.make_letter(case, author="王芳", language="Chinese")
    factories.make_letter(case, author="فاطمة الزهراء", language="Arabic")
    factories.make_letter(case, author="प्रिया शर्मा", language="Hindi")

    status, _, body = Browser(live_server, users["legal"].email).get(f"/cases/{case.id}/case-file.zip")

    assert status == 200
    bundle = zipfile.ZipFile(io.BytesIO(body))
    assert "packet-v1.pdf" not in bundle.namelist()
    assert json.loads(bundle.read("case-file.json"))["last_packet"] is None
    raw = bundle.read("letters.csv").decode("utf-8")
    header, *lines = raw.removeprefix("\ufeff").splitlines()
    assert header.startswith('"id","author_name"')
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    authors = [row["author_name"] for row in _csv(bundle.read("letters.csv"))]
    assert authors == ["'=HYPERLINK(\"http://bad.example\")", "王芳", "فاطمة الزهراء", "प्रिया शर्मा"]


@pytest.mark.parametrize("role,status", [("admin", 200), ("legal", 200), ("campaign", 403), ("congregation", 403),
                                         ("outsider", 404)])
def test_only_the_legal_team_and_admins_may_download_the_case_file(app, users, login_as, role, status):
    case = factories.make_case(factories.make_person("Nadia Example"), team=[users["legal"], users["campaign"]])
    response = login_as(role).get(f"/cases/{case.id}/case-file.zip")
    assert response.status_code == status
    db.session.expire_all()
    assert AuditEntry.query.filter_by(action="case.file_export").count() == (1 if status == 200 else 0)
