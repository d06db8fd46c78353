"""Purging a person or a case (admins, after typing the first name), the case
file for the attorney (the case's legal team), and the cases due for purge."""
from __future__ import annotations

import io

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from tracker.auth.models import Role
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.forms import page_arg
from tracker.people.duplicates import duplicate_group_count
from tracker.people.models import Person
from tracker.purge import case_file, services
from tracker.purge.forms import PurgeForm
from tracker.purge.records import LABELS, Scope
from tracker.security import audit
from tracker.security.access import case_for, person_for, role_required
from tracker.web import local_target

blueprint = Blueprint("purge", __name__)
PER_PAGE = 50


@blueprint.route("/people/<int:person_id>/purge", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def person(person_id: int):
    record = person_for(person_id)
    return _confirm_and_purge(record, services.scope_for_person(record), cases=list(record.cases), whole_person=True)


@blueprint.route("/cases/<int:case_id>/purge", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def case(case_id: int):
    record = case_for(case_id)
    scope = services.scope_for_case(record)
    return _confirm_and_purge(record.person, scope, cases=[record], whole_person=bool(scope.person_ids))


def _confirm_and_purge(record: Person, scope: Scope, *, cases: list[Case], whole_person: bool):
    form = PurgeForm()
    if request.method == "GET":
        form.next.data = local_target(request.args.get("next")) or ""
        form.reason.data = services.PurgeReason.REQUEST
    failure = None
    if form.validate_on_submit():
        if not services.name_confirms(record, form.first_name.data):
            form.first_name.errors.append(
                _("That is not this person's first name. Nothing was purged; check whose record this is.")
            )
        else:
            try:
                result = services.purge(scope, current_user, form.reason.data)
                db.session.commit()
            except SQLAlchemyError:
                db.session.rollback()
                failure = _("The purge failed and nothing was deleted. Try again; if it fails again, "
                            "tell whoever runs the server.")
            else:
                services.vacuum()
                flash(_("The record was purged: %(count)s records deleted. The audit log keeps one entry "
                        "saying that a purge happened, without the name.", count=result.total), "success")
                fallback = url_for("people.index") if whole_person else url_for("cases.index")
                return redirect(local_target(form.next.data) or fallback)
    return render_template(
        "purge/confirm.html",
        form=form,
        person=record,
        cases=cases,
        whole_person=whole_person,
        counts=services.preview(scope),
        labels=LABELS,
        failure=failure,
    ), (400 if form.errors or failure else 200)


@blueprint.get("/cases/<int:case_id>/case-file.zip")
@role_required(Role.ADMIN, Role.LEGAL)
def download_case_file(case_id: int):
    record = case_for(case_id, legal=True)
    data = case_file.build(record)
    audit.record("case.file_export", target=record, detail="case file for the attorney (timeline with notes, "
                 "filings with notes, letters' metadata, last packet)")
    db.session.commit()
    response = send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                         download_name=f"case-file-{record.id}.zip")
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/admin/retention")
@role_required(Role.ADMIN)
def due():
    page = db.paginate(services.due_query(), page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template(
        "purge/due.html", page=page, days=services.retention_days(), days_closed=services.days_closed,
        # The admin pages' notice of shared A-numbers (admin/_nav.html), on this admin page too.
        duplicate_count=duplicate_group_count(),
    )
