"""Purging a person's record, or one case of it, and the retention rule that lists closed cases.

A purge deletes, in one transaction, every row that belongs to the purged
cases (tracker/purge/records.py says which, table by table), the person when
none of their cases remains, and what the audit log says about them
(tracker/purge/audit_trail.py). What is left is one audit entry saying that a
purge happened: who, when, why and how many records of each kind, without a
name, an A-number or an id that could be looked up elsewhere. An error
anywhere rolls the whole purge back.

On SQLite every connection overwrites deleted content with zeros
(`secure_delete`) and `vacuum()` then rewrites the file; on PostgreSQL the
operator's VACUUM and backup rotation finish the job (see the README).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, Select, delete, func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import joinedload, undefer

from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.files.models import StoredFile
from tracker.people import a_number as a_numbers
from tracker.people.models import Person
from tracker.purge import audit_trail, outbox
from tracker.purge.records import STEPS, UNUSED_UPLOADS, WAITING_MAIL, Scope, Step, unused_uploads
from tracker.search import search_key
from tracker.security import audit
from tracker.types import N_, LabelledEnum, utcnow

log = logging.getLogger(__name__)


class PurgeReason(LabelledEnum):
    REQUEST = ("request", N_("The person asked for their record to be deleted"))
    CASE_END = ("case_end", N_("The case has ended"))
    RETENTION = ("retention", N_("Closed for longer than the retention period"))


@dataclass
class PurgeResult:
    counts: dict[str, int]  # table -> how many of its rows were deleted (tables with none left out)
    audit_deleted: int
    audit_scrubbed: int
    person_removed: bool

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        # Parents first (people, cases...): if the entry's 500 characters cut it, the details go.
        kinds = ", ".join(f"{table} {count}" for table, count in reversed(self.counts.items()))
        return (
            f"audit entries about them: {self.audit_deleted} deleted, {self.audit_scrubbed} scrubbed; "
            f"removed: {kinds or 'nothing'}"
        )


# -- what a purge would take --------------------------------------------------


def scope_for_person(person: Person) -> Scope:
    return Scope(case_ids=tuple(case.id for case in person.cases), person_ids=(person.id,))


def scope_for_case(case: Case) -> Scope:
    """One case; the person goes too when this is their only case."""
    others = db.session.scalar(select(func.count(Case.id)).where(Case.person_id == case.person_id, Case.id != case.id))
    return Scope(case_ids=(case.id,), person_ids=() if others else (case.person_id,))


def preview(scope: Scope) -> dict[str, int]:
    """How many rows of each table a purge of `scope` would delete (tables with none left out)."""
    counts = {}
    for step in STEPS:
        count = db.session.scalar(select(func.count()).select_from(step.table).where(step.rows(scope)))
        if count:
            counts[step.table.name] = count
    return counts


def first_names(person: Person) -> set[str]:
    """What counts as typing the person's first name: the first word of the legal
    or preferred name, or the whole legal name (for names written family name
    first), without regard to case or accents."""
    names = {search_key(person.legal_name)}
    for name in (person.legal_name, person.preferred_name):
        words = search_key(name or "").split()
        if words:
            names.add(words[0])
    return names


def name_confirms(person: Person, typed: str | None) -> bool:
    return bool(typed) and search_key(typed) in first_names(person)


# -- the purge ------------------------------------------------------------------


def purge(scope: Scope, actor: User | None, reason: PurgeReason, *, via: str = "web") -> PurgeResult:
    """Delete everything in `scope` and leave one audit entry saying so. The caller commits
    (or rolls back on an error: nothing is deleted then)."""
    # Locked first: a record being added to these cases meanwhile waits, then
    # fails on its missing case, instead of surviving the purge (PostgreSQL).
    db.session.execute(select(Case.id).where(Case.id.in_(scope.case_ids)).with_for_update())
    db.session.execute(select(Person.id).where(Person.id.in_(scope.person_ids)).with_for_update())
    traces = audit_trail.traces_of(scope, STEPS, _phrases(scope))
    audit_deleted, audit_scrubbed = audit_trail.forget(scope, STEPS, traces)
    counts: dict[str, int] = {}
    waiting_mail = outbox.forget_waiting_mail(traces)
    if waiting_mail:
        counts[WAITING_MAIL] = waiting_mail
    # Found now, before the rows that say which they are go.
    found_first = {step.table.name: _found(step, scope) for step in STEPS if step.found_first}
    for step in STEPS:
        rows = found_first.get(step.table.name)
        statement = delete(step.table).where(rows if rows is not None else step.rows(scope))
        deleted = db.session.execute(statement.execution_options(synchronize_session=False)).rowcount
        if deleted:
            counts[step.table.name] = deleted
    unused = db.session.execute(
        delete(StoredFile).where(unused_uploads()).execution_options(synchronize_session=False)
    ).rowcount
    if unused:
        counts[UNUSED_UPLOADS] = unused
    result = PurgeResult(counts=counts, audit_deleted=audit_deleted, audit_scrubbed=audit_scrubbed,
                         person_removed=bool(scope.person_ids))
    what = "person" if scope.person_ids else "case"
    audit.record(
        f"purge.{what}",
        user_id=actor.id if actor else None,
        detail=f"{what} record purged ({reason.value}, from the {via}); {result.summary()}"[:500],
    )
    return result


def _found(step: Step, scope: Scope) -> ColumnElement[bool]:
    ids = db.session.scalars(select(step.table.c.id).where(step.rows(scope))).all()
    return step.table.c.id.in_(ids)


def _phrases(scope: Scope) -> list[str]:
    """The words that would name the purged person in free text."""
    of_cases = select(Case.person_id).where(Case.id.in_(scope.case_ids))
    people = db.session.scalars(
        select(Person).where(Person.id.in_(scope.person_ids) | Person.id.in_(of_cases))
        .options(undefer(Person._a_number))
    )
    phrases = []
    for person in people:
        phrases += [person.legal_name, person.preferred_name or ""]
        if person.a_number:
            phrases += [person.a_number, a_numbers.display(person.a_number)]
    slugs = db.session.scalars(select(Campaign.slug).where(Campaign.case_id.in_(scope.case_ids)))
    return phrases + [f"/c/{slug}" for slug in slugs]


def vacuum() -> bool:
    """Rewrite the SQLite file so that not even a freed page of the purged rows
    remains. Runs outside any transaction, after the purge is committed. Returns
    False when another connection kept the database busy (the deleted content
    is zeroed already; the next purge compacts the file)."""
    if db.engine.dialect.name != "sqlite":
        return False
    try:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM")
            # In WAL mode the rewritten pages wait in the log: copy them into the
            # file now and empty the log, so neither keeps the old pages.
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except OperationalError:
        log.warning("VACUUM after a purge could not run now; the database was busy")
        return False
    return True


# -- retention ------------------------------------------------------------------


def retention_days() -> int:
    return current_app.config["TRACKER_RETENTION_DAYS"]


def due_query(now: datetime | None = None) -> Select:
    """Cases closed for longer than the retention period, longest closed first."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days())
    return (
        select(Case)
        .where(Case.closed_at.is_not(None), Case.closed_at <= cutoff)
        .options(joinedload(Case.person))
        .order_by(Case.closed_at, Case.id)
    )


def days_closed(case: Case, now: datetime | None = None) -> int:
    return ((now or utcnow()) - case.closed_at).days
