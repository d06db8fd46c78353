"""Listing, creating, reading and editing people."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker.auth.models import CASE_ROLES, Role
from tracker.campaigns import fitness
from tracker.cases.forms import SearchForm
from tracker.cases.models import Case
from tracker.cases.services import next_entries_of_people, people_list_query
from tracker.extensions import db
from tracker.forms import page_arg
from tracker.people import duplicates as duplicates_of
from tracker.people import services
from tracker.people.forms import PersonForm
from tracker.people.models import Person
from tracker.security.access import person_for, role_required, visible_cases, visible_people

blueprint = Blueprint("people", __name__)

LEGAL_ROLES = (Role.ADMIN, Role.LEGAL)
PER_PAGE = 25
SORTS = {"name": _l("Name"), "next": _l("Next date"), "detained": _l("Detained first"), "updated": _l("Recently changed")}


@blueprint.get("/people")
@role_required(*CASE_ROLES)
def index():
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    page = db.paginate(
        people_list_query(current_user, sort), page=page_arg(), per_page=PER_PAGE, error_out=False
    )
    return render_template(
        "people/index.html",
        page=page,
        next_entries=next_entries_of_people(current_user, [person.id for person in page.items]),
        sort=sort,
        sorts=SORTS,
        search_form=SearchForm(),
    )


def _duplicates(form: PersonForm, person: Person | None) -> list[Person]:
    if form.no_a_number.data or not form.a_number.data or form.a_number.errors:
        return []
    return services.people_with_a_number(form.a_number.data, except_id=person.id if person else None)


def _visible(people: list[Person]) -> list[Person]:
    if not people:
        return []
    ids = [person.id for person in people]
    query = visible_people(current_user).where(Person.id.in_(ids)).with_only_columns(Person.id)
    visible_ids = set(db.session.scalars(query))
    return [person for person in people if person.id in visible_ids]


def _save(form: PersonForm, person: Person | None):
    """Validate and save. A duplicate A-number on the volunteer's own cases is shown
    with a link, and the form waits for "save anyway"; one on cases they are not on
    is never shown (that alone would reveal the other team's record): the person is
    saved and an admin is left to check. Returns (saved person or None, duplicates shown)."""
    duplicates = _duplicates(form, person)
    shown = _visible(duplicates)
    if shown and not form.save_duplicate.data:
        form.a_number.errors.append(
            _("A person with this A-number is already in the tracker. Open the record below, "
              "or tick “save anyway” if you checked that this is a different record.")
        )
        return None, shown
    saved, changed = services.save_person(person, form, current_user)
    fitness.recheck_person(saved, changed)
    if person is None:
        form.made(saved, url_for("cases.new", person_id=saved.id))
    if duplicates:
        duplicates_of.record_saved_beside(saved, duplicates, not_visible=len(duplicates) - len(shown))
        flash(_("An admin will check whether this person is already in the tracker."), "info")
    db.session.commit()
    return saved, shown


@blueprint.route("/people/new", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def new():
    form = PersonForm()
    duplicates: list[Person] = []
    if form.validate_on_submit():
        person, duplicates = _save(form, None)
        if person is not None:
            flash(_("Person saved. Now open their case."), "success")
            return redirect(url_for("cases.new", person_id=person.id))
    return render_template(
        "people/form.html", form=form, person=None, duplicates=duplicates
    )


@blueprint.get("/people/<int:person_id>")
@role_required(*CASE_ROLES)
def show(person_id: int):
    person = person_for(person_id)
    services.audit_restricted_view(person, current_user)
    db.session.commit()
    cases = list(
        db.session.scalars(visible_cases(current_user).where(Case.person_id == person.id).order_by(Case.id))
    )
    return render_template(
        "people/show.html",
        person=services.person_view(person, current_user),
        cases=cases,
        can_edit=current_user.edits_legal_record,
    )


@blueprint.route("/people/<int:person_id>/edit", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def edit(person_id: int):
    person = person_for(person_id, legal=True)
    form = PersonForm(obj=person)
    if request.method == "GET":
        form.a_number.data = person.a_number_display if person.a_number else ""
        form.no_a_number.data = person.a_number is None
        services.audit_restricted_view(person, current_user)
        db.session.commit()
    duplicates: list[Person] = []
    if form.validate_on_submit():
        saved, duplicates = _save(form, person)
        if saved is not None:
            flash(_("Changes saved."), "success")
            return redirect(url_for("people.show", person_id=person.id))
    return render_template(
        "people/form.html", form=form, person=person, duplicates=duplicates
    )
