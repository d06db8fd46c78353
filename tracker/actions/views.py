"""The team's pages for actions, pledges, accompaniment reports and the congregation directory."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from tracker.actions import services
from tracker.actions.forms import (
    AcceptProposalForm,
    ActionForm,
    AttendanceForm,
    CongregationForm,
    ReportForm,
    StaffPledgeForm,
)
from tracker.actions.models import (
    INTERNAL_BY_DEFAULT,
    AccompanimentReport,
    Action,
    ActionKind,
    Congregation,
    Pledge,
    PledgeSource,
)
from tracker.auth.models import CASE_ROLES, Role
from tracker.campaigns import fitness
from tracker.extensions import db
from tracker.forms import BaseForm, copy_fields
from tracker.mail import pledges as pledge_mail
from tracker.security import audit
from tracker.security.access import case_for, role_required, team_record
from tracker.timeline.services import to_utc
from tracker.types import utcnow
from tracker.web import format_day, local_target

blueprint = Blueprint("actions", __name__)
ACTION_FIELDS = ("kind", "title", "title_es", "timezone", "place", "description", "description_es", "people_needed",
                 "is_public", "call_number", "call_hours", "script", "script_es")
# Pledgers are told when an action moves.
MAILED_CHANGES = {"starts_at", "ends_at", "timezone", "place"}
CONGREGATION_FIELDS = ("name", "tradition", "city", "contact_name", "contact_email", "contact_phone", "listed_publicly")


def _action_for(action_id: int) -> Action:
    return team_record(Action, action_id)


@blueprint.get("/cases/<int:case_id>/actions")
@role_required(*CASE_ROLES)
def index(case_id: int):
    case = case_for(case_id)
    actions = services.actions_of(case)
    now = utcnow()
    return render_template(
        "actions/index.html",
        case=case,
        upcoming=[action for action in actions if (action.ends_at or action.starts_at) >= now],
        past=[action for action in actions if (action.ends_at or action.starts_at) < now][::-1],
        counts=services.pledged_counts([action.id for action in actions]),
    )


def _texts_fit(case, form: ActionForm) -> bool:
    """A public action's texts may not say more than consent allows; internal ones stay with the team."""
    return not form.is_public.data or fitness.refuse_unfit(form, case, "action")


def _apply(action: Action, form: ActionForm) -> list[str]:
    changed = copy_fields(action, form, ACTION_FIELDS)
    starts_at = to_utc(form.day.data, form.start_time.data, form.timezone.data)
    ends_at = to_utc(form.day.data, form.end_time.data, form.timezone.data) if form.end_time.data else None
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        if getattr(action, name) != value:
            setattr(action, name, value)
            changed.append(name)
    action.people_needed = action.people_needed or 0
    return changed


@blueprint.route("/cases/<int:case_id>/actions/new", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def new(case_id: int):
    case = case_for(case_id)
    form = ActionForm()
    if request.method == "GET":
        form.timezone.data = case.timezone
        try:
            form.kind.data = ActionKind(request.args.get("kind", ""))
        except ValueError:
            form.kind.data = ActionKind.VIGIL
        form.is_public.data = form.kind.data not in INTERNAL_BY_DEFAULT
    if form.validate_on_submit() and _texts_fit(case, form):
        action = Action(case_id=case.id, created_by_id=current_user.id)
        _apply(action, form)
        db.session.add(action)
        db.session.flush()
        fitness.recheck(case)
        audit.record("action.create", target=action, case_id=case.id, detail=action.kind.value)
        done = form.made(action, url_for("actions.show", action_id=action.id))
        db.session.commit()
        flash(_("%(title)s added (public).", title=action.title) if action.is_public
              else _("%(title)s added (internal: the team only).", title=action.title), "success")
        return redirect(done)
    return render_template("actions/form.html", case=case, form=form, action=None)


@blueprint.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def edit(action_id: int):
    action = _action_for(action_id)
    form = ActionForm(obj=action)
    if request.method == "GET":
        form.day.data = action.local_start.date()
        form.start_time.data = action.local_start.time()
        form.end_time.data = action.local_end.time() if action.local_end else None
        _texts_fit(action.case, form)  # texts hidden since consent narrowed: say what to remove
    if form.validate_on_submit() and _texts_fit(action.case, form):
        changed = _apply(action, form)
        db.session.flush()
        fitness.recheck(action.case)
        if changed:
            audit.record("action.update", target=action, case_id=action.case_id, detail="changed: " + ", ".join(changed))
        if MAILED_CHANGES.intersection(changed) and action.cancelled_at is None:
            pledge_mail.action_changed(action)
        db.session.commit()
        flash(_("Action saved.") if changed else _("Nothing was changed."), "success" if changed else "info")
        return redirect(url_for("actions.show", action_id=action.id))
    return render_template("actions/form.html", case=action.case, form=form, action=action)


@blueprint.post("/actions/<int:action_id>/<any(cancel, restore):state>")
@role_required(*CASE_ROLES)
def set_state(action_id: int, state: str):
    action = _action_for(action_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    was_cancelled = action.cancelled_at is not None
    action.cancelled_at = utcnow() if state == "cancel" else None
    audit.record(f"action.{state}", target=action, case_id=action.case_id)
    if state == "cancel" and not was_cancelled:
        pledge_mail.action_cancelled(action)
    elif state == "restore" and was_cancelled:
        pledge_mail.action_changed(action, restored=True)
    db.session.commit()
    flash(_("%(title)s cancelled.", title=action.title) if state == "cancel" else _("%(title)s restored.", title=action.title),
          "success")
    return redirect(url_for("actions.show", action_id=action.id))


def _pledge_form() -> StaffPledgeForm:
    form = StaffPledgeForm()
    form.congregation_id.choices = [
        SelectChoice(str(congregation.id), congregation.name)
        for congregation in db.session.scalars(select(Congregation).order_by(Congregation.name))
    ]
    return form


@blueprint.get("/actions/<int:action_id>")
@role_required(*CASE_ROLES)
def show(action_id: int):
    action = _action_for(action_id)
    return _show(action)


def _show(action: Action, *, pledge_form=None, report_form=None, status: int = 200):
    # Pledges with their congregations (each names its pledger), reports with filer and event: no query per row.
    pledges = db.session.scalars(
        select(Pledge).where(Pledge.action_id == action.id).options(joinedload(Pledge.congregation)).order_by(Pledge.id)
    ).all()
    reports = db.session.scalars(
        select(AccompanimentReport)
        .where(AccompanimentReport.action_id == action.id)
        .options(joinedload(AccompanimentReport.filed_by), joinedload(AccompanimentReport.event))
        .order_by(AccompanimentReport.id)
    ).all()
    return render_template(
        "actions/show.html",
        action=action,
        case=action.case,
        pledges=pledges,
        pledged=services.pledged_counts([action.id]).get(action.id, 0),
        pledge_form=pledge_form or _pledge_form(),
        attendance_form=AttendanceForm(),
        report_form=report_form or ReportForm(),
        reports=reports,
        accept_form=AcceptProposalForm(),
        proposed_kind=services.proposed_kind,
        action_form=BaseForm(),
        can_decide=current_user.edits_legal_record,
    ), status


@blueprint.post("/actions/<int:action_id>/pledges")
@role_required(*CASE_ROLES)
def add_pledge(action_id: int):
    action = _action_for(action_id)
    form = _pledge_form()
    if form.validate_on_submit():
        congregation = db.session.get(Congregation, form.congregation_id.data)
        try:
            pledge = services.pledge_for_congregation(
                action, congregation, form.people.data, form.text("note"), current_user, source=PledgeSource.STAFF
            )
        except services.PledgeRefused as refused:
            form.people.errors.append(str(refused))
        else:
            done = form.made(pledge, url_for("actions.show", action_id=action.id) + "#pledges")
            db.session.commit()
            flash(_("%(name)s: %(count)s people pledged.", name=congregation.name, count=form.people.data), "success")
            return redirect(done)
    return _show(action, pledge_form=form, status=400)


def _pledge_for_staff(pledge_id: int) -> Pledge:
    return team_record(Pledge, pledge_id, case_of=lambda pledge: pledge.action.case_id)


@blueprint.post("/pledges/<int:pledge_id>/<any(confirm, cancel, attendance):step>")
@role_required(*CASE_ROLES)
def pledge_step(pledge_id: int, step: str):
    pledge = _pledge_for_staff(pledge_id)
    form = AttendanceForm() if step == "attendance" else BaseForm()
    if not form.validate_on_submit():
        form.flash_errors()
        return redirect(url_for("actions.show", action_id=pledge.action_id) + "#pledges")
    try:
        if step == "confirm":
            services.confirm(pledge)
        elif step == "cancel":
            services.cancel(pledge)
        else:
            services.record_attendance(pledge, form.attended.data)
    except services.PledgeRefused as refused:
        db.session.rollback()
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(_("Pledge of %(name)s: %(status)s.", name=pledge.pledger, status=pledge.status.label.lower()), "success")
    return redirect(local_target(request.form.get("next")) or url_for("actions.show", action_id=pledge.action_id) + "#pledges")


@blueprint.post("/actions/<int:action_id>/reports")
@role_required(*CASE_ROLES)
def file_report(action_id: int):
    action = _action_for(action_id)
    form = ReportForm()
    if not action.is_accompaniment:
        abort(404)
    if form.validate_on_submit():
        report = services.file_report(action, current_user, form.what_happened.data, form.next_date.data, form.next_time.data)
        done = form.made(report, url_for("actions.show", action_id=action.id) + "#reports")
        db.session.commit()
        flash(
            _("Report filed. The next date waits for a legal volunteer to accept it.") if report.next_date
            else _("Report filed."),
            "success",
        )
        return redirect(done)
    return _show(action, report_form=form, status=400)


@blueprint.post("/reports/<int:report_id>/<any(accept, dismiss):decision>")
@role_required(Role.ADMIN, Role.LEGAL)
def decide_proposal(report_id: int, decision: str):
    report = team_record(AccompanimentReport, report_id, case_of=lambda report: report.action.case_id, legal=True)
    form = AcceptProposalForm() if decision == "accept" else BaseForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        if decision == "accept":
            event = services.accept_proposal(report, current_user, form.kind.data)
        else:
            services.dismiss_proposal(report, current_user)
    except ValueError as refused:
        db.session.rollback()
        flash(str(refused), "error")
        return redirect(url_for("actions.show", action_id=report.action_id) + "#reports")
    db.session.commit()
    if decision == "accept":
        flash(_("%(name)s on %(day)s added to the timeline.", name=event.label, day=format_day(event.local_date)), "success")
        return redirect(url_for("cases.show", case_id=event.case_id) + f"#event-{event.id}")
    flash(_("Proposed date dismissed."), "success")
    return redirect(local_target(request.form.get("next")) or url_for("actions.show", action_id=report.action_id))


# --- The congregation directory -------------------------------------------------


@blueprint.get("/congregations")
@role_required(*CASE_ROLES)
def congregations():
    rows = db.session.scalars(select(Congregation).order_by(Congregation.name)).all()
    return render_template("actions/congregations.html", congregations=rows)


@blueprint.route("/congregations/new", methods=["GET", "POST"])
@blueprint.route("/congregations/<int:congregation_id>/edit", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def congregation_form(congregation_id: int | None = None):
    congregation = db.session.get(Congregation, congregation_id) if congregation_id else None
    if congregation_id and congregation is None:
        abort(404)
    form = CongregationForm(obj=congregation)
    if form.validate_on_submit():
        duplicate = db.session.scalar(
            select(Congregation.id).where(
                Congregation.name == form.name.data, Congregation.id != (congregation.id if congregation else -1)
            )
        )
        if duplicate is not None:
            form.name.errors.append(_("A congregation with this name is already in the directory."))
        else:
            new = congregation is None
            if new:
                congregation = Congregation()
                db.session.add(congregation)
            changed = copy_fields(congregation, form, CONGREGATION_FIELDS)
            congregation.listed_publicly = bool(congregation.listed_publicly)
            db.session.flush()
            audit.record("congregation.save", target=congregation, detail="changed: " + ", ".join(changed))
            if new:
                form.made(congregation, url_for("actions.congregations"))
            db.session.commit()
            flash(_("%(name)s saved.", name=congregation.name), "success")
            return redirect(url_for("actions.congregations"))
    return render_template("actions/congregation_form.html", form=form, congregation=congregation)
