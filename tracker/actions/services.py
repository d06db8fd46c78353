"""Action rules: which actions congregations may see, pledges through their
states, attendance, and accompaniment reports that propose the next date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from flask_babel import gettext as _
from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from tracker.actions.models import (
    COUNTED,
    AccompanimentReport,
    Action,
    ActionKind,
    Congregation,
    Pledge,
    PledgeSource,
    PledgeStatus,
    ProposalState,
)
from tracker.auth.models import User
from tracker.campaigns.fitness import hidden_fields
from tracker.campaigns.languages import choose
from tracker.campaigns.models import Campaign
from tracker.campaigns.services import public_name
from tracker.cases.models import Case, ConsentLevel
from tracker.extensions import db
from tracker.i18n import current_language
from tracker.security import audit
from tracker.timeline import services as timeline
from tracker.timeline.models import Event, EventKind, Visibility
from tracker.types import utcnow

MAX_PEOPLE = 500


def _mail():
    """The pledge emails, which build on this module (which actions congregations
    may see): imported when first needed."""
    from tracker.mail import pledges

    return pledges


class PledgeRefused(ValueError):
    """The pledge change is not possible; the message says why."""


def pledged_counts(action_ids: list[int]) -> dict[int, int]:
    """People pledged (pledged, confirmed or fulfilled) per action, in one query."""
    if not action_ids:
        return {}
    rows = db.session.execute(
        select(Pledge.action_id, func.sum(Pledge.people))
        .where(Pledge.action_id.in_(action_ids), Pledge.status.in_(COUNTED))
        .group_by(Pledge.action_id)
    )
    return {action_id: int(total or 0) for action_id, total in rows}


def _live_campaigns():
    """Campaigns whose page is public: published, with publicity consent."""
    return (
        select(Campaign.case_id)
        .join(Case, Case.id == Campaign.case_id)
        .where(Campaign.published.is_(True), Case.consent_level != ConsentLevel.NONE)
    )


def visible_to_congregations():
    """The condition for actions a congregation may see at all, past or coming:
    public, of a campaign whose page is public. Internal actions never."""
    return and_(Action.is_public.is_(True), Action.case_id.in_(_live_campaigns()))


def open_to_congregations():
    """Actions congregations may see and pledge to: visible to them, upcoming, not cancelled."""
    return select(Action).where(
        visible_to_congregations(),
        Action.cancelled_at.is_(None),
        Action.starts_at >= utcnow(),
    )


def is_open_to_congregations(action: Action) -> bool:
    return db.session.scalar(open_to_congregations().where(Action.id == action.id).with_only_columns(Action.id)) is not None


def is_visible_to_congregations(action: Action) -> bool:
    return db.session.scalar(select(Action.id).where(Action.id == action.id, visible_to_congregations())) is not None


@dataclass(frozen=True)
class PublicAction:
    """An action as a congregation or the public may see it: its texts only where
    they fit the person's consent (the template reads these, not `action`'s)."""

    action: Action
    campaign_slug: str
    person_name: str
    pledged: int
    title: str
    place: str | None
    description: str | None
    call_hours: str | None
    script: str | None

    @property
    def short(self) -> int:
        return max(0, self.action.people_needed - self.pledged)


def _public_action(action: Action, hidden, slug: str, pledged: int) -> PublicAction:
    """The title, description and script in the language of the page (or email)
    where written, in the other otherwise (campaigns/languages.py)."""
    language = current_language()

    def fit(field: str):
        return None if ("action", action.id, field) in hidden else getattr(action, field)

    def chosen(field: str):
        return choose(action, "action", field, language, hidden)

    return PublicAction(
        action, slug, public_name(action.case) or "", pledged,
        title=chosen("title") or action.kind.label, place=fit("place"), description=chosen("description"),
        call_hours=fit("call_hours"), script=chosen("script"),
    )


def public_actions(query) -> list[PublicAction]:
    """Actions with their campaign, the public name, the pledged count and the
    texts that fit consent (four queries)."""
    actions = list(db.session.scalars(query.options(joinedload(Action.case).joinedload(Case.person)).order_by(Action.starts_at)).unique())
    case_ids = {action.case_id for action in actions}
    slugs = {}
    if case_ids:
        slugs = dict(db.session.execute(select(Campaign.case_id, Campaign.slug).where(Campaign.case_id.in_(case_ids))).all())
    counts = pledged_counts([action.id for action in actions])
    hidden = hidden_fields(case_ids)
    return [
        _public_action(action, hidden, slugs.get(action.case_id, ""), counts.get(action.id, 0)) for action in actions
    ]


def outsider_texts(actions) -> dict[int, PublicAction]:
    """Each action as people outside the team read it (a congregation's portal,
    calendar and emails, a pledger's emails): only the texts that fit consent."""
    actions = list(actions)
    hidden = hidden_fields({action.case_id for action in actions})
    return {action.id: _public_action(action, hidden, "", 0) for action in actions}


def outsider_text(action: Action) -> PublicAction:
    return outsider_texts([action])[action.id]


def supporting_congregations(case_id: int) -> list[str]:
    """Names of congregations that pledged to this case's actions and agreed to be named."""
    return list(
        db.session.scalars(
            select(Congregation.name)
            .join(Pledge, Pledge.congregation_id == Congregation.id)
            .join(Action, Action.id == Pledge.action_id)
            .where(
                Action.case_id == case_id,
                Action.is_public.is_(True),
                Congregation.listed_publicly.is_(True),
                Pledge.status.in_(COUNTED),
            )
            .distinct()
            .order_by(Congregation.name)
        )
    )


def _check_people(people: int) -> None:
    if not 1 <= people <= MAX_PEOPLE:
        raise PledgeRefused(_("Pledge between 1 and %(max)s people.", max=MAX_PEOPLE))


def pledge_for_congregation(action: Action, congregation: Congregation, people: int, note: str | None, actor: User,
                            source: PledgeSource = PledgeSource.PORTAL) -> Pledge:
    """A congregation pledges people; pledging again to the same action changes the pledge."""
    _check_people(people)
    if action.cancelled_at is not None:
        raise PledgeRefused(_("This action was cancelled."))
    existing = db.session.scalar(
        select(Pledge).where(Pledge.action_id == action.id, Pledge.congregation_id == congregation.id)
    )
    if existing is not None and existing.status is PledgeStatus.FULFILLED:
        raise PledgeRefused(_("Attendance is already recorded for this action."))
    pledge = existing or Pledge(action=action, congregation=congregation, source=source, created_by_id=actor.id)
    renewed = existing is None or existing.status is PledgeStatus.CANCELLED
    changed = not renewed and existing.people != people
    pledge.people = people
    pledge.note = note
    pledge.status = PledgeStatus.PLEDGED if renewed else existing.status
    db.session.add(pledge)
    db.session.flush()
    audit.record("pledge.pledge", target=pledge, case_id=action.case_id, detail=f"{people} people")
    if renewed:
        _mail().pledge_confirmation(pledge)
    elif changed:
        _mail().pledge_changed(pledge)
    return pledge


def public_pledge(action: Action, supporter_name: str, contact: str | None, people: int, note: str | None,
                  locale: str | None = None) -> Pledge:
    """A pledge from the campaign page; it waits for a campaign lead to confirm it.
    A pledger who gave an email gets a confirmation in `locale` (the page's language)."""
    _check_people(people)
    pledge = Pledge(
        action=action,
        supporter_name=supporter_name,
        contact=contact,
        locale=locale,
        people=people,
        note=note,
        status=PledgeStatus.PLEDGED,
        source=PledgeSource.PUBLIC,
    )
    db.session.add(pledge)
    db.session.flush()
    audit.record("pledge.public", target=pledge, case_id=action.case_id, detail=f"{people} people")
    _mail().pledge_confirmation(pledge)
    return pledge


def change_people(pledge: Pledge, people: int) -> None:
    _check_people(people)
    if pledge.status in (PledgeStatus.FULFILLED, PledgeStatus.CANCELLED):
        raise PledgeRefused(_("A %(status)s pledge cannot be changed.", status=pledge.status.label.lower()))
    changed = pledge.people != people
    pledge.people = people
    audit.record("pledge.change", target=pledge, case_id=pledge.action.case_id, detail=f"{people} people")
    if changed:
        _mail().pledge_changed(pledge)


def confirm(pledge: Pledge) -> None:
    if pledge.status is not PledgeStatus.PLEDGED:
        raise PledgeRefused(_("Only a pledged pledge can be confirmed; this one is %(status)s.", status=pledge.status.label.lower()))
    pledge.status = PledgeStatus.CONFIRMED
    audit.record("pledge.confirm", target=pledge, case_id=pledge.action.case_id)
    _mail().pledge_changed(pledge)


def cancel(pledge: Pledge) -> None:
    if pledge.status in (PledgeStatus.FULFILLED, PledgeStatus.CANCELLED):
        raise PledgeRefused(_("A %(status)s pledge cannot be cancelled.", status=pledge.status.label.lower()))
    pledge.status = PledgeStatus.CANCELLED
    audit.record("pledge.cancel", target=pledge, case_id=pledge.action.case_id)
    _mail().pledge_changed(pledge)


def record_attendance(pledge: Pledge, attended: int) -> None:
    """After the action: how many came. The pledge is then fulfilled."""
    if pledge.status is PledgeStatus.CANCELLED:
        raise PledgeRefused(_("A cancelled pledge has no attendance to record."))
    if not pledge.action.starts_at <= utcnow():
        raise PledgeRefused(_("Attendance can be recorded once the action has started."))
    if not 0 <= attended <= 5 * MAX_PEOPLE:
        raise PledgeRefused(_("Enter how many people came (0 or more)."))
    pledge.attended = attended
    pledge.status = PledgeStatus.FULFILLED
    audit.record("pledge.attendance", target=pledge, case_id=pledge.action.case_id, detail=f"{attended} came")


def file_report(action: Action, actor: User, what_happened: str, next_date: date | None, next_time: time | None) -> AccompanimentReport:
    report = AccompanimentReport(
        action=action,
        what_happened=what_happened,
        next_date=next_date,
        next_time=next_time,
        proposal=ProposalState.PROPOSED if next_date else ProposalState.NONE,
        filed_by_id=actor.id,
    )
    db.session.add(report)
    db.session.flush()
    audit.record("report.file", target=report, case_id=action.case_id, detail="next date proposed" if next_date else None)
    return report


def proposed_kind(report: AccompanimentReport) -> EventKind:
    if report.action.kind is ActionKind.CHECK_IN_ACCOMPANIMENT:
        return EventKind.ICE_CHECK_IN
    return EventKind.MASTER_CALENDAR_HEARING


def accept_proposal(report: AccompanimentReport, actor: User, kind: EventKind) -> Event:
    """A legal volunteer accepts the next date a report gave: it joins the timeline."""
    if report.proposal is not ProposalState.PROPOSED:
        raise ValueError(_("This proposal was already decided."))
    action = report.action
    event = timeline.create_event(
        action.case_id,
        actor,
        kind=kind,
        starts_at=timeline.to_utc(report.next_date, report.next_time, action.timezone),
        all_day=report.next_time is None,
        timezone=action.timezone,
        location=action.place,
        outcome=None,
        visibility=Visibility.INTERNAL,
        final_order=False,
        title=None,
    )
    report.event = event
    report.proposal = ProposalState.ACCEPTED
    report.decided_by_id = actor.id
    audit.record("report.accept", target=report, case_id=action.case_id)
    return event


def dismiss_proposal(report: AccompanimentReport, actor: User) -> None:
    if report.proposal is not ProposalState.PROPOSED:
        raise ValueError(_("This proposal was already decided."))
    report.proposal = ProposalState.DISMISSED
    report.decided_by_id = actor.id
    audit.record("report.dismiss", target=report, case_id=report.action.case_id)


def pending_proposals(case_ids) -> list[AccompanimentReport]:
    """Next dates from reports that wait for a legal volunteer (one query)."""
    return list(
        db.session.scalars(
            select(AccompanimentReport)
            .join(Action, Action.id == AccompanimentReport.action_id)
            .where(AccompanimentReport.proposal == ProposalState.PROPOSED, Action.case_id.in_(case_ids))
            .options(joinedload(AccompanimentReport.action).joinedload(Action.case).joinedload(Case.person))
            .order_by(AccompanimentReport.next_date)
        ).unique()
    )


def congregation_pledges(congregation_id: int) -> list[Pledge]:
    """A congregation's pledges to actions it may see, soonest first, with their
    actions (one query). A pledge the team entered for an internal action (a
    check-in accompaniment) is arranged privately and stays off the portal."""
    return list(
        db.session.scalars(
            select(Pledge)
            .join(Action, Action.id == Pledge.action_id)
            .where(Pledge.congregation_id == congregation_id, visible_to_congregations())
            .options(joinedload(Pledge.action).joinedload(Action.case).joinedload(Case.person))
            .order_by(Action.starts_at)
        ).unique()
    )


def actions_of(case: Case) -> list[Action]:
    return list(db.session.scalars(select(Action).where(Action.case_id == case.id).order_by(Action.starts_at)))


def short_of_people(case_ids) -> list[Action]:
    """Upcoming, not cancelled actions of these cases with fewer people pledged than needed."""
    counted = (
        select(Pledge.action_id, func.coalesce(func.sum(Pledge.people), 0).label("pledged"))
        .where(Pledge.status.in_(COUNTED))
        .group_by(Pledge.action_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Action)
            .outerjoin(counted, counted.c.action_id == Action.id)
            .where(
                Action.case_id.in_(case_ids),
                Action.cancelled_at.is_(None),
                Action.starts_at >= utcnow(),
                Action.people_needed > func.coalesce(counted.c.pledged, 0),
            )
            .order_by(Action.starts_at)
        )
    )

