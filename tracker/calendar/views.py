"""`/calendar/<token>.ics` for calendar apps, managing one's feeds, and
`/c/<slug>/actions/<id>.ics`: one public action for a supporter's calendar."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.auth.models import CASE_ROLES
from tracker.calendar import services
from tracker.calendar.models import CalendarFeed
from tracker.extensions import csrf, db, unlimited
from tracker.forms import BaseForm
from tracker.links import base_host
from tracker.security import audit
from tracker.security.access import case_for, on_team, public, role_required, signed_in
from tracker.types import utcnow

blueprint = Blueprint("calendar", __name__)


@blueprint.get("/calendar/<token>.ics")
@public
@unlimited
@csrf.exempt
def feed(token: str):
    current = services.feed_for(token)
    if current is None:
        abort(404)
    current.last_used_at = utcnow()
    body = services.build_feed(current, base_host())
    db.session.commit()
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="calendar.ics"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.get("/c/<slug>/actions/<int:action_id>.ics")
@public
def public_action(slug: str, action_id: int):
    """One action of a campaign page, offered on the thank-you pages ("add to my calendar")."""
    body = services.public_action_file(slug, action_id, base_host())
    if body is None:
        abort(404)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="action-{action_id}.ics"'
    # Consent can be narrowed or the action cancelled at any time: nothing keeps a copy.
    response.headers["Cache-Control"] = "no-store"
    return response


def _check_form() -> None:
    if not BaseForm().validate_on_submit():
        abort(400)


@blueprint.post("/account/calendars")
@signed_in
def create_mine():
    _check_form()
    services.create_feed(current_user)
    audit.record("calendar.create", target=current_user._get_current_object())
    db.session.commit()
    flash(_("Your calendar address is ready below. Add it to your calendar app as a subscription."), "success")
    return redirect(url_for("auth.account") + "#calendars")


@blueprint.post("/cases/<int:case_id>/calendar")
@role_required(*CASE_ROLES)
def create_for_case(case_id: int):
    case = case_for(case_id)
    _check_form()
    services.create_feed(current_user, case)
    audit.record("calendar.create", target=case)
    db.session.commit()
    flash(_("A calendar address for case %(id)s is ready below.", id=case.id), "success")
    return redirect(url_for("auth.account") + "#calendars")


@blueprint.post("/calendars/<int:feed_id>/<any(revoke, regenerate):action>")
@signed_in
def change(feed_id: int, action: str):
    current = db.session.get(CalendarFeed, feed_id)
    if current is None or current.user_id != current_user.id or current.revoked_at is not None:
        abort(404)
    _check_form()
    current.revoked_at = utcnow()
    if action == "regenerate" and (current.case_id is None or on_team(current_user, current.case_id)):
        services.create_feed(current_user, current.case)
        flash(_("A new address replaces the old one, which stopped working. Update your calendar app."), "success")
    else:
        flash(_("That calendar address no longer works."), "success")
    audit.record(f"calendar.{action}", target=current_user._get_current_object())
    db.session.commit()
    return redirect(url_for("auth.account") + "#calendars")
