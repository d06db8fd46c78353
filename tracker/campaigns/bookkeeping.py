"""What every flush keeps up to date for the public pages, in the same transaction
as the change: each campaign's page version. (Each petition's signature count is
kept by the database itself: triggers on `signatures`, migration c3d8e1f0a2b7.)

- Any change the public campaign page shows (the campaign, its case and consent,
  the person's names and A-number, the petition, events, actions, pledges,
  congregations) gives the campaigns concerned a new random `page_version`, so
  that no app process serves a page rendered before it (page_cache.py). New
  campaigns get a random version of their own.

Bulk Core statements bypass this: the only ones on these tables are the
purge's, which deletes the campaign itself.
"""
from __future__ import annotations

from sqlalchemy import event, select, true, update
from sqlalchemy.orm import Session

from tracker.actions.models import Action, Congregation, Pledge
from tracker.campaigns.models import Campaign, Petition, new_page_version
from tracker.cases.models import Case
from tracker.people.models import Person
from tracker.timeline.models import Event


def _campaigns_of(record):
    """The condition on campaigns whose public page may show `record`."""
    if isinstance(record, Campaign):
        return Campaign.id == record.id
    if isinstance(record, Case):
        return Campaign.case_id == record.id
    if isinstance(record, Person):
        return Campaign.case_id.in_(select(Case.id).where(Case.person_id == record.id))
    if isinstance(record, Petition):
        return Campaign.id == record.campaign_id
    if isinstance(record, Event | Action):
        return Campaign.case_id == record.case_id
    if isinstance(record, Pledge):
        return Campaign.case_id.in_(select(Action.case_id).where(Action.id == record.action_id))
    if isinstance(record, Congregation):
        return true()  # a name on the supporters' lines of any page: rare enough to renew them all
    return None


def _changed(session: Session, record) -> bool:
    return session.is_modified(record, include_collections=False)


def _after_flush(session: Session, _context) -> None:
    conditions = []
    for records in (session.new, session.deleted):
        for record in records:
            if not isinstance(record, Campaign) and (condition := _campaigns_of(record)) is not None:
                conditions.append(condition)
    for record in session.dirty:
        if _changed(session, record) and (condition := _campaigns_of(record)) is not None:
            conditions.append(condition)
    if conditions:
        version = new_page_version()
        for condition in conditions:
            session.execute(
                update(Campaign).where(condition).values(page_version=version)
                .execution_options(synchronize_session=False)
            )


def init_app(_app) -> None:
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
