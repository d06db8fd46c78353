"""The congregation coordinator's portal, and the public pledge form of a campaign page.

Coordinators see only public actions of campaigns whose page is public, and
only their own congregation's pledges.
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from tracker.actions import services
from tracker.actions.forms import AttendanceForm, PledgeForm, PublicPledgeForm, ReportForm
from tracker.actions.models import Action, Pledge, PledgeStatus
from tracker.auth.models import Role
from tracker.campaigns.next_steps import next_steps
from tracker.campaigns.public import live_or_404
from tracker.campaigns.services import public_page
from tracker.extensions import db, limiter
from tracker.forms import BaseForm, id_arg
from tracker.mail.notices import page_locale
from tracker.security.access import deny, public, role_required
from tracker.types import utcnow

blueprint = Blueprint("portal", __name__)


def _congregation_id() -> int:
    if current_user.congregation_id is None:
        deny(403, "the account is not linked to a congregation")
    return current_user.congregation_id


def portal_page(pledge_forms: dict | None = None, status: int = 200):
    """The coordinator's home: where people are needed, and their own pledges."""
    congregation = current_user.congregation
    if congregation is None:
        return render_template("actions/portal_unlinked.html"), status
    open_actions = services.public_actions(services.open_to_congregations())
    pledges = services.congregation_pledges(congregation.id)
    mine = {pledge.action_id: pledge for pledge in pledges}
    texts = services.outsider_texts(pledge.action for pledge in pledges)
    now = utcnow()
    return render_template(
        "actions/portal.html",
        congregation=congregation,
        open_actions=open_actions,
        mine=mine,
        upcoming=[pledge for pledge in pledges if pledge.action.starts_at >= now],
        past=[pledge for pledge in pledges if pledge.action.starts_at < now][::-1],
        pledge_forms=pledge_forms or {},
        titles={action_id: fit.title for action_id, fit in texts.items()},
        pledge_form=PledgeForm(),
        attendance_form=AttendanceForm(),
        report_form=ReportForm(),
        action_form=BaseForm(),
        statuses=PledgeStatus,
    ), status


def _open_action(action_id: int) -> Action:
    action = db.session.get(Action, action_id)
    if action is None or not services.is_open_to_congregations(action):
        abort(404)
    return action


def _own_pledge(pledge_id: int) -> Pledge:
    pledge = db.session.get(Pledge, pledge_id)
    if pledge is None:
        abort(404)
    if pledge.congregation_id != _congregation_id():
        deny(404, f"pledge {pledge.id} belongs to another congregation")
    if not services.is_visible_to_congregations(pledge.action):
        deny(404, f"pledge {pledge.id} is for an action congregations may not see")
    return pledge


@blueprint.post("/portal/actions/<int:action_id>/pledge")
@role_required(Role.CONGREGATION)
def pledge(action_id: int):
    _congregation_id()
    action = _open_action(action_id)
    form = PledgeForm()
    if form.validate_on_submit():
        try:
            pledge = services.pledge_for_congregation(
                action, current_user.congregation, form.people.data, form.text("note"), current_user
            )
        except services.PledgeRefused as refused:
            form.people.errors.append(str(refused))
        else:
            done = form.made(pledge, url_for("cases.dashboard") + f"#action-{action.id}")
            db.session.commit()
            flash(_("Thank you: %(count)s people pledged to %(title)s. The campaign will confirm.", count=form.people.data,
                    title=services.outsider_text(action).title), "success")
            return redirect(done)
    return portal_page({action.id: form}, status=400)


@blueprint.post("/portal/pledges/<int:pledge_id>/<any(change, cancel, attendance):step>")
@role_required(Role.CONGREGATION)
def pledge_step(pledge_id: int, step: str):
    pledge = _own_pledge(pledge_id)
    form = {"change": PledgeForm, "attendance": AttendanceForm}.get(step, BaseForm)()
    if form.validate_on_submit():
        try:
            if step == "change":
                services.change_people(pledge, form.people.data)
            elif step == "cancel":
                services.cancel(pledge)
            else:
                services.record_attendance(pledge, form.attended.data)
        except services.PledgeRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            words = {"change": _("Pledge for %(title)s: changed."), "cancel": _("Pledge for %(title)s: cancelled."),
                     "attendance": _("Pledge for %(title)s: attendance recorded.")}
            flash(words[step] % {"title": services.outsider_text(pledge.action).title}, "success")
    else:
        form.flash_errors()
    return redirect(url_for("cases.dashboard") + f"#pledge-{pledge.id}")


@blueprint.post("/portal/pledges/<int:pledge_id>/report")
@role_required(Role.CONGREGATION)
def report(pledge_id: int):
    """The team leader of an accompaniment reports what happened and the next date."""
    pledge = _own_pledge(pledge_id)
    action = pledge.action
    if not action.is_accompaniment or action.starts_at > utcnow():
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        report = services.file_report(action, current_user, form.what_happened.data, form.next_date.data, form.next_time.data)
        form.made(report, url_for("cases.dashboard") + f"#pledge-{pledge.id}")
        db.session.commit()
        flash(_("Thank you for the report. The legal team will check the next date."), "success")
    else:
        form.flash_errors()
    return redirect(url_for("cases.dashboard") + f"#pledge-{pledge.id}")


# --- The public pledge form -------------------------------------------------------


def _pledge_limit() -> str:
    return current_app.config["RATELIMIT_SIGN"]


@blueprint.route("/c/<slug>/pledge", methods=["GET", "POST"])
@public
@limiter.limit(_pledge_limit, methods=["POST"])
def public_pledge(slug: str):
    campaign = live_or_404(slug)
    page = public_page(campaign)
    actions = services.public_actions(services.open_to_congregations().where(Action.case_id == campaign.case_id))
    if request.method == "GET" and request.args.get("thanks") == "1":
        steps = next_steps(campaign, page, "pledge", pledged_action_id=id_arg("action"), actions=actions)
        return render_template("public/pledge.html", page=page, actions=actions, form=None, thanks=True, steps=steps)
    form = PublicPledgeForm()
    form.action_id.choices = [
        SelectChoice(str(item.action.id), f"{item.title} — {item.action.local_start:%a %b} {item.action.local_start.day}")
        for item in actions
    ]
    if request.method == "GET" and id_arg("action"):
        form.action_id.data = id_arg("action")
    if request.method == "POST" and request.form.get("website"):
        return redirect(url_for("portal.public_pledge", slug=slug, thanks=1))
    if actions and form.validate_on_submit():
        action = next(item.action for item in actions if item.action.id == form.action_id.data)
        try:
            pledge = services.public_pledge(
                action, form.supporter_name.data, form.contact.data, form.people.data, form.text("note"),
                locale=page_locale(),
            )
        except services.PledgeRefused as refused:
            form.people.errors.append(str(refused))
        else:
            done = form.made(pledge, url_for("portal.public_pledge", slug=slug, thanks=1, action=action.id))
            db.session.commit()
            return redirect(done)
    return render_template("public/pledge.html", page=page, actions=actions, form=form, thanks=False)
