"""The case stage follows the record, staff can still set it by hand, and every
change of stage is an entry on the timeline."""
from datetime import date, time

import pytest

from tests import factories
from tests.casework.test_case_pages import CASE_FORM
from tracker.cases.models import Case, Outcome, Stage
from tracker.extensions import db
from tracker.timeline.models import DecisionBody, Event, EventKind


def _stage_entries(case):
    return [(event.title, event.outcome) for event in db.session.scalars(
        db.select(Event).where(Event.case_id == case.id, Event.kind == EventKind.STAGE_CHANGE).order_by(Event.id))]


def _reload(case):
    db.session.expire_all()
    return db.session.get(Case, case.id)


def _decision_form(case, final_order):
    form = {"kind": "decision", "title": "", "day": date.today().isoformat(), "start_time": "10:00", "end_time": "",
            "timezone": case.timezone, "location": "", "outcome": "", "notes": "", "visibility": "internal",
            "decided_by": "immigration_judge"}
    if final_order:
        form["final_order"] = "y"
    return form


def test_a_final_order_moves_the_case_to_final_order(login_as, users):
    case = factories.make_case(team=[users["legal"]])
    client = login_as("legal")
    response = client.submit(f"/cases/{case.id}/events/new", _decision_form(case, final_order=True))
    assert "The case stage is now Final order of removal." in client.text(response.headers["Location"])
    assert _reload(case).stage is Stage.FINAL_ORDER
    assert _stage_entries(case) == [("Stage: Removal proceedings → Final order of removal",
                                     "Decision: final order of removal")]


def test_a_decision_that_is_not_a_final_order_leaves_the_stage(login_as, users):
    case = factories.make_case(team=[users["legal"]])
    login_as("legal").submit(f"/cases/{case.id}/events/new", _decision_form(case, final_order=False))
    assert _reload(case).stage is Stage.REMOVAL_PROCEEDINGS and _stage_entries(case) == []


def test_editing_a_decision_into_a_final_order_moves_the_stage(login_as, users):
    legal = users["legal"]
    case = factories.make_case(team=[legal])
    decision = factories.make_event(case, EventKind.DECISION, days=0, at=time(10), actor=legal,
                                    decided_by=DecisionBody.IMMIGRATION_JUDGE)
    login_as("legal").submit(f"/events/{decision.id}/edit", _decision_form(case, final_order=True))
    assert _reload(case).stage is Stage.FINAL_ORDER


@pytest.mark.parametrize("kind,status,stage", [
    ("bia_appeal", "filed", Stage.BIA_APPEAL),
    ("petition_for_review", "pending", Stage.PETITION_FOR_REVIEW),
    ("motion_to_reopen", "filed", Stage.MOTION_TO_REOPEN),
    ("stay_of_removal", "filed", Stage.STAY_REQUESTED),
])
def test_a_filing_moves_the_stage(login_as, users, kind, status, stage):
    case = factories.make_case(team=[users["legal"]], stage=Stage.FINAL_ORDER)
    login_as("legal").submit(f"/cases/{case.id}/filings/new", {
        "kind": kind, "status": status, "filed_on": date.today().isoformat(), "decided_on": "", "receipt_number": "",
        "notes": ""})
    assert _reload(case).stage is stage
    ((title, reason),) = _stage_entries(case)
    assert title == f"Stage: Final order of removal → {stage.label}" and status in reason


def test_a_stay_asked_for_during_an_appeal_leaves_the_case_on_appeal(login_as, users):
    case = factories.make_case(team=[users["legal"]], stage=Stage.BIA_APPEAL)
    login_as("legal").submit(f"/cases/{case.id}/filings/new", {
        "kind": "stay_of_removal", "status": "filed", "filed_on": date.today().isoformat(), "decided_on": "",
        "receipt_number": "", "notes": ""})
    assert _reload(case).stage is Stage.BIA_APPEAL and _stage_entries(case) == []


@pytest.mark.parametrize("kind", ["bia_appeal", "prosecutorial_discretion", "bond_request"])
def test_a_draft_or_a_filing_without_a_stage_leaves_it(login_as, users, kind):
    case = factories.make_case(team=[users["legal"]])
    status = "drafting" if kind == "bia_appeal" else "filed"
    login_as("legal").submit(f"/cases/{case.id}/filings/new", {
        "kind": kind, "status": status, "filed_on": "" if status == "drafting" else date.today().isoformat(),
        "decided_on": "", "receipt_number": "", "notes": ""})
    assert _reload(case).stage is Stage.REMOVAL_PROCEEDINGS and _stage_entries(case) == []


def test_on_appeal_and_circuit_court_are_the_stage_names():
    assert Stage.BIA_APPEAL.label == "On appeal (BIA)"
    assert Stage.PETITION_FOR_REVIEW.label.startswith("Circuit court")


@pytest.mark.parametrize("outcome,closes", [("relief_granted", True), ("terminated", True), ("stay_granted", False),
                                            ("removed", False)])
def test_a_grant_or_termination_closes_the_case(login_as, users, outcome, closes):
    case = factories.make_case(team=[users["legal"]], stage=Stage.BIA_APPEAL)
    login_as("legal").submit(f"/cases/{case.id}/edit", {**CASE_FORM, "stage": "bia_appeal", "outcome": outcome})
    case = _reload(case)
    assert case.outcome is Outcome(outcome)
    assert (case.stage is Stage.CLOSED) is closes
    assert len(_stage_entries(case)) == (1 if closes else 0)


def test_staff_set_the_stage_by_hand_and_it_is_on_the_timeline(login_as, users):
    case = factories.make_case(team=[users["legal"]], stage=Stage.FINAL_ORDER)
    client = login_as("legal")
    client.submit(f"/cases/{case.id}/edit", {**CASE_FORM, "stage": "removal_proceedings"})
    assert _reload(case).stage is Stage.REMOVAL_PROCEEDINGS
    assert _stage_entries(case) == [("Stage: Final order of removal → Removal proceedings", "set by hand")]
    entry = db.session.scalars(db.select(Event).where(Event.kind == EventKind.STAGE_CHANGE)).one()
    assert entry.recorded_by_id == users["legal"].id
    page = client.text(f"/cases/{case.id}")
    assert "Stage: Final order of removal → Removal proceedings" in page
    # Written by the app: not editable, and not a kind a person picks.
    assert client.get(f"/events/{entry.id}/edit").status_code == 404
    assert 'value="stage_change"' not in client.text(f"/cases/{case.id}/events/new")
    # The campaign lead on the team reads it too.
    case.team.append(users["campaign"])
    db.session.commit()
    assert "Stage: Final order of removal → Removal proceedings" in login_as("campaign").text(f"/cases/{case.id}")
