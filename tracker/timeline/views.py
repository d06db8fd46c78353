"""Recording, editing and checking timeline entries."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.auth.models import CASE_ROLES, Role
from tracker.campaigns import fitness
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.forms import clean
from tracker.security import audit
from tracker.security.access import case_for, role_required, team_record
from tracker.timeline import services, stages
from tracker.timeline.deadlines import is_business_day
from tracker.timeline.forms import EventForm, RescheduleForm
from tracker.timeline.models import Event, EventKind, Visibility
from tracker.web import format_day, local_target

blueprint = Blueprint("timeline", __name__)

LEGAL_ROLES = (Role.ADMIN, Role.LEGAL)


# What every page showing a derived deadline needs (the `deadline_facts` macro).
blueprint.add_app_template_global(services.rule_explanation, "deadline_rule")
blueprint.add_app_template_global(services.rolled_because, "rolled_because")
blueprint.add_app_template_global(is_business_day, "is_business_day")


def _event_for(event_id: int, *, legal: bool = True) -> Event:
    return team_record(Event, event_id, legal=legal)


def _back(event: Event) -> str:
    """Where to return after a quick action: the page it came from, if on this site."""
    target = local_target(request.form.get("next") or request.args.get("next"))
    if target:
        return target
    return url_for("cases.show", case_id=event.case_id) + f"#event-{event.id}"


def _texts_fit(case: Case, form: EventForm) -> bool:
    """A public date's title and place may not say more than consent allows."""
    return form.visibility.data is not Visibility.PUBLIC or fitness.refuse_unfit(form, case, "event")


def _fields(form: EventForm, case: Case) -> dict:
    zone = form.timezone.data
    return {
        "kind": form.kind.data,
        "title": form.text("title"),
        "starts_at": services.to_utc(form.day.data, form.start_time.data, zone),
        "ends_at": services.to_utc(form.day.data, form.end_time.data, zone) if form.end_time.data else None,
        "all_day": form.start_time.data is None,
        "timezone": zone,
        "location": form.text("location"),
        "outcome": form.text("outcome"),
        "notes": form.text("notes"),
        "visibility": form.visibility.data,
        "decided_by": form.decided_by.data if form.kind.data is EventKind.DECISION else None,
        "final_order": bool(form.final_order.data) and form.kind.data is EventKind.DECISION,
    }


@blueprint.route("/cases/<int:case_id>/events/new", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def new_event(case_id: int):
    case = case_for(case_id, legal=True)
    form = EventForm()
    if request.method == "GET":
        form.timezone.data = case.timezone
        form.visibility.data = Visibility.INTERNAL
        try:
            form.kind.data = EventKind(request.args.get("kind", ""))
        except ValueError:
            form.kind.data = EventKind.MASTER_CALENDAR_HEARING
    if form.validate_on_submit() and _texts_fit(case, form):
        event = services.create_event(case.id, current_user, **_fields(form, case))
        moved = stages.follow_decision(event, case, current_user, was_final_order=False)
        fitness.recheck(case)
        done = form.made(event, url_for("cases.show", case_id=case.id) + f"#event-{event.id}")
        db.session.commit()
        derived = services.derived_from(event)
        message = _("%(name)s recorded.", name=event.label)
        if derived:
            titles = ", ".join(f"{d.label} ({format_day(d.local_date)})" for d in derived)
            message += " " + _("Derived deadlines added: %(titles)s.", titles=titles)
        if moved:
            message += " " + _("The case stage is now %(stage)s.", stage=case.stage.label)
        flash(message, "success")
        return redirect(done)
    return render_template("timeline/event_form.html", form=form, case=case, event=None)


@blueprint.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
@role_required(*LEGAL_ROLES)
def edit_event(event_id: int):
    event = _event_for(event_id)
    if event.removed_at is not None or event.kind is EventKind.STAGE_CHANGE:
        abort(404)
    case = event.case
    form = EventForm(obj=event) if request.method == "GET" else EventForm()
    if request.method == "GET":
        form.day.data = event.local_date
        form.start_time.data = None if event.all_day else event.local_start.time()
        form.end_time.data = event.local_end.time() if event.local_end else None
        if event.notes:
            audit.record("event.view_restricted", target=event, detail="viewed notes (edit form)")
            db.session.commit()
    if request.method == "GET":
        _texts_fit(case, form)  # a title hidden since consent narrowed: say what to remove
    if form.validate_on_submit() and _texts_fit(case, form):
        was_final_order = event.final_order
        changed = services.update_event(event, current_user, **_fields(form, case))
        moved = stages.follow_decision(event, case, current_user, was_final_order=was_final_order)
        db.session.flush()
        fitness.recheck(case)
        db.session.commit()
        message = _("%(name)s updated.", name=event.label) if changed else _("Nothing was changed.")
        if moved:
            message += " " + _("The case stage is now %(stage)s.", stage=case.stage.label)
        flash(message, "success" if changed else "info")
        return redirect(url_for("cases.show", case_id=case.id) + f"#event-{event.id}")
    return render_template("timeline/event_form.html", form=form, case=case, event=event)


@blueprint.post("/events/<int:event_id>/remove")
@role_required(*LEGAL_ROLES)
def remove_event(event_id: int):
    event = _event_for(event_id)
    if event.removed_at is None:
        services.remove_event(event, current_user, reason=clean(request.form.get("reason")) or None)
        db.session.flush()
        fitness.recheck(event.case)
        db.session.commit()
        flash(_("%(name)s removed from the timeline; its history is kept.", name=event.label), "success")
    return redirect(url_for("cases.show", case_id=event.case_id))


@blueprint.post("/events/<int:event_id>/verify")
@role_required(*LEGAL_ROLES)
def verify(event_id: int):
    event = _event_for(event_id)
    if not event.is_hearing or event.removed_at is not None:
        abort(404)
    services.verify_hearing(event, current_user)
    db.session.commit()
    flash(_("%(name)s on %(day)s marked verified today.", name=event.label, day=format_day(event.local_date)), "success")
    return redirect(_back(event))


@blueprint.post("/events/<int:event_id>/reschedule")
@role_required(*LEGAL_ROLES)
def reschedule(event_id: int):
    event = _event_for(event_id)
    if not event.is_hearing or event.removed_at is not None:
        abort(404)
    form = RescheduleForm()
    if form.validate_on_submit():
        services.reschedule_hearing(event, current_user, form.day.data, form.start_time.data)
        db.session.commit()
        flash(_("%(name)s moved to %(day)s, verified today.", name=event.label, day=format_day(event.local_date)), "success")
        return redirect(_back(event))
    # Re-show the quick form on its own page, with what was typed and the errors.
    return render_template("timeline/reschedule.html", form=form, event=event, case=event.case, next=_back(event)), 400


@blueprint.post("/events/<int:event_id>/deadline/<any(complete, dismiss, reopen):state>")
@role_required(*LEGAL_ROLES)
def deadline_state(event_id: int, state: str):
    event = _event_for(event_id)
    if not event.is_deadline or event.removed_at is not None:
        abort(404)
    services.set_deadline_state(event, current_user, state)
    db.session.commit()
    words = {"complete": _("%(name)s marked met."), "dismiss": _("%(name)s dismissed."), "reopen": _("%(name)s reopened.")}
    flash(words[state] % {"name": event.label}, "success")
    return redirect(_back(event))


@blueprint.post("/events/<int:event_id>/restore-derived")
@role_required(*LEGAL_ROLES)
def restore_derived(event_id: int):
    event = _event_for(event_id)
    if not event.is_derived or event.removed_at is not None:
        abort(404)
    services.restore_derived_date(event, current_user)
    db.session.commit()
    flash(_("%(name)s is back on the date the rule gives.", name=event.label), "success")
    return redirect(_back(event))


@blueprint.get("/events/<int:event_id>/history")
@role_required(*CASE_ROLES)
def history(event_id: int):
    event = _event_for(event_id, legal=False)
    restricted = current_user.sees_restricted
    revisions = [
        (revision, services.revision_changes(revision, restricted=restricted)) for revision in event.revisions
    ]
    if any(field in services.RESTRICTED_TRACKED for _revision, lines in revisions for field, _old, _new in lines):
        audit.record("event.view_restricted", target=event, detail="viewed notes (history)")
        db.session.commit()
    return render_template("timeline/history.html", event=event, case=event.case, revisions=revisions,
                           field_names=services.FIELD_NAMES, changed=services.CHANGED)
