"""A packet over TRACKER_PACKET_MAX_MB split into numbered volumes from the build form,
kept with the packet, and downloaded one by one or as a ZIP: by the case team only."""
from __future__ import annotations

import hashlib
import io
import random
import re
import zipfile

import pytest
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from tests import factories
from tests.live_http import Visitor
from tests.packets import page_texts, read
from tracker.auth.models import Role
from tracker.extensions import db
from tracker.letters.models import Letter, Relation
from tracker.packets import ocr
from tracker.packets.models import Packet, PacketVolume
from tracker.security.audit import AuditEntry

LIMIT_MB = 0.5
LIMIT = int(LIMIT_MB * 1024 * 1024)


def _heavy_scan(seed: int) -> bytes:
    """A one-page PDF of about 300 kB, as an upload passes the checks: a JPEG photo of noise."""
    rng = random.Random(seed)
    image = Image.frombytes("L", (560, 560), bytes(rng.getrandbits(8) for _ in range(560 * 560))).convert("RGB")
    jpeg = io.BytesIO()
    image.save(jpeg, "JPEG", quality=90)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(612, 792))
    canvas.drawImage(ImageReader(io.BytesIO(jpeg.getvalue())), 36, 36, 540, 540)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.fixture(autouse=True)
def _small_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_PACKET_MAX_MB", LIMIT_MB)
    monkeypatch.setattr(ocr, "available", lambda: False)  # the scans are only weight


@pytest.fixture
def case(app, users):
    case = factories.make_case(factories.make_person("Olena Example"), team=[users["campaign"], users["legal"]])
    for number in range(3):
        scan = factories.stored_file(_heavy_scan(number), f"scan-{number}.pdf")
        factories.make_letter(case, author=f"Scan Example {number}", relation=Relation.NEIGHBOUR, body=None,
                              letter_files=[scan])
    factories.make_letter(case, author="Typed Example", relation=Relation.CLERGY, body="She serves at our pantry.")
    db.session.commit()
    return case


def _form(case, **changes) -> dict:
    form = {"recipient_kind": "ice", "recipient": "Field Office Director\nExample Field Office",
            "cover_text": "Dear Field Office Director:\n\nPlease let Olena stay.\n\nRespectfully,\n\nLee Legal",
            "include_id_copies": "y", "bates_prefix": "OLENA", "split_volumes": "y"}
    for position, letter in enumerate(Letter.query.filter_by(case_id=case.id).order_by(Letter.id), start=1):
        form[f"include_{letter.id}"] = "1"
        form[f"order_{letter.id}"] = str(position)
    form.update(changes)
    return form


@pytest.fixture
def split(login_as, case):
    """The legal volunteer builds the packet with "Split into volumes" ticked."""
    client = login_as("legal")
    response = client.submit(f"/cases/{case.id}/packets", _form(case))
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    packet = Packet.query.one()
    return client, packet, client.text(response.headers["Location"])


def test_the_box_is_ticked_when_the_letters_come_to_more_than_the_limit(login_as, case, app, monkeypatch):
    client = login_as("legal")
    page = client.text(f"/cases/{case.id}/packets")
    box = re.search(r'<input[^>]*name="split_volumes"[^>]*>', page).group(0)
    assert "checked" in box and 'id="size-warning"' in page
    assert "Split into volumes of at most 0.5 MB each" in page and "flask packets" not in page
    monkeypatch.setitem(app.config, "TRACKER_PACKET_MAX_MB", 25)
    page = client.text(f"/cases/{case.id}/packets")
    assert "checked" not in re.search(r'<input[^>]*name="split_volumes"[^>]*>', page).group(0)
    assert 'id="size-warning"' not in page and "Split into volumes of at most 25 MB each" in page


def test_the_split_packet_keeps_its_volumes_each_under_the_limit(split):
    client, packet, page = split
    volumes = packet.volumes
    assert packet.size > LIMIT and len(volumes) >= 2
    assert f"It is split into {len(volumes)} volumes." in page
    labels = []
    bates = []
    for volume in volumes:
        response = client.get(f"/packets/{packet.id}/volumes/{volume.number}.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Content-Disposition"] == (
            f"attachment; filename=packet-case-{packet.case_id}-v1-vol{volume.number}-of-{len(volumes)}.pdf")
        pdf = response.data
        assert len(pdf) == volume.size <= LIMIT and hashlib.sha256(pdf).hexdigest() == volume.sha256
        pages = page_texts(pdf)
        assert len(pages) == volume.page_count == len(read(pdf).pages)
        assert all(f"Vol. {volume.number} · Page {number} of {volume.page_count}" in text
                   for number, text in enumerate(pages, start=1))
        bates += [int(found) for text in pages for found in re.findall(r"OLENA-(\d{6})", text)]
        labels.append((volume.first_label, volume.last_label))
        shown = f"Volume {volume.number} of {len(volumes)} ({volume.size / 1048576:.1f} MB)"
        assert shown in page and f'href="/packets/{packet.id}/volumes/{volume.number}.pdf"' in page
    # The pages of the volumes add up, numbered on from one to the next; every exhibit is in one volume, in order.
    assert bates == list(range(1, sum(volume.page_count for volume in volumes) + 1))
    exhibits = [exhibit.label for exhibit in packet.exhibits]
    assert labels[0][0] == exhibits[0] and labels[-1][1] == exhibits[-1]
    assert all(exhibits.index(after[0]) == exhibits.index(before[1]) + 1 for before, after in zip(labels, labels[1:], strict=False))
    # The whole packet is kept as before.
    assert client.get(f"/packets/{packet.id}/download").status_code == 200


def test_the_zip_holds_every_volume_in_order(split):
    client, packet, page = split
    assert f'href="/packets/{packet.id}/volumes.zip"' in page
    response = client.get(f"/packets/{packet.id}/volumes.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"] == f"attachment; filename=packet-case-{packet.case_id}-v1-volumes.zip"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    total = len(packet.volumes)
    assert archive.namelist() == [f"packet-case-{packet.case_id}-v1-vol{number}-of-{total}.pdf" for number in range(1, total + 1)]
    for name, volume in zip(archive.namelist(), packet.volumes, strict=True):
        assert hashlib.sha256(archive.read(name)).hexdigest() == volume.sha256


def test_unticked_the_packet_is_kept_whole_and_no_volume_can_be_downloaded(login_as, case):
    client = login_as("legal")
    response = client.submit(f"/cases/{case.id}/packets", _form(case, split_volumes=""))
    assert response.status_code == 302
    packet = Packet.query.one()
    assert packet.volumes == [] and PacketVolume.query.count() == 0
    assert "Build it again with “Split into volumes” ticked" in client.text(response.headers["Location"])
    assert client.get(f"/packets/{packet.id}/volumes/1.pdf").status_code == 404
    assert client.get(f"/packets/{packet.id}/volumes.zip").status_code == 404


def test_only_the_case_team_downloads_volumes_and_a_wrong_number_is_not_found(split, login_as, client, users):
    team, packet, _ = split
    total = len(packet.volumes)
    one, archive = f"/packets/{packet.id}/volumes/1.pdf", f"/packets/{packet.id}/volumes.zip"
    assert team.get(f"/packets/{packet.id}/volumes/{total + 1}.pdf").status_code == 404
    assert team.get(f"/packets/{packet.id}/volumes/0.pdf").status_code == 404
    assert team.get(f"/packets/{packet.id + 1}/volumes/1.pdf").status_code == 404
    users["other_lead"] = factories.make_user(Role.CAMPAIGN, "other.lead@example.test", "Other Lead")  # another team's
    lead = login_as("other_lead")
    for url in (one, archive):
        assert lead.get(url).status_code == 404
        assert login_as("outsider").get(url).status_code == 404
        assert login_as("congregation").get(url).status_code == 403
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
        assert login_as("campaign").get(url).status_code == 200
        assert login_as("admin").get(url).status_code == 200
    downloads = AuditEntry.query.filter_by(action="packet.download").all()
    assert len(downloads) == 4
    assert {(entry.target_id, entry.case_id) for entry in downloads} == {(packet.id, packet.case_id)}
    assert {entry.user_id for entry in downloads} == {users["campaign"].id, users["admin"].id}
    assert any("volume 1 of" in entry.detail for entry in downloads) and any("ZIP" in entry.detail for entry in downloads)


def test_the_volumes_come_whole_from_the_live_server(split, live_server, users):
    _, packet, _ = split
    visitor = Visitor(live_server)
    visitor.sign_in(users["legal"].email)
    for volume in packet.volumes:
        reply = visitor.get(f"/packets/{packet.id}/volumes/{volume.number}.pdf")
        assert reply.status == 200 and reply.headers["Content-Type"] == "application/pdf"
        assert hashlib.sha256(reply.body).hexdigest() == volume.sha256
        assert f"Vol. {volume.number} ·" in read(reply.body).pages[0].extract_text()
    reply = visitor.get(f"/packets/{packet.id}/volumes.zip")
    assert reply.status == 200 and reply.headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(reply.body))
    assert [hashlib.sha256(archive.read(name)).hexdigest() for name in archive.namelist()] == [
        volume.sha256 for volume in packet.volumes]


def test_the_purge_removes_the_volumes_with_the_packet(split, login_as):
    _, packet, _ = split
    assert PacketVolume.query.count() >= 2
    person = packet.case.person
    assert login_as("admin").submit(f"/people/{person.id}/purge",
                                    {"reason": "request", "first_name": "Olena"}).status_code == 302
    db.session.expire_all()
    assert PacketVolume.query.count() == 0 and Packet.query.count() == 0
