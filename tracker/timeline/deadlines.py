"""Legal deadlines that a decision starts, as pure functions of the decision.

Counted in calendar days, as the rules count them:
- an immigration judge's decision: appeal to the BIA within 30 days
  (8 CFR 1003.38(b); the appeal must be *received* by the BIA by then);
- a BIA decision: petition for review at the circuit court within 30 days
  (8 U.S.C. 1252(b)(1));
- a final order of removal: motion to reopen within 90 days and motion to
  reconsider within 30 days (8 U.S.C. 1229a(c)(6)-(7)).

The dates are shown as derived: a volunteer can override or dismiss each one,
and must still check it against the rules for the case (e.g. a weekend).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from tracker.timeline.models import DecisionBody


@dataclass(frozen=True)
class Rule:
    key: str
    title: str
    days: int
    explanation: str


BIA_APPEAL = Rule(
    "bia_appeal",
    "BIA appeal due (Form EOIR-26)",
    30,
    "30 calendar days from the immigration judge's decision; the BIA must receive it by then — a postmark is not enough.",
)
PETITION_FOR_REVIEW = Rule(
    "petition_for_review",
    "Petition for review due at the circuit court",
    30,
    "30 calendar days from the BIA decision.",
)
MOTION_TO_REOPEN = Rule(
    "motion_to_reopen",
    "Motion to reopen due",
    90,
    "90 calendar days from the final order of removal.",
)
MOTION_TO_RECONSIDER = Rule(
    "motion_to_reconsider",
    "Motion to reconsider due",
    30,
    "30 calendar days from the final order of removal.",
)
RULES = {rule.key: rule for rule in (BIA_APPEAL, PETITION_FOR_REVIEW, MOTION_TO_REOPEN, MOTION_TO_RECONSIDER)}


@dataclass(frozen=True)
class DerivedDeadline:
    rule: Rule
    due_on: date


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


def derive_deadlines(decided_on: date, decided_by: DecisionBody | None, final_order: bool) -> list[DerivedDeadline]:
    """Every deadline a decision on `decided_on` starts, in calendar days."""
    return [
        DerivedDeadline(rule=rule, due_on=decided_on + timedelta(days=rule.days))
        for rule in rules_for(decided_by, final_order)
    ]
