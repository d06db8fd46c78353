"""People: saving the form, finding duplicates and searching, and the view of a
person that each role may see."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, select

from tracker.auth.models import User
from tracker.extensions import db
from tracker.forms import copy_fields
from tracker.people import a_number as a_numbers
from tracker.people.forms import PersonForm
from tracker.people.models import RESTRICTED_FIELDS, DetentionStatus, Person, a_number_index
from tracker.search import contains_pattern, search_key
from tracker.security import audit
from tracker.security.access import visible_people

PLAIN_FIELDS = (
    "legal_name", "preferred_name", "country_of_birth", "languages",
    "detention_status", "detention_facility", "family_ties",
)
SEARCH_LIMIT = 50


def people_with_a_number(raw: str, *, except_id: int | None = None) -> list[Person]:
    """Every person (whatever team) already holding this A-number, found by its blind index."""
    query = select(Person).where(Person.a_number_index == a_number_index(a_numbers.normalize(raw)))
    if except_id is not None:
        query = query.where(Person.id != except_id)
    return list(db.session.scalars(query.order_by(Person.id)))


def apply_form(person: Person, form: PersonForm) -> list[str]:
    """Copy the form onto the person; returns the names of the fields that changed
    (names only: the audit log never holds the values)."""
    changed = copy_fields(person, form, PLAIN_FIELDS + RESTRICTED_FIELDS)
    new_a_number = None if form.no_a_number.data else a_numbers.normalize(form.a_number.data)
    if person.a_number != new_a_number:
        person.a_number = new_a_number
        changed.append("a_number")
    if person.detention_status is not DetentionStatus.DETAINED and person.detention_facility and (
        "detention_status" in changed
    ):
        # Released or removed: the old facility no longer describes where they are.
        person.detention_facility = None
        changed.append("detention_facility")
    person.refresh_name_key()
    return changed


def save_person(person: Person | None, form: PersonForm, actor: User) -> tuple[Person, list[str]]:
    created = person is None
    if created:
        person = Person(created_by_id=actor.id, detention_status=DetentionStatus.NOT_DETAINED)
        db.session.add(person)
    changed = apply_form(person, form)
    db.session.flush()
    if created:
        audit.record("person.create", target=person, detail="fields: " + ", ".join(sorted(changed)))
    elif changed:
        audit.record("person.update", target=person, detail="changed: " + ", ".join(sorted(changed)))
    return person, changed


def search_people(user: User, query: str) -> list[Person]:
    """People the user may see whose name contains the words typed, or whose
    A-number is the one typed (with or without dashes or the leading A)."""
    text = (query or "").strip()
    if not text:
        return []
    visible = visible_people(user)
    if a_numbers.looks_like(text):
        condition = Person.a_number_index == a_number_index(a_numbers.normalize(text))
    else:
        words = search_key(text).split()
        if not words:
            return []
        condition = and_(*[Person.name_key.like(contains_pattern(word), escape="\\") for word in words])
    return list(db.session.scalars(visible.where(condition).order_by(Person.legal_name).limit(SEARCH_LIMIT)))


@dataclass(frozen=True)
class RestrictedView:
    birth_date: date | None
    phone: str | None
    address: str | None
    legal_notes: str | None
    criminal_history: str | None


@dataclass(frozen=True)
class PersonView:
    """What a template may show of a person. Campaign leads get no `restricted` part,
    so a template cannot print what the role may not see."""

    id: int
    legal_name: str
    preferred_name: str | None
    display_name: str
    a_number_display: str
    country_of_birth: str | None
    languages: str | None
    detention_status: DetentionStatus
    detention_facility: str | None
    family_ties: str | None
    restricted: RestrictedView | None


def person_view(person: Person, user: User) -> PersonView:
    restricted = None
    if user.sees_restricted:
        restricted = RestrictedView(**{name: getattr(person, name) for name in RESTRICTED_FIELDS})
    return PersonView(
        id=person.id,
        legal_name=person.legal_name,
        preferred_name=person.preferred_name,
        display_name=person.display_name,
        a_number_display=person.a_number_display,
        country_of_birth=person.country_of_birth,
        languages=person.languages,
        detention_status=person.detention_status,
        detention_facility=person.detention_facility,
        family_ties=person.family_ties,
        restricted=restricted,
    )


def audit_restricted_view(person: Person, user: User, case_id: int | None = None) -> None:
    """Reading restricted fields is audited; campaign leads read only the A-number."""
    shown = "A-number and restricted fields" if user.sees_restricted else "A-number"
    audit.record("person.view_restricted", target=person, case_id=case_id, detail=f"viewed {shown}")
