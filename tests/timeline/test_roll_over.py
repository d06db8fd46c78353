"""Deadlines whose last day falls on a weekend or a federal legal holiday move to
the next business day where the rule says so (BIA appeals, petitions for review)."""
from datetime import date, time, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests import factories
from tracker.timeline import services
from tracker.timeline.deadlines import (
    BIA_APPEAL,
    MOTION_TO_RECONSIDER,
    MOTION_TO_REOPEN,
    PETITION_FOR_REVIEW,
    apply_rule,
    derive_deadlines,
    is_business_day,
    next_business_day,
)
from tracker.timeline.models import DecisionBody, EventKind

ROLLING = [BIA_APPEAL, PETITION_FOR_REVIEW]
decision_days = st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31))


def _federal(year):
    return holidays.country_holidays("US", years=year)


def test_the_issue_example_a_decision_on_2_january_2026_is_due_monday_2_february():
    # 30 days from Friday 2 January 2026 is Sunday 1 February.
    (appeal,) = derive_deadlines(date(2026, 1, 2), DecisionBody.IMMIGRATION_JUDGE, final_order=False)
    assert appeal.raw_on == date(2026, 2, 1)
    assert appeal.due_on == date(2026, 2, 2)


def test_a_weekend_then_a_holiday_rolls_past_both():
    # 30 days from 15 January 2026 is Saturday 14 February; Monday 16 February is Washington's Birthday.
    (review,) = derive_deadlines(date(2026, 1, 15), DecisionBody.BIA, final_order=False)
    assert (review.raw_on, review.due_on) == (date(2026, 2, 14), date(2026, 2, 17))


@pytest.mark.parametrize("year", [2026, 2027])
def test_every_federal_holiday_of_a_year_is_not_a_business_day_and_rolls(year):
    for holiday, name in _federal(year).items():
        decided = holiday - timedelta(days=30)
        for rule in ROLLING:
            deadline = apply_rule(rule, decided)
            assert deadline.raw_on == holiday
            assert deadline.due_on > holiday, (holiday, name)
            assert is_business_day(deadline.due_on)
            # Nothing between the holiday and the rolled date was a business day.
            day = holiday
            while day < deadline.due_on:
                assert not is_business_day(day), (holiday, day)
                day += timedelta(days=1)


def test_observed_days_count_christmas_2027_on_a_saturday_is_observed_friday_24():
    assert not is_business_day(date(2027, 12, 24))
    assert next_business_day(date(2027, 12, 24)) == date(2027, 12, 27)
    # New Year's Day 2028 is a Saturday, observed Friday 31 December 2027.
    assert next_business_day(date(2027, 12, 31)) == date(2028, 1, 3)


@given(decision_days)
def test_rolling_rules_land_on_the_first_business_day_on_or_after_the_count(decided):
    for rule in ROLLING:
        deadline = apply_rule(rule, decided)
        assert deadline.raw_on == decided + timedelta(days=rule.days)
        assert deadline.due_on >= deadline.raw_on
        assert deadline.due_on.weekday() < 5
        assert deadline.due_on not in _federal(deadline.due_on.year)
        assert all(
            not is_business_day(deadline.raw_on + timedelta(days=offset))
            for offset in range((deadline.due_on - deadline.raw_on).days)
        )
        # A weekend and a holiday weekend never add more than four days (Sat, Sun, Mon holiday).
        assert (deadline.due_on - deadline.raw_on).days <= 3


@given(decision_days)
def test_a_count_ending_on_a_business_day_stays(decided):
    deadline = apply_rule(BIA_APPEAL, decided)
    if deadline.raw_on.weekday() < 5 and deadline.raw_on not in _federal(deadline.raw_on.year):
        assert deadline.due_on == deadline.raw_on and not deadline.rolled
    else:
        assert deadline.rolled


@given(decision_days)
def test_motions_keep_the_raw_count(decided):
    for rule in (MOTION_TO_REOPEN, MOTION_TO_RECONSIDER):
        deadline = apply_rule(rule, decided)
        assert deadline.due_on == deadline.raw_on == decided + timedelta(days=rule.days)


def test_the_timeline_keeps_raw_and_rolled_dates_and_the_case_page_shows_both(app, users, login_as):
    legal = users["legal"]
    case = factories.make_case(team=[legal])
    decision = services.create_event(
        case.id, legal, kind=EventKind.DECISION, starts_at=services.to_utc(date(2026, 1, 2), time(10), case.timezone),
        all_day=False, timezone=case.timezone, decided_by=DecisionBody.IMMIGRATION_JUDGE, final_order=False,
    )
    app.extensions["sqlalchemy"].session.commit()
    (appeal,) = services.derived_from(decision)
    assert appeal.local_date == date(2026, 2, 2)
    assert (appeal.raw_due_on, appeal.derived_due_on) == (date(2026, 2, 1), date(2026, 2, 2))
    assert "next business day" in appeal.revisions[0].changes

    page = login_as("legal").text(f"/cases/{case.id}")
    assert "8 CFR 1003.38(b)" in page
    assert "Counted: Sun 1 Feb 2026" in page and "Due: <strong>Mon 2 Feb 2026</strong>" in page
    assert "Sunday" in page and "moved to the next business day" in page
    # No weekend warning for a date the rule already moved.
    assert "plan to file by the business day before" not in page


def test_a_deadline_that_does_not_roll_warns_when_it_falls_on_a_closed_day(app, users, login_as):
    legal = users["legal"]
    case = factories.make_case(team=[legal])
    # A final order on 2026-11-06: the motion to reopen is due Thursday 4 February 2027, the motion to
    # reconsider Sunday 6 December 2026 (motions do not roll).
    services.create_event(
        case.id, legal, kind=EventKind.DECISION, starts_at=services.to_utc(date(2026, 11, 6), time(10), case.timezone),
        all_day=False, timezone=case.timezone, decided_by=DecisionBody.ICE, final_order=True,
    )
    app.extensions["sqlalchemy"].session.commit()
    page = login_as("legal").text(f"/cases/{case.id}")
    reconsider = page.split("Motion to reconsider due")[1].split("</li>")[0]
    assert "Due: <strong>Sun 6 Dec 2026</strong>" in reconsider
    assert "plan to file by the business day before" in reconsider
    reopen = page.split("Motion to reopen due")[1].split("</li>")[0]
    assert "plan to file by the business day before" not in reopen
