"""Records that share an A-number: what is said when one is saved, and the admins' list.

An A-number belongs to one person, so two records holding it are one person
entered twice or a mistyped number. A volunteer is shown the other record only
when it is on one of their own cases: otherwise the warning itself would tell
them that someone with this A-number is in another team's files. Admins see
every such group (a notice on the admin pages) and resolve it; the audit log
says who saved which record beside which.
"""
from __future__ import annotations

from itertools import groupby

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.cases.models import Case
from tracker.extensions import db
from tracker.people.models import Person
from tracker.security import audit


def record_saved_beside(person: Person, others: list[Person], *, not_visible: int) -> None:
    """Audit that `person` was saved holding the A-number of `others` (never the number itself)."""
    ids = ", ".join(f"#{other.id}" for other in others)
    detail = f"same A-number as person {ids}; left for an admin to check"
    if not_visible:
        detail += f" ({not_visible} on cases the user is not on)"
    audit.record("person.possible_duplicate", target=person, detail=detail)


def _shared_indexes():
    return (
        select(Person.a_number_index)
        .where(Person.a_number_index.is_not(None))
        .group_by(Person.a_number_index)
        .having(func.count(Person.id) > 1)
    )


def duplicate_group_count() -> int:
    """How many A-numbers more than one record holds."""
    return db.session.scalar(select(func.count()).select_from(_shared_indexes().subquery())) or 0


def duplicate_groups() -> list[list[Person]]:
    """The records that share an A-number, one list per number, oldest record first."""
    people = db.session.scalars(
        select(Person)
        .where(Person.a_number_index.in_(_shared_indexes()))
        .options(selectinload(Person.cases).selectinload(Case.team))
        .order_by(Person.a_number_index, Person.id)
    )
    return [list(group) for _index, group in groupby(people, key=lambda person: person.a_number_index)]
