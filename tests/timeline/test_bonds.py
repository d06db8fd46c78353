"""Bonds: recorded and followed by the legal team; amounts are legal-only (campaign
leads and congregations never see them); the bond fund's totals on the admin pages."""
from datetime import date, timedelta

import pytest

from tests import factories
from tracker.detention.models import Bond, BondPayer, BondSetBy, BondStatus
from tracker.extensions import db

TODAY = date.today()


def _form(**fields):
    form = {"amount": "7500", "set_by": "immigration_judge", "set_on": (TODAY - timedelta(days=10)).isoformat(),
            "paid_by": "bond_fund", "organization_contribution": "", "status": "posted", "returned_on": ""}
    return {**form, **fields}


@pytest.fixture
def case(users):
    return factories.make_case(factories.make_person("Hector Example"), team=[users["legal"], users["campaign"]])


def _bond(case, amount, status, paid_by=BondPayer.BOND_FUND, contribution=None, returned_on=None):
    bond = Bond(case_id=case.id, amount=amount, set_by=BondSetBy.ICE, set_on=TODAY - timedelta(days=30),
                paid_by=paid_by, organization_contribution=contribution, status=status, returned_on=returned_on)
    db.session.add(bond)
    db.session.commit()
    return bond


def test_the_legal_team_records_and_follows_a_bond(login_as, case):
    client = login_as("legal")
    response = client.submit(f"/cases/{case.id}/bonds/new", _form(paid_by="family", organization_contribution="2000"))
    assert response.status_code == 302
    bond = Bond.query.one()
    assert (bond.amount, bond.set_by, bond.paid_by, bond.organization_contribution, bond.status) == (
        7500, BondSetBy.IMMIGRATION_JUDGE, BondPayer.FAMILY, 2000, BondStatus.POSTED)
    page = client.text(f"/cases/{case.id}")
    assert "$7,500" in page and "$2,000" in page
    client.submit(f"/bonds/{bond.id}/edit", _form(paid_by="family", organization_contribution="2000",
                                                  status="returned", returned_on=TODAY.isoformat()))
    db.session.expire_all()
    bond = db.session.get(Bond, bond.id)
    assert bond.status is BondStatus.RETURNED and bond.returned_on == TODAY


@pytest.mark.parametrize("fields,message", [
    ({"amount": ""}, "Enter the bond amount in whole dollars."),
    ({"amount": "0"}, "Enter an amount between $1 and $10,000,000."),
    ({"amount": "12.50"}, "Enter whole dollars, without cents"),
    ({"organization_contribution": "9000"}, "The contribution cannot be more than the bond."),
    ({"paid_by": ""}, "Say who paid"),
    ({"status": "returned"}, "Enter the day the bond money came back."),
    ({"returned_on": TODAY.isoformat()}, "A return date needs the status returned."),
    ({"set_on": (TODAY + timedelta(days=2)).isoformat()}, "cannot be in the future"),
])
def test_bad_bond_input_is_refused_beside_the_field_and_keeps_what_was_typed(login_as, case, fields, message):
    response = login_as("legal").submit(f"/cases/{case.id}/bonds/new", _form(**fields))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and message in body
    assert 'value="immigration_judge" selected' in body or 'selected value="immigration_judge"' in body
    assert Bond.query.count() == 0


@pytest.mark.parametrize("role", ["campaign", "congregation", "outsider"])
def test_bond_amounts_are_legal_only(login_as, case, role):
    bond = _bond(case, 12345, BondStatus.POSTED)
    client = login_as(role)
    expected = 404 if role == "outsider" else 403
    assert client.get(f"/cases/{case.id}/bonds/new").status_code == expected
    assert client.submit(f"/cases/{case.id}/bonds/new", _form()).status_code == expected
    assert client.get(f"/bonds/{bond.id}/edit").status_code == expected
    assert client.submit(f"/bonds/{bond.id}/edit", _form(amount="1")).status_code == expected
    assert client.get("/admin/bonds").status_code == 403
    for url in ("/", f"/cases/{case.id}", "/cases", f"/people/{case.person_id}"):
        response = client.get(url)
        text = response.get_data(as_text=True)
        assert "12,345" not in text and "12345" not in text, url
    db.session.expire_all()
    assert db.session.get(Bond, bond.id).amount == 12345


def test_the_legal_volunteer_on_the_team_sees_the_bond(login_as, case):
    _bond(case, 12345, BondStatus.POSTED)
    assert "$12,345" in login_as("legal").text(f"/cases/{case.id}")


def test_the_bond_fund_totals_what_is_out_and_what_came_back(login_as, users, case):
    other = factories.make_case(factories.make_person("Other Example", a_number="999-700-001"), team=[users["legal"]])
    _bond(case, 10000, BondStatus.POSTED)                                    # out: 10,000
    _bond(other, 5000, BondStatus.BEING_RETURNED)                            # out: 5,000
    _bond(case, 8000, BondStatus.POSTED, paid_by=BondPayer.FAMILY, contribution=1500)  # out: 1,500
    _bond(other, 4000, BondStatus.RETURNED, returned_on=TODAY)               # returned: 4,000
    _bond(case, 3000, BondStatus.RETURNED, paid_by=BondPayer.ORGANIZATION, contribution=3000, returned_on=TODAY)
    _bond(other, 2500, BondStatus.BREACHED)                                  # lost: 2,500
    _bond(case, 9999, BondStatus.SET)                                        # not paid: no money out
    _bond(case, 7777, BondStatus.POSTED, paid_by=BondPayer.FAMILY)           # the family's own money
    page = login_as("admin").text("/admin/bonds")
    assert '<dd id="fund-out">$16,500</dd>' in page
    assert '<dd id="fund-returned">$7,000</dd>' in page
    assert '<dd id="fund-lost">$2,500</dd>' in page
    assert "Hector Example" in page and "Other Example" in page
