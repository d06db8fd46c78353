"""Who may open what. Every view declares its rule with one of these decorators,
and loads case records through `case_for` / `person_for`, which check the case team.

A denial is audited and answers 403; where even the existence of a record
must not leak (a case of another team), it answers 404 like a missing id.
"""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, has_request_context, request
from flask_login import current_user
from sqlalchemy import Select, exists, select

from tracker.auth.models import Role, User
from tracker.cases import team_access
from tracker.cases.models import Case, case_team
from tracker.extensions import db, login_manager
from tracker.people.models import Person
from tracker.security import audit


def deny(status: int, reason: str):
    """Audit a refused request and stop it with `status`."""
    audit.record_now("access.denied", detail=f"{request.method} {request.path} ({status}): {reason}")
    abort(status)


def role_required(*roles: Role):
    """Signed-in users of these roles only; others get 403 (anonymous: the login page)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                deny(403, f"role {current_user.role.value} may not open {request.endpoint}")
            return view(*args, **kwargs)

        wrapped.access_rule = ("roles", tuple(roles))
        return wrapped

    return decorator


def signed_in(view):
    """Any signed-in user, whatever the role."""
    return role_required(*Role)(view)


def public(view):
    """Open to anyone, signed in or not. Said out loud so a test can tell it from a forgotten rule."""
    view.access_rule = ("public", ())
    return view


def in_public_view() -> bool:
    """True while a view open to the public (`@public`) is serving the request."""
    if not has_request_context() or request.endpoint is None:
        return False
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "access_rule", (None,))[0] == "public"


def visible_cases(user: User) -> Select:
    """The cases a user works on: all for admins, their team's for legal and campaign."""
    query = select(Case)
    if user.role is Role.ADMIN:
        return query
    if user.role in (Role.LEGAL, Role.CAMPAIGN):
        return query.join(case_team, case_team.c.case_id == Case.id).where(
            case_team.c.user_id == user.id, team_access.in_force()
        )
    return query.where(False)


def on_team(user: User, case_id: int) -> bool:
    if user.role is Role.ADMIN:
        return True
    if user.role not in (Role.LEGAL, Role.CAMPAIGN):
        return False
    if db.session.scalar(
        select(exists().where(case_team.c.case_id == case_id, case_team.c.user_id == user.id, team_access.in_force()))
    ):
        return True
    # A membership whose time just ran out is recorded as ended here, at its first refusal.
    team_access.end_expired(case_id=case_id, user_id=user.id)
    return False


def case_for(case_id: int, *, legal: bool = False) -> Case:
    """The case, if the current user is on its team; `legal=True` also requires
    a role that edits the legal record (legal volunteer or admin)."""
    case = db.session.get(Case, case_id)
    if case is None:
        abort(404)
    if not on_team(current_user, case.id):
        deny(404, f"case {case.id} is not on the user's team")
    if legal and not current_user.edits_legal_record:
        deny(403, f"role {current_user.role.value} may not change the legal record of case {case.id}")
    return case


def team_record(model, record_id: int, *, case_of=lambda record: record.case_id, legal: bool = False):
    """A record that belongs to a case (an event, a letter, a pledge…), if the
    current user is on that case's team: 404 otherwise, like a missing id."""
    record = db.session.get(model, record_id)
    if record is None:
        abort(404)
    case_for(case_of(record), legal=legal)
    return record


def visible_people(user: User) -> Select:
    """People on the user's cases; admins see everyone; a person with no case yet
    is visible to whoever created the record."""
    query = select(Person)
    if user.role is Role.ADMIN:
        return query
    if user.role not in (Role.LEGAL, Role.CAMPAIGN):
        return query.where(False)
    on_my_case = exists().where(
        Case.person_id == Person.id,
        case_team.c.case_id == Case.id,
        case_team.c.user_id == user.id,
        team_access.in_force(),
    )
    mine_without_case = (Person.created_by_id == user.id) & ~exists().where(Case.person_id == Person.id)
    return query.where(on_my_case | mine_without_case)


def person_for(person_id: int, *, legal: bool = False) -> Person:
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    visible = db.session.scalar(
        visible_people(current_user).where(Person.id == person.id).with_only_columns(Person.id)
    )
    if visible is None:
        deny(404, f"person {person.id} is not on the user's cases")
    if legal and not current_user.edits_legal_record:
        deny(403, f"role {current_user.role.value} may not change person {person.id}")
    return person
