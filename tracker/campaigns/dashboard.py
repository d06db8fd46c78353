"""The campaign lead's view of each campaign at a glance: signatures over
time (an SVG chart drawn on the server), letters against the checklist,
actions short of people, recent pledges — in a fixed number of queries."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from tracker.actions.models import Action, Pledge
from tracker.actions.services import pledged_counts
from tracker.auth.models import User
from tracker.campaigns.models import Campaign, Petition, Signature
from tracker.campaigns.services import is_live
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.letters.models import Letter, LetterNeed, LetterStatus
from tracker.letters.services import checklist
from tracker.security.access import visible_cases
from tracker.types import utcnow

WIDTH, HEIGHT, PAD = 640, 200, 36


@dataclass(frozen=True)
class Chart:
    """Cumulative signatures per day, as SVG coordinates (numbers only)."""

    line: str
    area: str
    goal_y: float | None
    first_day: date
    last_day: date
    total: int
    top: int
    width: int = WIDTH
    height: int = HEIGHT
    pad: int = PAD


def signature_chart(petition: Petition, zone: str) -> Chart | None:
    """One query for the timestamps; days are counted where the campaign is."""
    moments = db.session.scalars(select(Signature.signed_at).where(Signature.petition_id == petition.id)).all()
    if not moments:
        return None
    tz = ZoneInfo(zone)
    per_day = Counter(moment.astimezone(tz).date() for moment in moments)
    first_day = min(per_day)
    last_day = max(max(per_day), utcnow().astimezone(tz).date())
    days = (last_day - first_day).days or 1
    top = max(len(moments), petition.goal if petition.goal <= 2 * len(moments) else 0)
    running, points = 0, []
    for offset in range(days + 1):
        running += per_day.get(first_day + timedelta(days=offset), 0)
        x = PAD + (WIDTH - 2 * PAD) * offset / days
        y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * running / top
        points.append(f"{x:.1f},{y:.1f}")
    baseline = HEIGHT - PAD
    area = f"{PAD:.1f},{baseline:.1f} " + " ".join(points) + f" {WIDTH - PAD:.1f},{baseline:.1f}"
    goal_y = HEIGHT - PAD - (HEIGHT - 2 * PAD) * petition.goal / top if petition.goal <= top else None
    return Chart(line=" ".join(points), area=area, goal_y=goal_y, first_day=first_day, last_day=last_day,
                 total=len(moments), top=top)


@dataclass
class CaseCampaign:
    case: Case
    campaign: Campaign
    petition: Petition | None
    chart: Chart | None
    last_week: int
    letters: list
    actions: list[tuple[Action, int]]
    recent_pledges: list[Pledge]


def case_dashboard(case: Case, campaign: Campaign) -> CaseCampaign:
    petition = campaign.petition
    chart = signature_chart(petition, case.timezone) if petition else None
    last_week = 0
    if petition:
        last_week = db.session.scalar(
            select(func.count()).where(
                Signature.petition_id == petition.id, Signature.signed_at >= utcnow() - timedelta(days=7)
            )
        )
    actions = list(
        db.session.scalars(
            select(Action)
            .where(Action.case_id == case.id, Action.starts_at >= utcnow(), Action.cancelled_at.is_(None))
            .order_by(Action.starts_at)
        )
    )
    counts = pledged_counts([action.id for action in actions])
    recent = list(
        db.session.scalars(
            select(Pledge)
            .join(Action, Action.id == Pledge.action_id)
            .where(Action.case_id == case.id)
            .options(joinedload(Pledge.action), joinedload(Pledge.congregation))
            .order_by(Pledge.created_at.desc())
            .limit(10)
        ).unique()
    )
    return CaseCampaign(
        case=case,
        campaign=campaign,
        petition=petition,
        chart=chart,
        last_week=last_week,
        letters=checklist(case),
        actions=[(action, counts.get(action.id, 0)) for action in actions],
        recent_pledges=recent,
    )


@dataclass
class OverviewRow:
    case: Case
    campaign: Campaign
    live: bool
    signatures: int
    goal: int | None
    letters_approved: int
    letters_wanted: int
    short_actions: int
    next_action: Action | None


def overview(user: User) -> list[OverviewRow]:
    """Every campaign on the user's cases, one line each (a fixed number of queries)."""
    campaigns = list(
        db.session.scalars(
            select(Campaign)
            .where(Campaign.case_id.in_(visible_cases(user).with_only_columns(Case.id).scalar_subquery()))
            .options(joinedload(Campaign.case).joinedload(Case.person), joinedload(Campaign.petition))
            .order_by(Campaign.headline)
        ).unique()
    )
    case_ids = [campaign.case_id for campaign in campaigns]
    petition_ids = [campaign.petition.id for campaign in campaigns if campaign.petition]
    signatures = dict(
        db.session.execute(
            select(Signature.petition_id, func.count()).where(Signature.petition_id.in_(petition_ids)).group_by(Signature.petition_id)
        ).all()
    ) if petition_ids else {}
    approved = dict(
        db.session.execute(
            select(Letter.case_id, func.count())
            .where(Letter.case_id.in_(case_ids), Letter.status == LetterStatus.APPROVED)
            .group_by(Letter.case_id)
        ).all()
    ) if case_ids else {}
    wanted = dict(
        db.session.execute(
            select(LetterNeed.case_id, func.sum(LetterNeed.wanted)).where(LetterNeed.case_id.in_(case_ids)).group_by(LetterNeed.case_id)
        ).all()
    ) if case_ids else {}
    actions = list(
        db.session.scalars(
            select(Action)
            .where(Action.case_id.in_(case_ids), Action.starts_at >= utcnow(), Action.cancelled_at.is_(None))
            .order_by(Action.starts_at)
        )
    ) if case_ids else []
    counts = pledged_counts([action.id for action in actions])
    rows = []
    for campaign in campaigns:
        mine = [action for action in actions if action.case_id == campaign.case_id]
        rows.append(
            OverviewRow(
                case=campaign.case,
                campaign=campaign,
                live=is_live(campaign),
                signatures=signatures.get(campaign.petition.id, 0) if campaign.petition else 0,
                goal=campaign.petition.goal if campaign.petition else None,
                letters_approved=approved.get(campaign.case_id, 0),
                letters_wanted=int(wanted.get(campaign.case_id, 0) or 0),
                short_actions=sum(1 for action in mine if counts.get(action.id, 0) < action.people_needed),
                next_action=mine[0] if mine else None,
            )
        )
    return rows

