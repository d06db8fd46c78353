from tests import factories
from tracker.timeline.models import EventKind


def test_legal_volunteer_sees_hearing_on_dashboard_and_case_page(login_as, users):
    case = factories.make_case(factories.make_person("Zeta Example"), team=[users["legal"]])
    factories.make_event(case, EventKind.INDIVIDUAL_HEARING, days=3, actor=users["legal"], location="Courtroom 9")
    client = login_as("legal")
    dashboard = client.text("/")
    assert "Individual (merits) hearing" in dashboard
    assert "Zeta Example" in dashboard
    page = client.text(f"/cases/{case.id}")
    assert "Courtroom 9" in page
