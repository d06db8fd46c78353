"""Detention periods: a facility directory admins keep, periods with transfers as a
chain, the person's status and the timeline following each step, and the
dashboard's detained list with facility and days detained."""
from datetime import date, timedelta

import pytest

from tests import factories
from tests.casework.test_list_query_counts import _bulk_cases
from tracker.cases.models import Case
from tracker.detention import services
from tracker.detention.models import DetentionPeriod, Facility, PeriodEnd
from tracker.extensions import db
from tracker.people.models import DetentionStatus
from tracker.timeline.models import Event, EventKind

FACILITY = {"name": "Broadview Example Center", "address": "1930 Example Rd, Broadview, IL", "phone": "(708) 555-0100",
            "visiting_rules": "Saturdays 8-11 AM; photo ID", "ice_field_office": "Chicago", "active": "y"}


def _facility(name="Broadview Example Center", **fields):
    facility = Facility(name=name, **fields)
    db.session.add(facility)
    db.session.commit()
    return facility


@pytest.fixture
def case(users):
    return factories.make_case(factories.make_person("Hector Example"), team=[users["legal"], users["campaign"]])


def test_admins_keep_the_facility_directory(login_as):
    admin = login_as("admin")
    response = admin.submit("/admin/facilities/new", FACILITY)
    assert response.status_code == 302
    facility = Facility.query.one()
    assert (facility.name, facility.phone, facility.visiting_rules, facility.ice_field_office) == (
        "Broadview Example Center", "(708) 555-0100", "Saturdays 8-11 AM; photo ID", "Chicago")
    assert "Broadview Example Center" in admin.text("/admin/facilities")
    twice = admin.submit("/admin/facilities/new", {**FACILITY, "name": "broadview example center"})
    assert "already has a facility of this name" in twice.get_data(as_text=True)
    empty = admin.submit(f"/admin/facilities/{facility.id}", {**FACILITY, "name": ""})
    assert "Give the facility" in empty.get_data(as_text=True)
    admin.submit(f"/admin/facilities/{facility.id}", {**FACILITY, "phone": "(708) 555-0199"})
    db.session.expire_all()
    assert db.session.get(Facility, facility.id).phone == "(708) 555-0199"


@pytest.mark.parametrize("role", ["legal", "campaign", "congregation"])
def test_only_admins_edit_the_directory(login_as, role):
    client = login_as(role)
    assert client.get("/admin/facilities").status_code == 403
    assert client.submit("/admin/facilities/new", FACILITY).status_code == 403
    assert Facility.query.count() == 0


def test_detention_transfer_and_release_form_a_chain(login_as, users, case):
    first, second = _facility(), _facility("Dodge County Example Jail", address="Juneau, WI")
    client = login_as("legal")
    start = date.today() - timedelta(days=20)
    moved = date.today() - timedelta(days=12)
    assert client.submit(f"/cases/{case.id}/detention/new",
                         {"facility_id": first.id, "from_date": start.isoformat()}).status_code == 302
    period = DetentionPeriod.query.one()
    person = db.session.get(Case, case.id).person
    assert person.detention_status is DetentionStatus.DETAINED and person.detention_facility == first.name

    # A second detention while one is open is refused, beside the field.
    again = client.submit(f"/cases/{case.id}/detention/new", {"facility_id": first.id, "from_date": start.isoformat()})
    assert "already held" in again.get_data(as_text=True)
    # A transfer before the detention began is refused too.
    early = client.submit(f"/detention/{period.id}/transfer", {"facility_id": second.id,
                                                               "on_date": (start - timedelta(days=1)).isoformat()})
    assert "cannot come before" in early.get_data(as_text=True)

    client.submit(f"/detention/{period.id}/transfer", {"facility_id": second.id, "on_date": moved.isoformat()})
    db.session.expire_all()
    first_period, second_period = DetentionPeriod.query.order_by(DetentionPeriod.id).all()
    assert (first_period.to_date, first_period.ended_by) == (moved, PeriodEnd.TRANSFERRED)
    assert second_period.transferred_from_id == first_period.id and second_period.is_open
    assert db.session.get(Case, case.id).person.detention_facility == second.name

    page = client.text(f"/cases/{case.id}")
    section = page.split('id="detention"')[1].split("</section>")[0]
    assert section.index(first.name) < section.index(second.name)
    assert "transferred here" in section and "Juneau, WI" in section

    client.submit(f"/detention/{second_period.id}/release", {"how": "released_on_bond", "on_date": date.today().isoformat()})
    db.session.expire_all()
    assert DetentionPeriod.query.filter(DetentionPeriod.to_date.is_(None)).count() == 0
    assert db.session.get(Case, case.id).person.detention_status is DetentionStatus.RELEASED_ON_BOND
    kinds = [event.kind for event in Event.query.filter_by(case_id=case.id).order_by(Event.starts_at, Event.id)]
    assert kinds == [EventKind.DETENTION, EventKind.TRANSFER, EventKind.RELEASE]


def test_bad_detention_input_is_refused_beside_the_field(login_as, case):
    facility = _facility()
    client = login_as("legal")
    future = client.submit(f"/cases/{case.id}/detention/new", {"facility_id": facility.id,
                                                               "from_date": (date.today() + timedelta(days=3)).isoformat()})
    assert "cannot be in the future" in future.get_data(as_text=True)
    unknown = client.submit(f"/cases/{case.id}/detention/new", {"facility_id": "9999", "from_date": date.today().isoformat()})
    assert "Choose a facility from the directory." in unknown.get_data(as_text=True)
    assert DetentionPeriod.query.count() == 0


@pytest.mark.parametrize("role,status", [("campaign", 403), ("congregation", 403), ("outsider", 404)])
def test_only_the_legal_team_records_detention(login_as, users, case, role, status):
    facility = _facility()
    period = services.detain(case, facility, date.today(), users["legal"])
    db.session.commit()
    client = login_as(role)
    assert client.submit(f"/cases/{case.id}/detention/new",
                         {"facility_id": facility.id, "from_date": date.today().isoformat()}).status_code == status
    assert client.submit(f"/detention/{period.id}/release",
                         {"how": "not_detained", "on_date": date.today().isoformat()}).status_code == status
    db.session.expire_all()
    assert db.session.get(DetentionPeriod, period.id).is_open


def test_the_campaign_lead_on_the_team_sees_where_the_person_is_held(login_as, users, case):
    facility = _facility(visiting_rules="Saturdays 8-11 AM")
    services.detain(case, facility, date.today() - timedelta(days=3), users["legal"])
    db.session.commit()
    page = login_as("campaign").text(f"/cases/{case.id}")
    assert facility.name in page and "Saturdays 8-11 AM" in page
    assert "Transferred…" not in page


def test_the_dashboard_shows_facility_and_days_detained_across_transfers(login_as, users, case):
    first, second = _facility(), _facility("Dodge County Example Jail")
    period = services.detain(case, first, date.today() - timedelta(days=30), users["legal"])
    services.transfer(period, second, date.today() - timedelta(days=10), users["legal"])
    db.session.commit()
    page = login_as("legal").text("/")
    row = page.split(f'id="detained-{case.id}"')[1].split("</li>")[0]
    assert "Dodge County Example Jail" in row and "detained 30 days" in row


def test_the_detained_list_costs_the_same_queries_for_5_and_200_cases(login_as, users, count_queries):
    legal = users["legal"]
    facility, other = _facility(), _facility("Dodge County Example Jail")
    client = login_as("legal")

    def detained_cases(count):
        _bulk_cases(count, [legal], legal)
        for case in Case.query.all():
            if case.person.detention_status is DetentionStatus.DETAINED and services.open_period(case) is None:
                period = services.detain(case, facility, date.today() - timedelta(days=20), legal)
                services.transfer(period, other, date.today() - timedelta(days=5), legal)
        db.session.commit()

    detained_cases(5)
    client.get("/")
    with count_queries() as few:
        client.get("/")
    detained_cases(195)
    with count_queries() as many:
        page = client.text("/")
    assert page.count("detained 20 days") == Case.query.count() // 3 + 1 - (Case.query.count() % 3 == 0)
    assert many.count == few.count, many.statements
