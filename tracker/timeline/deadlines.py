"""Legal deadlines that a decision starts, as pure functions of the decision.

Counted in calendar days, as the rules count them:
- an immigration judge's decision: appeal to the BIA within 30 days
  (8 CFR 1003.38(b); the appeal must be *received* by the BIA by then, and a
  last day on a Saturday, Sunday or legal holiday moves to the next business day);
- a BIA decision: petition for review at the circuit court within 30 days
  (8 U.S.C. 1252(b)(1)); the court counts it under FRAP 26(a), which moves a
  last day on a weekend or legal holiday to the next day the clerk is open;
- a final order of removal: motion to reopen within 90 days and motion to
  reconsider within 30 days (8 U.S.C. 1229a(c)(6)-(7)); no roll-over is
  written into those rules, so the raw date stands (file early).

Legal holidays are the US federal ones, observed days included, as the
`holidays` package knows them (no hand-kept list to fall out of date).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from flask_babel import lazy_gettext as _l

from tracker.timeline.models import DecisionBody
from tracker.types import N_


@dataclass(frozen=True)
class Rule:
    key: str
    title: str  # stored as the deadline's title (data, in English like the filings it names)
    days: int
    explanation: str
    authority: str
    # Whether a last day on a weekend or legal holiday moves to the next business day.
    rolls_forward: bool


BIA_APPEAL = Rule(
    "bia_appeal",
    N_("BIA appeal due (Form EOIR-26)"),
    30,
    _l("30 calendar days from the immigration judge's decision; the BIA must receive it by then — a postmark is not enough."),
    "8 CFR 1003.38(b)",
    True,
)
PETITION_FOR_REVIEW = Rule(
    "petition_for_review",
    N_("Petition for review due at the circuit court"),
    30,
    _l("30 calendar days from the BIA decision."),
    "8 U.S.C. 1252(b)(1); FRAP 26(a)",
    True,
)
MOTION_TO_REOPEN = Rule(
    "motion_to_reopen",
    N_("Motion to reopen due"),
    90,
    _l("90 calendar days from the final order of removal."),
    "8 U.S.C. 1229a(c)(7)",
    False,
)
MOTION_TO_RECONSIDER = Rule(
    "motion_to_reconsider",
    N_("Motion to reconsider due"),
    30,
    _l("30 calendar days from the final order of removal."),
    "8 U.S.C. 1229a(c)(6)",
    False,
)
RULES = {rule.key: rule for rule in (BIA_APPEAL, PETITION_FOR_REVIEW, MOTION_TO_REOPEN, MOTION_TO_RECONSIDER)}


@lru_cache(maxsize=64)
def _federal_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("US", years=year))


def federal_holiday_name(day: date) -> str | None:
    """The US federal legal holiday on `day` (observed days included), if any."""
    return holidays.country_holidays("US", years=day.year).get(day)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _federal_holidays(day.year)


def next_business_day(day: date) -> date:
    """`day` itself when it is a business day, else the first one after it."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class DerivedDeadline:
    rule: Rule
    raw_on: date  # the last day counted in calendar days
    due_on: date  # the day it is really due: rolled forward where the rule says so

    @property
    def rolled(self) -> bool:
        return self.due_on != self.raw_on


def rules_for(decided_by: DecisionBody | None, final_order: bool) -> list[Rule]:
    """The deadlines a decision by `decided_by` starts."""
    rules = []
    if decided_by is DecisionBody.IMMIGRATION_JUDGE:
        rules.append(BIA_APPEAL)
    if decided_by is DecisionBody.BIA:
        rules.append(PETITION_FOR_REVIEW)
    if final_order:
        rules.extend([MOTION_TO_REOPEN, MOTION_TO_RECONSIDER])
    return rules


def apply_rule(rule: Rule, decided_on: date) -> DerivedDeadline:
    raw = decided_on + timedelta(days=rule.days)
    return DerivedDeadline(rule=rule, raw_on=raw, due_on=next_business_day(raw) if rule.rolls_forward else raw)


def derive_deadlines(decided_on: date, decided_by: DecisionBody | None, final_order: bool) -> list[DerivedDeadline]:
    """Every deadline a decision on `decided_on` starts."""
    return [apply_rule(rule, decided_on) for rule in rules_for(decided_by, final_order)]
