"""Two-factor sign-in pages: the code after the password, enrolment with a QR code
drawn here, recovery codes, and turning it off where the role allows."""
from __future__ import annotations

import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.auth import sessions, throttle, two_factor
from tracker.auth.forms import CodeForm
from tracker.auth.views import failed_attempt, login_limit, safe_next
from tracker.extensions import db, limiter
from tracker.security import audit
from tracker.security.access import public, signed_in

blueprint = Blueprint("two_factor", __name__)

# What a user who must enrol may still open.
OPEN_BEFORE_ENROLMENT = {"two_factor.manage", "auth.logout", "static"}


@blueprint.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"], deduct_when=failed_attempt)
def code():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    user = sessions.awaiting_second_factor()
    if user is None or not two_factor.enabled(user):
        session.clear()
        flash(_("Please sign in again: the page for the code was open too long."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        wait = throttle.wait_before_attempt(user.email)
        if wait:
            audit.record_now("auth.code_throttled", target=user, user_id=user.id)
            form.code.errors.append(throttle.wait_message(wait))
            return render_template("auth/code.html", form=form)
        method = two_factor.check_second_factor(user, form.code.data)
        if method is None:
            throttle.record_failure(user.email, source="two-factor", user=user)
            audit.record("auth.code_failed", target=user, user_id=user.id)
            db.session.commit()
            form.code.errors.append(_("That code did not work. App codes change every 30 seconds: type the one "
                                      "shown now, or a recovery code."))
            return render_template("auth/code.html", form=form)
        throttle.forget_own_failures(user.email)
        audit.record("auth.login", target=user, user_id=user.id, detail=f"second factor: {method}")
        db.session.commit()
        session.clear()
        sessions.start(user)
        session["last_seen"] = time.time()
        if method == "recovery code":
            flash(_("You used a recovery code; %(count)d are left. Make new ones on your account page when few are "
                    "left.", count=two_factor.unused_recovery_codes(user)), "info")
        return redirect(safe_next(request.args.get("next")))
    return render_template("auth/code.html", form=form)


@blueprint.route("/account/two-factor", methods=["GET", "POST"])
@signed_in
def manage():
    """Enrol (QR code, secret in text, first code), or see the state and act on it."""
    user = current_user._get_current_object()
    form = CodeForm()
    if two_factor.enabled(user):
        return render_template("auth/two_factor.html", user=user, form=form, required=two_factor.required_for(user),
                               unused=two_factor.unused_recovery_codes(user))
    secret = two_factor.pending_secret(user)
    if form.validate_on_submit():
        codes = two_factor.enable(user, form.code.data)
        if codes is None:
            form.code.errors.append(_("That code did not match. Check that the app shows this account, and type the "
                                      "code it shows now."))
        else:
            db.session.commit()
            return render_template("auth/recovery_codes.html", codes=codes, first=True)
    uri = two_factor.provisioning_uri(user, secret)
    return render_template("auth/two_factor_setup.html", user=user, form=form, qr=two_factor.qr_svg(uri),
                           secret=two_factor.grouped(secret), required=two_factor.required_for(user))


@blueprint.post("/account/two-factor/<any(recovery_codes, off):action>")
@signed_in
def change(action: str):
    """New recovery codes, or turning two-factor sign-in off: both need a current code."""
    user = current_user._get_current_object()
    if not two_factor.enabled(user):
        return redirect(url_for("two_factor.manage"))
    if action == "off" and two_factor.required_for(user):
        abort(403)
    form = CodeForm()
    if not form.validate_on_submit() or not two_factor.check_totp(user, form.code.data):
        if form.code.data:
            throttle.record_failure(user.email, source="two-factor", user=user)
            db.session.commit()
        flash(_("That code did not match: nothing was changed. Type the code your app shows now."), "error")
        return redirect(url_for("two_factor.manage"))
    if action == "off":
        two_factor.reset(user, by_admin=False)
        db.session.commit()
        flash(_("Two-factor sign-in is off. You were signed out everywhere else."), "success")
        return redirect(url_for("auth.account"))
    codes = two_factor.new_recovery_codes(user)
    audit.record("auth.recovery_codes_renewed", target=user)
    db.session.commit()
    return render_template("auth/recovery_codes.html", codes=codes, first=False)


@blueprint.before_app_request
def _enrol_first():
    """A role that needs a second factor, signed in with the password only, opens nothing but enrolment."""
    if request.endpoint in OPEN_BEFORE_ENROLMENT or request.endpoint is None:
        return None
    if not current_user.is_authenticated or not two_factor.must_enrol(current_user):
        return None
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "access_rule", (None,))[0] == "public" and request.endpoint != "auth.login":
        return None
    return redirect(url_for("two_factor.manage"))
