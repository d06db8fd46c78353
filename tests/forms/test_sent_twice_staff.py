"""Every staff create form stores its record once per form instance: the same
form sent twice keeps one record and the second send lands on a friendly page
that says so; two forms opened one after the other keep two records."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from tests import factories
from tests.forms.test_sent_twice import nonce
from tracker.actions.models import Action, Congregation
from tracker.auth.models import User
from tracker.campaigns.models import Signature
from tracker.cases.models import Case, Filing
from tracker.extensions import db
from tracker.letters.models import Invitation
from tracker.packets.models import Packet
from tracker.people.models import Person

ALREADY = "already been sent"


@dataclass
class CreateCase:
    """A create form: where it is shown, where it is sent, and the two records' fields."""

    role: str
    page: str
    post: str
    fields: Callable[[int], dict]  # the fields of the n-th record (different where they must be unique)
    count: Callable[[], int]
    per_send: int = 1  # records one send stores


@pytest.fixture
def case(app, users):
    case = factories.live_campaign_case(team=[users["legal"], users["campaign"]], slug="staff-twice", name="Staff Example")
    case.approved_letter_id = factories.make_letter(case, author="Pat Writer").id
    return case


def _count(model) -> Callable[[], int]:
    return lambda: db.session.query(model).count()


def _forms(case: Case) -> dict[str, CreateCase]:
    today = date.today().isoformat()
    letter_id = case.approved_letter_id
    return {
        "filing": CreateCase(
            "legal", f"/cases/{case.id}/filings/new", f"/cases/{case.id}/filings/new",
            lambda n: {"kind": "stay_of_removal", "status": "filed", "filed_on": today, "decided_on": "",
                       "receipt_number": f"R-{n}", "notes": "Filed in person."},
            _count(Filing)),
        "action": CreateCase(
            "campaign", f"/cases/{case.id}/actions/new", f"/cases/{case.id}/actions/new",
            lambda n: {"kind": "vigil", "title": f"Vigil {n}", "day": "2030-06-01", "start_time": "18:00", "end_time": "",
                       "timezone": "America/Chicago", "place": "Church steps", "description": "", "people_needed": "10",
                       "is_public": "y", "call_number": "", "call_hours": "", "script": ""},
            _count(Action)),
        "person": CreateCase(
            "legal", "/people/new", "/people/new",
            lambda n: {"legal_name": f"Nueva Persona {n}", "preferred_name": "", "a_number": "", "no_a_number": "y",
                       "birth_date": "", "country_of_birth": "", "languages": "", "phone": "", "address": "",
                       "detention_status": "not_detained", "detention_facility": "", "family_ties": "",
                       "legal_notes": "", "criminal_history": ""},
            _count(Person)),
        "case": CreateCase(
            "legal", f"/people/{case.person_id}/cases/new", f"/people/{case.person_id}/cases/new",
            lambda n: {"stage": "removal_proceedings", "outcome": "pending", "court": f"Court {n}", "judge": "",
                       "ice_field_office": "", "attorney": "", "organization": "", "privacy_waiver_signed_on": "",
                       "consent_level": "none", "consent_date": "", "timezone": "America/Chicago"},
            _count(Case)),
        "invitation": CreateCase(
            "campaign", f"/cases/{case.id}/letters", f"/cases/{case.id}/letters/invitations",
            lambda n: {"author_name": f"Writer {n}", "relation": "neighbour", "days": "30", "email": "", "locale": "en"},
            _count(Invitation)),
        "paper signatures": CreateCase(
            "campaign", f"/cases/{case.id}/petition", f"/cases/{case.id}/petition/paper",
            lambda n: {"rows": f"Paper Signer {n}, Springfield, paper{n}@example.org\nOther Signer {n}, 60601"},
            _count(Signature), per_send=2),
        "packet": CreateCase(
            "campaign", f"/cases/{case.id}/packets", f"/cases/{case.id}/packets",
            lambda n: {"recipient_kind": "ice", "recipient": "Field Office Director\nExample City",
                       "cover_text": f"Dear Director, version {n}.", "include_id_copies": "y", "service_text": "",
                       f"include_{letter_id}": "y", f"order_{letter_id}": "1"},
            _count(Packet)),
        "congregation": CreateCase(
            "campaign", "/congregations/new", "/congregations/new",
            lambda n: {"name": f"Example Meeting {n}", "tradition": "", "city": "", "contact_name": "",
                       "contact_email": "", "contact_phone": ""},
            _count(Congregation)),
        "user": CreateCase(
            "admin", "/admin/users/new", "/admin/users/new",
            lambda n: {"email": f"new{n}@example.test", "name": f"New Volunteer {n}", "role": "legal", "congregation_id": "0"},
            _count(User)),
    }


FORMS = ["filing", "action", "person", "case", "invitation", "paper signatures", "packet", "congregation", "user"]


@pytest.mark.parametrize("name", FORMS)
def test_a_create_form_sent_twice_stores_once_and_the_second_send_is_told_kindly(name, login_as, case):
    form = _forms(case)[name]
    client = login_as(form.role)
    before = form.count()
    sent = {**form.fields(1), "form_nonce": nonce(client.text(form.page))}
    first = client.submit(form.post, sent)
    assert first.status_code in (200, 302), first.get_data(as_text=True)[:2000]
    assert form.count() == before + form.per_send
    again = client.submit(form.post, sent, follow_redirects=True)
    assert again.status_code == 200
    assert ALREADY in again.get_data(as_text=True)
    assert form.count() == before + form.per_send


@pytest.mark.parametrize("name", FORMS)
def test_two_instances_of_a_create_form_store_two_records(name, login_as, case):
    form = _forms(case)[name]
    client = login_as(form.role)
    before = form.count()
    for n in (1, 2):
        answer = client.submit(form.post, {**form.fields(n), "form_nonce": nonce(client.text(form.page))})
        assert answer.status_code in (200, 302)
    assert form.count() == before + 2 * form.per_send


def test_a_packet_refused_by_the_builder_keeps_its_form_id_free_for_the_corrected_send(login_as, case, monkeypatch):
    from tracker.packets import services
    from tracker.packets.layout import PacketError

    client = login_as("campaign")
    sent = {**_forms(case)["packet"].fields(1), "form_nonce": nonce(client.text(f"/cases/{case.id}/packets"))}

    def refuse(*args, **kwargs):
        raise PacketError("A letter's file cannot be read.")

    with monkeypatch.context() as patched:
        patched.setattr(services, "build_and_keep", refuse)
        refused = client.submit(f"/cases/{case.id}/packets", sent)
    assert refused.status_code == 400 and Packet.query.count() == 0
    assert nonce(refused.get_data(as_text=True)) == sent["form_nonce"]
    assert client.submit(f"/cases/{case.id}/packets", sent).status_code == 302
    assert Packet.query.count() == 1


def test_an_edit_form_carries_no_form_id_and_saves_every_time(login_as, case):
    client = login_as("legal")
    page = client.text(f"/cases/{case.id}/edit")
    assert "form_nonce" not in page


def test_paper_signatures_with_refused_lines_come_back_in_a_new_form(login_as, case):
    client = login_as("campaign")
    sent = {"rows": "Good Signer, Springfield\nBad Signer, Springfield, not-an-email", "form_nonce": nonce(client.text(f"/cases/{case.id}/petition"))}
    page = client.submit(f"/cases/{case.id}/petition/paper", sent).get_data(as_text=True)
    assert Signature.query.count() == 1
    corrected = {"rows": "Fixed Signer, Springfield", "form_nonce": nonce(page)}
    assert corrected["form_nonce"] != sent["form_nonce"]
    client.submit(f"/cases/{case.id}/petition/paper", corrected)
    assert Signature.query.count() == 2
