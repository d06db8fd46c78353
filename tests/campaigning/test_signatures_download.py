"""The signatures CSV as the campaign lead and the admin download it from a real
server: every row arrives, every name survives, no cell runs as a formula, and
the audit log says "exported" only for an export that was delivered."""
import csv
import http.client
import io
import re

import pytest

from tests import factories
from tests.live_http import Visitor
from tracker.campaigns import services
from tracker.campaigns.models import Petition
from tracker.extensions import db
from tracker.security.audit import AuditEntry

SIGNERS = [
    ("王秀英", "wang@example.org", "芝加哥", "支持这个家庭"),
    ("فاطمة الزهراء", "fatima@example.org", "Chicago", "نحن معكم"),
    ("Zoë Nuñez-Gárçia", "zoe@example.org", "Evanston", "¡Sí se puede!"),
    ("Bob;=1+2", "bob@example.org", "=cmd|' /C calc'!A0", "+1;-2"),
    ("Ann, \"Nan\" Lee", "ann@example.org", "Oak Park", "line one\nline two"),
]


@pytest.fixture
def petition(app, users):
    case = factories.consenting_case(team=[users["campaign"]])
    factories.make_campaign(case, slug="download-me")
    petition = Petition.query.one()
    for name, email, city, comment in SIGNERS:
        services.sign(petition, name=name, email=email, city=city, comment=comment)
    db.session.commit()
    return petition


def _exports() -> int:
    db.session.expire_all()
    return AuditEntry.query.filter_by(action="petition.export").count()


@pytest.mark.parametrize("role", ["campaign", "admin"])
def test_the_signatures_download_from_a_real_server_parses_back(live_server, users, petition, role):
    visitor = Visitor(live_server)
    visitor.sign_in(users[role].email)
    reply = visitor.get(f"/cases/{petition.campaign.case_id}/petition/signatures.csv")
    assert reply.status == 200
    assert reply.headers["Content-Type"].startswith("text/csv")
    assert reply.body.startswith("\ufeff".encode())  # the byte-order mark tells spreadsheets it is UTF-8
    rows = list(csv.DictReader(io.StringIO(reply.body.decode("utf-8-sig"))))
    by_email = {row["email"]: row for row in rows}
    assert len(rows) == len(SIGNERS)
    assert by_email["wang@example.org"]["name"] == "王秀英" and by_email["wang@example.org"]["city_or_zip"] == "芝加哥"
    assert by_email["fatima@example.org"]["name"] == "فاطمة الزهراء"
    assert by_email["zoe@example.org"]["name"] == "Zoë Nuñez-Gárçia"
    assert by_email["ann@example.org"]["name"] == 'Ann, "Nan" Lee' and by_email["ann@example.org"]["comment"] == "line one\nline two"
    assert by_email["bob@example.org"]["city_or_zip"] == "'=cmd|' /C calc'!A0"
    assert by_email["bob@example.org"]["comment"] == "'+1;-2"
    assert _exports() == 1


QUOTED = r'"(?:[^"]|"")*"'


def test_every_field_is_quoted_so_a_semicolon_spreadsheet_keeps_it_in_one_cell(live_server, users, petition):
    visitor = Visitor(live_server)
    visitor.sign_in(users["campaign"].email)
    text = visitor.get(f"/cases/{petition.campaign.case_id}/petition/signatures.csv").body.decode("utf-8-sig")
    # Every record is quoted fields and nothing else (a comment may hold a line break).
    assert re.fullmatch(rf"(?:{QUOTED}(?:,{QUOTED})*\r\n)+", text)
    assert '"Bob;=1+2","bob@example.org",' in text
    # Where ";" separates cells, the quoted name stays one cell, and it is not a formula.
    assert next(csv.reader(['"Bob;=1+2"'], delimiter=";")) == ["Bob;=1+2"]


def test_a_download_that_fails_is_not_audited_as_an_export(live_server, users, petition, monkeypatch):
    def broken(*args, **kwargs):
        yield "\ufeffname\r\n"
        raise RuntimeError("the database went away mid-download")

    monkeypatch.setattr(services, "signatures_csv", broken)
    visitor = Visitor(live_server)
    visitor.sign_in(users["campaign"].email)
    with pytest.raises(http.client.IncompleteRead):  # the server cuts the download short
        visitor.get(f"/cases/{petition.campaign.case_id}/petition/signatures.csv")
    assert _exports() == 0
