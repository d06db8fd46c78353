"""Cases: opening and editing, the sortable paged list, filings."""
import re
from datetime import date, timedelta

from tests import factories
from tests.pages import visible_text
from tracker.cases.models import Case, ConsentLevel, Filing, Stage
from tracker.extensions import db
from tracker.timeline.models import EventKind

CASE_FORM = {"stage": "removal_proceedings", "outcome": "pending", "court": "Chicago Immigration Court", "judge": "IJ Example",
             "ice_field_office": "Chicago", "attorney": "", "organization": "", "privacy_waiver_signed_on": "",
             "consent_level": "none", "consent_date": "", "timezone": "America/Chicago"}


def test_opening_a_case_puts_its_author_on_the_team(login_as, users):
    person = factories.make_person(created_by=users["legal"])
    response = login_as("legal").submit(f"/people/{person.id}/cases/new", CASE_FORM)
    case = Case.query.one()
    assert response.headers["Location"].endswith(f"/cases/{case.id}")
    assert users["legal"] in case.team


def test_publicity_consent_needs_its_date_and_records_who_entered_it(login_as, users):
    case = factories.make_case(team=[users["legal"]])
    client = login_as("legal")
    refused = client.submit(f"/cases/{case.id}/edit", {**CASE_FORM, "consent_level": "full_name"})
    assert "Record the date" in refused.get_data(as_text=True)
    future = client.submit(f"/cases/{case.id}/edit", {**CASE_FORM, "privacy_waiver_signed_on": "2099-01-01"})
    assert "cannot be in the future" in future.get_data(as_text=True)
    client.submit(f"/cases/{case.id}/edit", {**CASE_FORM, "consent_level": "first_name", "consent_date": date.today().isoformat()})
    case = db.session.get(Case, case.id)
    assert case.consent_level is ConsentLevel.FIRST_NAME and case.consent_recorded_by_id == users["legal"].id


def test_the_case_list_is_sorted_by_next_date_and_paged(login_as, users):
    soon = factories.make_case(factories.make_person("Soon Example", a_number="999-310-001"), team=[users["legal"]])
    later = factories.make_case(factories.make_person("Later Example", a_number="999-310-002"), team=[users["legal"]])
    factories.make_case(factories.make_person("Nothing Example", a_number="999-310-003"), team=[users["legal"]])
    factories.make_event(later, EventKind.ICE_CHECK_IN, days=20, actor=users["legal"])
    factories.make_event(soon, EventKind.FILING_DEADLINE, days=3, at=None, actor=users["legal"])
    for url in ("/cases", "/people?sort=next"):
        page = login_as("legal").text(url)
        assert page.index("Soon Example") < page.index("Later Example") < page.index("Nothing Example"), url
    for number in range(30):
        factories.make_case(factories.make_person(f"Many {number:02d} Example", a_number=None), team=[users["legal"]])
    first = login_as("legal").text("/cases?sort=name")
    assert "Page 1 of 2" in first and "33 in all" in first
    assert len(re.findall(r'href="/cases/\d+"', first)) == 25


def test_the_case_list_filters_by_stage_and_detention(login_as, users):
    from tracker.people.models import DetentionStatus

    factories.make_case(factories.make_person("Held Example", a_number="999-320-001", detention_status=DetentionStatus.DETAINED,
                                              detention_facility="Fictional Center"), team=[users["legal"]])
    factories.make_case(factories.make_person("Appeal Example", a_number="999-320-002"), team=[users["legal"]], stage=Stage.BIA_APPEAL)
    client = login_as("legal")
    detained = client.text("/cases?detained=1")
    assert "Held Example" in detained and "Appeal Example" not in detained
    appeals = client.text("/cases?stage=bia_appeal")
    assert "Appeal Example" in appeals and "Held Example" not in appeals
    assert client.get("/cases?stage=nonsense&page=abc&sort=nope").status_code == 200


def test_filings_follow_their_status_and_show_on_the_timeline(login_as, users):
    case = factories.make_case(team=[users["legal"]])
    client = login_as("legal")
    base = {"kind": "stay_of_removal", "status": "filed", "filed_on": "", "decided_on": "", "receipt_number": "", "notes": ""}
    assert "Give the date it was filed" in client.submit(f"/cases/{case.id}/filings/new", base).get_data(as_text=True)
    earlier = (date.today() - timedelta(days=10)).isoformat()
    later = (date.today() - timedelta(days=5)).isoformat()
    wrong = client.submit(f"/cases/{case.id}/filings/new", {**base, "status": "granted", "filed_on": later, "decided_on": earlier})
    assert "cannot come before the filing" in wrong.get_data(as_text=True)
    assert Filing.query.count() == 0
    client.submit(f"/cases/{case.id}/filings/new", {**base, "status": "granted", "filed_on": earlier, "decided_on": later,
                                                   "receipt_number": "EAC-EXAMPLE-1"})
    page = visible_text(client.text(f"/cases/{case.id}"))
    assert "Stay of removal (Form I-246) filed" in page and "Stay of removal (Form I-246) granted" in page
