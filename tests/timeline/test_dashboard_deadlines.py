"""The dashboard lists every open deadline of the user's cases, by due date,
overdue ones first and marked, with the days left; in a fixed number of queries."""
import re
from datetime import time

from tests import factories
from tests.casework.test_list_query_counts import _bulk_cases
from tracker.cases.models import Stage
from tracker.extensions import db
from tracker.timeline.models import DecisionBody, EventKind


def _deadline(case, days, actor, title):
    return factories.make_event(case, EventKind.FILING_DEADLINE, days=days, at=None, actor=actor, title=title)


def test_every_open_deadline_in_due_order_overdue_first_with_days_left(login_as, users):
    legal = users["legal"]
    rosa = factories.make_case(factories.make_person("Rosa Example", a_number="999-500-001"), team=[legal])
    omar = factories.make_case(factories.make_person("Omar Example", a_number="999-500-002"), team=[legal])
    _deadline(rosa, 29, legal, "Far deadline (29 days)")
    _deadline(omar, 90, legal, "Very far deadline (90 days)")
    _deadline(omar, -3, legal, "Missed deadline")
    _deadline(rosa, 0, legal, "Deadline of today")
    _deadline(rosa, 4, legal, "Soon deadline")
    met = _deadline(rosa, 2, legal, "Met deadline")
    met.completed_at = met.recorded_at
    closed = factories.make_case(factories.make_person("Closed Example", a_number="999-500-003"), team=[legal],
                                 stage=Stage.CLOSED)
    _deadline(closed, 5, legal, "Deadline of a closed case")
    other = factories.make_case(factories.make_person("Other Example", a_number="999-500-004"), team=[users["outsider"]])
    _deadline(other, 5, users["outsider"], "Someone else's deadline")
    db.session.commit()

    page = login_as("legal").text("/")
    section = page.split('aria-labelledby="deadlines-h"')[1].split("</section>")[0]
    titles = re.findall(r"<strong>([^<]*deadline[^<]*)</strong>", section, flags=re.I)
    assert titles == ["Missed deadline", "Deadline of today", "Soon deadline", "Far deadline (29 days)",
                      "Very far deadline (90 days)"]
    assert "1 overdue" in section
    missed = section.split('id="dash-deadline-')[1]
    assert "overdue by 3 days" in missed and "badge-danger" in missed
    assert "due today" in section and "4 days left" in section and "29 days left" in section and "90 days left" in section


def test_a_far_derived_deadline_shows_on_the_dashboard_with_its_rule(login_as, users):
    legal = users["legal"]
    case = factories.make_case(team=[legal])
    factories.make_event(case, EventKind.DECISION, days=-1, at=time(10), actor=legal,
                         decided_by=DecisionBody.IMMIGRATION_JUDGE, final_order=True)
    section = login_as("legal").text("/").split('aria-labelledby="deadlines-h"')[1].split("</section>")[0]
    for title in ("BIA appeal due", "Motion to reconsider due", "Motion to reopen due"):
        assert title in section
    assert "8 CFR 1003.38(b)" in section and "Counted:" in section


def test_the_deadline_list_costs_the_same_queries_for_5_and_200_cases(login_as, users, count_queries):
    legal = users["legal"]
    client = login_as("legal")
    _bulk_cases(5, [legal], legal)
    for case_number, days in ((1, -4), (2, 45)):
        case = factories.make_case(factories.make_person(f"Extra {case_number} Example", a_number=None), team=[legal])
        _deadline(case, days, legal, f"Extra deadline {case_number}")
    client.get("/")
    with count_queries() as few:
        page = client.text("/")
    assert "overdue by 4 days" in page and "45 days left" in page
    _bulk_cases(195, [legal], legal)
    with count_queries() as many:
        page = client.text("/")
    assert page.count('id="dash-deadline-') == 202
    assert many.count == few.count, many.statements
