"""A filing closes exactly the deadline it answers; withdrawn or rejected, it gives it back."""
from datetime import date, time, timedelta

import pytest

from tests import factories
from tracker.cases.models import Filing, FilingKind
from tracker.extensions import db
from tracker.timeline import services
from tracker.timeline.filings import ANSWERS
from tracker.timeline.models import DecisionBody, Event, EventKind

# A judge's final order and a BIA decision on the same case: all four derived deadlines are open.
ALL_RULES = {"bia_appeal", "petition_for_review", "motion_to_reopen", "motion_to_reconsider"}


def _case_with_every_deadline(legal):
    case = factories.make_case(team=[legal])
    factories.make_event(case, EventKind.DECISION, days=-10, at=time(10), actor=legal,
                         decided_by=DecisionBody.IMMIGRATION_JUDGE, final_order=True)
    factories.make_event(case, EventKind.DECISION, days=-5, at=time(10), actor=legal, decided_by=DecisionBody.BIA)
    return case


def _deadlines(case):
    return {event.rule: db.session.get(Event, event.id) for event in
            db.session.scalars(db.select(Event).where(Event.case_id == case.id, Event.rule.is_not(None)))}


def _file(client, case, kind, status="filed", **extra):
    filed = (date.today() - timedelta(days=1)).isoformat()
    return client.submit(f"/cases/{case.id}/filings/new", {"kind": kind, "status": status, "filed_on": filed,
                                                           "decided_on": "", "receipt_number": "", "notes": "", **extra})


@pytest.mark.parametrize("kind,rule", [(kind.value, rule) for kind, rule in ANSWERS.items()])
def test_each_filing_type_closes_exactly_its_deadline(login_as, users, kind, rule):
    case = _case_with_every_deadline(users["legal"])
    assert set(_deadlines(case)) == ALL_RULES
    response = _file(login_as("legal"), case, kind)
    assert response.status_code == 302
    filing = Filing.query.one()
    deadlines = _deadlines(case)
    met = {key for key, event in deadlines.items() if event.completed_at is not None}
    assert met == {rule}
    assert deadlines[rule].met_by_filing_id == filing.id
    assert deadlines[rule].completed_by_id == users["legal"].id
    assert [revision.action for revision in deadlines[rule].revisions][-1] == "marked met"


@pytest.mark.parametrize("kind", [FilingKind.STAY_OF_REMOVAL, FilingKind.PROSECUTORIAL_DISCRETION, FilingKind.BOND_REQUEST])
def test_other_filings_close_no_deadline(login_as, users, kind):
    case = _case_with_every_deadline(users["legal"])
    _file(login_as("legal"), case, kind.value)
    assert all(event.completed_at is None for event in _deadlines(case).values())


def test_a_draft_closes_nothing_until_it_is_filed(login_as, users):
    case = _case_with_every_deadline(users["legal"])
    client = login_as("legal")
    _file(client, case, "bia_appeal", status="drafting", filed_on="")
    assert _deadlines(case)["bia_appeal"].completed_at is None
    filing = Filing.query.one()
    client.submit(f"/filings/{filing.id}/edit", {"kind": "bia_appeal", "status": "filed", "filed_on": date.today().isoformat(),
                                                 "decided_on": "", "receipt_number": "", "notes": ""})
    assert _deadlines(case)["bia_appeal"].met_by_filing_id == filing.id


@pytest.mark.parametrize("status", ["withdrawn", "rejected"])
def test_a_withdrawn_or_rejected_filing_reopens_its_deadline(login_as, users, status):
    case = _case_with_every_deadline(users["legal"])
    client = login_as("legal")
    _file(client, case, "motion_to_reopen")
    filing = Filing.query.one()
    assert _deadlines(case)["motion_to_reopen"].completed_at is not None
    response = client.submit(f"/filings/{filing.id}/edit", {"kind": "motion_to_reopen", "status": status,
                                                            "filed_on": date.today().isoformat(), "decided_on": "",
                                                            "receipt_number": "", "notes": ""})
    assert "is open again" in client.text(response.headers["Location"])
    deadline = _deadlines(case)["motion_to_reopen"]
    assert deadline.completed_at is None and deadline.met_by_filing_id is None
    assert [revision.action for revision in deadline.revisions][-1] == "reopened"


def test_changing_the_kind_moves_the_closing_to_the_other_deadline(login_as, users):
    case = _case_with_every_deadline(users["legal"])
    client = login_as("legal")
    _file(client, case, "motion_to_reopen")
    filing = Filing.query.one()
    client.submit(f"/filings/{filing.id}/edit", {"kind": "motion_to_reconsider", "status": "pending",
                                                 "filed_on": date.today().isoformat(), "decided_on": "",
                                                 "receipt_number": "", "notes": ""})
    deadlines = _deadlines(case)
    assert deadlines["motion_to_reopen"].completed_at is None
    assert deadlines["motion_to_reconsider"].met_by_filing_id == filing.id


def test_the_case_page_says_which_filing_met_the_deadline(login_as, users):
    case = _case_with_every_deadline(users["legal"])
    client = login_as("legal")
    response = _file(client, case, "bia_appeal", receipt_number="EOIR-123")
    page = client.text(response.headers["Location"])
    assert "BIA appeal due (Form EOIR-26) marked met." in page
    filing = Filing.query.one()
    assert f'href="#filing-{filing.id}"' in page and "by the BIA appeal (Form EOIR-26) filed" in page


def test_reopening_by_hand_unlinks_the_filing(app, users):
    legal = users["legal"]
    case = _case_with_every_deadline(legal)
    filing = Filing(case_id=case.id, kind=FilingKind.BIA_APPEAL, filed_on=date.today())
    from tracker.cases.models import FilingStatus
    filing.status = FilingStatus.FILED
    db.session.add(filing)
    db.session.flush()
    from tracker.timeline.filings import sync_answered_deadlines
    met, reopened = sync_answered_deadlines(filing, legal)
    assert [event.rule for event in met] == ["bia_appeal"] and reopened == []
    services.set_deadline_state(met[0], legal, "reopen")
    assert met[0].met_by_filing_id is None
    # A second sync links it again: the filing still answers it.
    assert [event.rule for event in sync_answered_deadlines(filing, legal)[0]] == ["bia_appeal"]
