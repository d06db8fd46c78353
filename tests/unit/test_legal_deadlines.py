"""The deadlines a decision starts, in calendar days, and how the timeline keeps them."""
from datetime import date, time, timedelta

import pytest

from tests import factories
from tracker.extensions import db
from tracker.timeline import services
from tracker.timeline.deadlines import derive_deadlines, next_business_day
from tracker.timeline.models import DecisionBody, Event, EventKind


def _due(decided_on, decided_by, final_order=False):
    return {d.rule.key: d.due_on for d in derive_deadlines(decided_on, decided_by, final_order)}


def test_judges_decision_starts_a_thirty_day_bia_appeal():
    assert _due(date(2026, 11, 2), DecisionBody.IMMIGRATION_JUDGE) == {"bia_appeal": date(2026, 12, 2)}


def test_bia_decision_starts_a_thirty_day_petition_for_review():
    assert _due(date(2026, 1, 5), DecisionBody.BIA) == {"petition_for_review": date(2026, 2, 4)}


def test_final_order_starts_motions_to_reopen_and_reconsider():
    assert _due(date(2026, 3, 1), DecisionBody.BIA, final_order=True) == {
        "petition_for_review": date(2026, 3, 31),
        "motion_to_reopen": date(2026, 5, 30),
        "motion_to_reconsider": date(2026, 3, 31),
    }


@pytest.mark.parametrize("body", [DecisionBody.ICE, DecisionBody.USCIS, DecisionBody.CIRCUIT_COURT])
def test_other_decisions_start_no_deadline_unless_final(body):
    assert _due(date(2026, 3, 1), body) == {}


def test_calendar_days_cross_month_year_and_leap_day():
    assert _due(date(2027, 12, 15), DecisionBody.IMMIGRATION_JUDGE)["bia_appeal"] == date(2028, 1, 14)
    assert _due(date(2028, 1, 30), DecisionBody.IMMIGRATION_JUDGE)["bia_appeal"] == date(2028, 2, 29)


def _decision(case, actor, days_ago, body=DecisionBody.IMMIGRATION_JUDGE, final=False):
    return factories.make_event(case, EventKind.DECISION, days=-days_ago, at=time(10), actor=actor,
                                decided_by=body, final_order=final)


def test_recording_a_decision_puts_its_deadlines_on_the_timeline(app, users):
    case = factories.make_case(team=[users["legal"]])
    decision = _decision(case, users["legal"], days_ago=5, final=True)
    derived = {event.rule: event for event in services.derived_from(decision)}
    assert set(derived) == {"bia_appeal", "motion_to_reopen", "motion_to_reconsider"}
    assert derived["bia_appeal"].raw_due_on == decision.local_date + timedelta(days=30)
    assert derived["bia_appeal"].local_date == next_business_day(decision.local_date + timedelta(days=30))
    assert derived["bia_appeal"].kind is EventKind.FILING_DEADLINE and derived["bia_appeal"].all_day


def test_moving_the_decision_moves_its_deadlines_but_not_an_override(app, users):
    actor = users["legal"]
    case = factories.make_case(team=[actor])
    decision = _decision(case, actor, days_ago=5, final=True)
    deadlines = {event.rule: event for event in services.derived_from(decision)}
    overridden = deadlines["motion_to_reopen"]
    services.update_event(overridden, actor, starts_at=services.to_utc(date(2030, 1, 2), None, case.timezone))
    assert overridden.overridden
    new_day = decision.local_date - timedelta(days=3)
    services.update_event(decision, actor, starts_at=services.to_utc(new_day, time(10), case.timezone))
    db.session.commit()
    assert deadlines["bia_appeal"].local_date == next_business_day(new_day + timedelta(days=30))
    assert overridden.local_date == date(2030, 1, 2)
    assert overridden.derived_due_on == new_day + timedelta(days=90)
    services.restore_derived_date(overridden, actor)
    assert overridden.local_date == new_day + timedelta(days=90) and not overridden.overridden


def test_changing_who_decided_removes_a_deadline_that_no_longer_applies(app, users):
    actor = users["legal"]
    case = factories.make_case(team=[actor])
    decision = _decision(case, actor, days_ago=2)
    services.update_event(decision, actor, decided_by=DecisionBody.BIA)
    db.session.commit()
    assert [event.rule for event in services.derived_from(decision)] == ["petition_for_review"]
    removed = db.session.scalars(db.select(Event).where(Event.rule == "bia_appeal")).one()
    assert removed.removed_at is not None
    assert [revision.action for revision in removed.revisions][-1] == "removed"


def test_removing_the_decision_removes_its_deadlines(app, users):
    actor = users["legal"]
    case = factories.make_case(team=[actor])
    decision = _decision(case, actor, days_ago=2)
    services.remove_event(decision, actor)
    db.session.commit()
    assert services.derived_from(decision) == []


def test_every_change_leaves_a_revision_and_notes_are_hidden_from_other_roles(app, users):
    actor = users["legal"]
    case = factories.make_case(team=[actor])
    hearing = factories.make_event(case, days=10, actor=actor, notes="ask for continuance")
    services.update_event(hearing, actor, notes="ask for a longer continuance", location="Courtroom 3")
    db.session.commit()
    actions = [revision.action for revision in hearing.revisions]
    assert actions == ["created", "edited"]
    edited = hearing.revisions[-1]
    hidden = dict((field, new) for field, _old, new in services.revision_changes(edited, restricted=False))
    shown = dict((field, new) for field, _old, new in services.revision_changes(edited, restricted=True))
    assert hidden["notes"] == "(changed)" and shown["notes"] == "ask for a longer continuance"
    assert shown["location"] == "Courtroom 3"


def test_a_hearing_needs_checking_again_after_seven_days(app, users):
    case = factories.make_case(team=[users["legal"]])
    hearing = factories.make_event(case, days=20, actor=users["legal"])
    today = services.today_in(case.timezone)
    hearing.last_verified_on = today - timedelta(days=6)
    assert not services.verification_due(hearing, today)
    hearing.last_verified_on = today - timedelta(days=7)
    assert services.verification_due(hearing, today)


def test_local_times_survive_a_daylight_saving_change():
    before = services.to_utc(date(2026, 11, 1), time(9, 0), "America/Chicago")  # CST after 2 AM
    after = services.to_utc(date(2026, 10, 31), time(9, 0), "America/Chicago")  # still CDT
    assert before.hour == 15 and after.hour == 14
