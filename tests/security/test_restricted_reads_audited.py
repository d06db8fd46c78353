"""Every page that shows a restricted value audits the read. The pages are found,
not listed: each GET route of app.url_map is opened as an admin for a fully
filled case (tests/filled_network.py), and a page whose body holds any
restricted value (A-number, birth date, phone, address, legal notes, criminal
history, event and filing notes) must have written an audit entry in that
request. Remove an audit call from such a view and this test names the page."""
from __future__ import annotations

import html
import io
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from werkzeug.routing import AnyConverter

from tests.filled_network import fill_network
from tests.security.test_route_rules import PUBLIC_ENDPOINTS
from tracker.extensions import db
from tracker.security.audit import AuditEntry

# Pages that must be found showing restricted values: if one is missing, the
# detection itself is broken (a filled case not filled, a marker not found).
KNOWN_READERS = {
    "people.show", "people.edit", "cases.show", "timeline.history", "timeline.edit_event", "cases.edit_filing",
    "packets.download", "packets.download_volume", "purge.download_case_file",
}


def _urls(app, network) -> list[tuple[str, str]]:
    """(endpoint, url) for every GET route, each choice of an `any(...)` part opened."""
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        variants = [{}]
        for name, converter in rule._converters.items():
            if isinstance(converter, AnyConverter):
                choices = sorted(converter.items)
            elif name == "token":
                choices = [network.tokens[rule.endpoint]]
            else:
                assert name in network.url_values, f"{rule.rule}: no value for <{name}> in tests/filled_network.py"
                choices = [network.url_values[name]]
            variants = [{**values, name: choice} for values in variants for choice in choices]
        for values in variants:
            with app.test_request_context():
                from flask import url_for

                found.append((rule.endpoint, url_for(rule.endpoint, **values)))
    return found


def readable(response) -> str:
    """The text a person gets from a response: a page, a CSV, an .ics, a PDF's
    text, the files inside a zip."""
    body = response.get_data()
    kind = response.mimetype or ""
    if kind == "application/pdf":
        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if kind == "application/zip":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if kind.startswith("image/"):
        return ""
    return html.unescape(body.decode("utf-8", "replace"))


def _shown(text: str, values: list[str]) -> list[str]:
    flat = " ".join(text.split())
    return [value for value in values if " ".join(value.split()) in flat]


@pytest.fixture
def network(app):
    return fill_network()


def test_every_page_that_shows_a_restricted_value_audits_the_read(app, client, network):
    admin = network.users["admin"]
    client.login(admin.email)
    readers, unaudited, errors = set(), [], []
    for endpoint, url in _urls(app, network):
        before = db.session.scalar(select(func.max(AuditEntry.id))) or 0
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(url)
            continue
        shown = _shown(readable(response), network.restricted)
        if endpoint in PUBLIC_ENDPOINTS:
            # A public page may carry what the person consented to publish (the
            # A-number, with "show the A-number"); nothing else restricted.
            shown = [value for value in shown if value not in (network.case.person.a_number,
                                                               network.case.person.a_number_display)]
        if not shown:
            continue
        readers.add(endpoint)
        audited = db.session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.id > before, AuditEntry.user_id == admin.id)
        )
        if not audited:
            unaudited.append(f"{url} shows {shown[0][:30]!r}… and wrote no audit entry")
    assert errors == []
    assert unaudited == []
    assert KNOWN_READERS <= readers, f"not seen showing restricted values: {KNOWN_READERS - readers}"
