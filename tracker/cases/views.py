"""The dashboard, case lists, the case page, filings and case teams."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from tracker.actions.portal import portal_page
from tracker.auth.models import CASE_ROLES, Role, User
from tracker.campaigns import fitness
from tracker.cases import services, team_access
from tracker.cases.forms import CaseForm, FilingForm, SearchForm, TeamMemberForm
from tracker.cases.models import Case, ConsentLevel, Filing, Stage
from tracker.detention.bonds import bonds_of
from tracker.detention.services import chain_of, periods_of
from tracker.extensions import db
from tracker.forms import copy_fields, page_arg
from tracker.people.services import audit_restricted_view, person_view, search_people
from tracker.security import audit
from tracker.security.access import case_for, person_for, role_required, signed_in, team_record
from tracker.tasks.services import open_tasks_of, tasks_of
from tracker.timeline import stages
from tracker.timeline.filings import sync_answered_deadlines as answered_deadlines
from tracker.timeline.forms import RescheduleForm
from tracker.timeline.services import verification_due
from tracker.types import utcnow
from tracker.web import format_when

blueprint = Blueprint("cases", __name__)

LEGAL_ROLES = (Role.ADMIN, Role.LEGAL)
PER_PAGE = 25
CASE_FIELDS = (
    "stage", "outcome", "court", "judge", "ice_field_office", "attorney", "organization",
    "g28_on_file", "privacy_waiver_signed_on", "consent_level", "consent_date", "timezone",
)


@blueprint.get("/")
@signed_in
def dashboard():
    if not current_user.works_on_cases:
        return portal_page()
    board = services.dashboard_for(current_user)
    return render_template(
        "cases/dashboard.html",
        board=board,
        my_tasks=open_tasks_of(current_user),
        today=date.today(),
        days=services.DASHBOARD_DAYS,
        reschedule_form=RescheduleForm(),
        can_edit=current_user.edits_legal_record,
    )


@blueprint.get("/cases")
@role_required(*CASE_ROLES)
def index():
    sort = request.args.get("sort", "next")
    stage = _stage_arg(request.args.get("stage"))
    detained = request.args.get("detained") == "1"
    page = db.paginate(
        services.case_list_query(current_user, sort=sort, stage=stage, detained=detained),
        page=page_arg(),
        per_page=PER_PAGE,
        error_out=False,
    )
    dates = services.dates_for([case.id for case in page.items])
    return render_template(
        "cases/index.html",
        page=page,
        dates=dates,
        sort=sort if sort in services.SORTS else "next",
        sorts=services.SORTS,
        stage=stage,
        stages=Stage,
        detained=detained,
        search_form=SearchForm(),
    )


def _stage_arg(value: str | None) -> Stage | None:
    try:
        return Stage(value) if value else None
    except ValueError:
        return None


@blueprint.post("/search")
@role_required(*CASE_ROLES)
def search():
    """Search by name or A-number. A POST, so that an A-number never lands in a
    URL, a proxy's log or the browser history."""
    form = SearchForm()
    people = []
    if form.validate_on_submit():
        people = search_people(current_user, form.q.data)
        audit.record("person.search", detail=f"{len(people)} result(s)")
        db.session.commit()
    return render_template("cases/search.html", form=form, people=people, limit=50)


@blueprint.route("/people/<int:person_id>/cases/new", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def new(person_id: int):
    person = person_for(person_id, legal=True)
    form = CaseForm()
    if request.method == "GET":
        form.timezone.data = current_app.config["TRACKER_DEFAULT_TIMEZONE"]
        form.consent_level.data = ConsentLevel.NONE
    if form.validate_on_submit():
        case = Case(person_id=person.id)
        _apply(case, form)
        case.team.append(current_user._get_current_object())
        db.session.add(case)
        db.session.flush()
        audit.record("case.create", target=case, detail=f"stage {case.stage.value}")
        done = form.made(case, url_for("cases.show", case_id=case.id))
        db.session.commit()
        flash(_("Case opened. You are on its team."), "success")
        return redirect(done)
    return render_template("cases/form.html", form=form, person=person_view(person, current_user), case=None)


def _apply(case: Case, form: CaseForm) -> list[str]:
    changed = copy_fields(case, form, CASE_FIELDS)
    if {"consent_level", "consent_date"} & set(changed):
        case.consent_recorded_by_id = current_user.id
    return changed


@blueprint.get("/cases/<int:case_id>")
@role_required(*CASE_ROLES)
def show(case_id: int):
    case = case_for(case_id)
    team_access.end_expired(case_id=case.id)  # the team shown is the team in force
    show_removed = request.args.get("removed") == "1"
    entries = services.timeline(case, include_removed=show_removed)
    audit_restricted_view(case.person, current_user, case_id=case.id)
    db.session.commit()
    return render_template(
        "cases/show.html",
        case=case,
        person=person_view(case.person, current_user),
        entries=entries,
        show_removed=show_removed,
        filings=case.filings,
        tasks=tasks_of(case),
        detentions=chain_of(periods_of(case)),
        # Bond amounts are for legal volunteers and admins only.
        bonds=bonds_of(case) if current_user.edits_legal_record else None,
        today=date.today(),
        team=case.team,
        team_until=team_access.until_by_member(case.id),
        can_edit=current_user.edits_legal_record,
        sees_restricted=current_user.sees_restricted,
        verification_due=verification_due,
        overdue=services.is_overdue,
        team_form=_team_form(case) if current_user.is_admin else None,
    )


@blueprint.route("/cases/<int:case_id>/edit", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def edit(case_id: int):
    case = case_for(case_id, legal=True)
    form = CaseForm(obj=case)
    if form.validate_on_submit():
        old_stage = case.stage
        changed = _apply(case, form)
        if "stage" in changed:
            stages.record_stage(case, old_stage, current_user, str(stages.BY_HAND))
        elif "outcome" in changed:
            stages.follow_outcome(case, current_user)
        if changed:
            audit.record("case.update", target=case, detail="changed: " + ", ".join(changed))
        if "consent_level" in changed:
            fitness.recheck(case)
        db.session.commit()
        flash(_("Case updated.") if changed else _("Nothing was changed."), "success" if changed else "info")
        return redirect(url_for("cases.show", case_id=case.id))
    return render_template("cases/form.html", form=form, person=person_view(case.person, current_user), case=case)


def _filing_for(filing_id: int) -> Filing:
    return team_record(Filing, filing_id, legal=True)


FILING_FIELDS = ("kind", "status", "filed_on", "decided_on", "receipt_number", "notes")


def _apply_filing(filing: Filing, form: FilingForm) -> list[str]:
    changed = copy_fields(filing, form, FILING_FIELDS)
    filing.updated_by_id = current_user.id
    return changed


def _filing_follows_through(filing: Filing) -> list[str]:
    """Meet or reopen the deadline the filing answers and move the stage; what to tell the volunteer."""
    met, reopened = answered_deadlines(filing, current_user)
    said = [_("%(deadline)s marked met.", deadline=event.label) for event in met] + [
        _("%(deadline)s is open again.", deadline=event.label) for event in reopened
    ]
    if stages.follow_filing(filing, current_user):
        said.append(_("The case stage is now %(stage)s.", stage=filing.case.stage.label))
    return said


@blueprint.route("/cases/<int:case_id>/filings/new", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def new_filing(case_id: int):
    case = case_for(case_id, legal=True)
    form = FilingForm()
    if form.validate_on_submit():
        filing = Filing(case_id=case.id)
        _apply_filing(filing, form)
        db.session.add(filing)
        db.session.flush()
        audit.record("filing.create", target=filing, detail=filing.kind.value)
        deadlines_said = _filing_follows_through(filing)
        done = form.made(filing, url_for("cases.show", case_id=case.id) + "#filings")
        db.session.commit()
        flash(" ".join([_("%(filing)s recorded.", filing=filing.kind.label), *deadlines_said]), "success")
        return redirect(done)
    return render_template("cases/filing_form.html", form=form, case=case, filing=None)


@blueprint.route("/filings/<int:filing_id>/edit", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def edit_filing(filing_id: int):
    filing = _filing_for(filing_id)
    form = FilingForm(obj=filing)
    if request.method == "GET" and filing.notes:
        audit.record("filing.view_restricted", target=filing, detail="viewed notes (edit form)")
        db.session.commit()
    if form.validate_on_submit():
        changed = _apply_filing(filing, form)
        if changed:
            audit.record("filing.update", target=filing, detail="changed: " + ", ".join(changed))
        deadlines_said = _filing_follows_through(filing) if changed else []
        db.session.commit()
        if changed:
            flash(" ".join([_("%(filing)s updated.", filing=filing.kind.label), *deadlines_said]), "success")
        else:
            flash(_("Nothing was changed."), "info")
        return redirect(url_for("cases.show", case_id=filing.case_id) + "#filings")
    return render_template("cases/filing_form.html", form=form, case=filing.case, filing=filing)


def _team_form(case: Case) -> TeamMemberForm:
    form = TeamMemberForm()
    members = {user.id for user in case.team}
    candidates = db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_([Role.LEGAL, Role.CAMPAIGN, Role.ADMIN]))
        .order_by(User.name)
    )
    form.user_id.choices = [
        SelectChoice(str(user.id), f"{user.name} — {user.role.label}") for user in candidates if user.id not in members
    ]
    return form


@blueprint.post("/cases/<int:case_id>/team")
@role_required(Role.ADMIN)
def add_member(case_id: int):
    case = case_for(case_id)
    form = _team_form(case)
    if form.validate_on_submit():
        user = db.session.get(User, form.user_id.data)
        until = team_access.end_of(form.until_day.data, form.until_time.data, case.timezone)
        if until is not None and until <= utcnow():
            flash(_("The end of access must be in the future."), "error")
            return redirect(url_for("cases.show", case_id=case.id) + "#team")
        case.team.append(user)
        db.session.flush()
        team_access.set_until(case.id, user.id, until)
        audit.record("case.team_add", target=case,
                     detail=f"added user {user.id}" + (f" until {until:%Y-%m-%d %H:%M} UTC" if until else ""))
        db.session.commit()
        flash(_("%(name)s is now on the team.", name=user.name) if until is None else
              _("%(name)s is now on the team until %(when)s.", name=user.name, when=format_when(until, case.timezone)),
              "success")
    else:
        form.flash_errors()
    return redirect(url_for("cases.show", case_id=case.id) + "#team")


@blueprint.post("/cases/<int:case_id>/team/<int:user_id>/remove")
@role_required(Role.ADMIN)
def remove_member(case_id: int, user_id: int):
    case = case_for(case_id)
    user = db.session.get(User, user_id)
    if user is None or user not in case.team:
        abort(404)
    case.team.remove(user)
    audit.record("case.team_remove", target=case, detail=f"removed user {user.id}")
    db.session.commit()
    flash(_("%(name)s is no longer on the team.", name=user.name), "success")
    return redirect(url_for("cases.show", case_id=case.id) + "#team")
