"""Sign in, sign out, the account page and one-time password links."""
from __future__ import annotations

import time
from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from tracker.auth import lockdown, services, sessions, throttle, two_factor
from tracker.auth.forms import ChangePasswordForm, LanguageForm, LockdownForm, LoginForm, NewPasswordForm
from tracker.calendar.services import feeds_of
from tracker.extensions import db, limiter
from tracker.forms import BaseForm
from tracker.mail import services as mail
from tracker.mail.kinds import ACCOUNT_TOPICS
from tracker.security import audit
from tracker.security.access import public, signed_in
from tracker.web import local_target

blueprint = Blueprint("auth", __name__)


def login_limit() -> str:
    return current_app.config["RATELIMIT_LOGIN"]


def failed_attempt(response) -> bool:
    """Only attempts that did not sign in count toward the per-address limit: a church
    hall where 25 volunteers sign in one after another is never refused."""
    return response.status_code != 302


def safe_next(target: str | None) -> str:
    return local_target(target) or url_for("cases.dashboard")


@blueprint.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"], deduct_when=failed_attempt)
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        result = services.authenticate(form.email.data, form.password.data)
        if result.user is not None:
            if two_factor.enabled(result.user):
                sessions.await_second_factor(result.user)
                return redirect(url_for("two_factor.code", next=local_target(request.args.get("next"))))
            session.clear()
            sessions.start(result.user)
            session["last_seen"] = time.time()
            if two_factor.must_enrol(result.user):
                flash(_("Your role signs in with a second factor. Set it up now: it takes two minutes."), "info")
                return redirect(url_for("two_factor.manage"))
            return redirect(safe_next(request.args.get("next")))
        if result.wait:
            form.password.errors.append(throttle.wait_message(result.wait))
        elif result.locked_down:
            form.password.errors.append(str(services.LOCKED_DOWN))
        else:
            form.password.errors.append(str(services.SIGN_IN_FAILED))
    return render_template("auth/login.html", form=form)


@blueprint.post("/logout")
@signed_in
def logout():
    user = current_user._get_current_object()
    sessions.end_current(user)
    audit.record("auth.logout", target=user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@blueprint.route("/account", methods=["GET", "POST"])
@signed_in
def account():
    user = current_user._get_current_object()
    form = ChangePasswordForm(email=user.email)
    if form.validate_on_submit():
        checked = services.check_current_password(user, form.current.data)
        if isinstance(checked, timedelta):
            form.current.errors.append(throttle.wait_message(checked))
        elif not checked:
            form.current.errors.append(_("That is not your current password."))
        else:
            services.set_password(user, form.password.data)
            audit.record("auth.password_changed", target=user)
            db.session.commit()
            flash(_("Your password is changed. You were signed out everywhere else."), "success")
            return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html", form=form, user=user, feeds=feeds_of(user), action_form=BaseForm(),
        language_form=LanguageForm(locale=user.locale or ""),
        notice_topics=ACCOUNT_TOPICS.get(user.role, ()), opted_out=mail.account_opt_outs(user),
        sessions=sessions.active(user), this_session=user.current_session,
    )


@blueprint.post("/account/sessions/end")
@signed_in
def end_sessions():
    """Sign out everywhere: every session of the account, this one included."""
    user = current_user._get_current_object()
    if not BaseForm().validate_on_submit():
        abort(400)
    ended = sessions.end_all(user)
    audit.record("auth.sessions_ended", target=user, detail=f"{ended} sessions, by the account holder")
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out everywhere, on this device too."), "info")
    return redirect(url_for("auth.login"))


@blueprint.post("/account/language")
@signed_in
def language():
    user = current_user._get_current_object()
    form = LanguageForm()
    if form.validate_on_submit():
        user.locale = form.locale.data or None
        db.session.commit()
        flash(_("Your language is saved."), "success")
    else:
        flash(_("Choose one of the languages listed."), "error")
    return redirect(url_for("auth.account", _anchor="language"))


@blueprint.post("/account/title")
@signed_in
def title():
    """The title a person signs packets with ("Paralegal", "Coordinator")."""
    from tracker.packets.forms import TitleForm

    user = current_user._get_current_object()
    form = TitleForm()
    if form.validate_on_submit():
        user.title = (form.title.data or "").strip() or None
        audit.record("auth.title_changed", target=user)
        db.session.commit()
        flash(_("Your title is saved."), "success")
    else:
        for error in form.title.errors:
            flash(error, "error")
    return redirect(url_for("auth.account") + "#title")


@blueprint.route("/welcome/<token>", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"])
def welcome(token: str):
    """The one-time link an admin sends a new user (or one who forgot a password)."""
    user = services.user_for_setup_token(token)
    if user is None:
        abort(404)
    form = NewPasswordForm(email=user.email)
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        audit.record("auth.password_set", target=user, user_id=user.id, detail="from a one-time link")
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        session.clear()
        flash(_("Your password is set. Sign in with your email and the new password."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/welcome.html", form=form, user=user)


@blueprint.route("/lockdown", methods=["GET", "POST"])
@public
@limiter.limit(login_limit, methods=["POST"], deduct_when=failed_attempt)
def lockdown_page():
    """Emergency lockdown from any browser: the email and the password or a recovery code."""
    if request.args.get("done"):
        return render_template("auth/lockdown.html", done=True)
    form = LockdownForm()
    if form.validate_on_submit():
        user, wait = lockdown.credentials_lock(form.email.data, form.secret.data)
        if wait:
            form.secret.errors.append(throttle.wait_message(wait))
        elif user is None:
            form.secret.errors.append(_("That email and password or recovery code did not match an account that "
                                        "can be locked down. Nothing was changed."))
        else:
            lockdown.lock_down(user)
            db.session.commit()
            if current_user.is_authenticated:
                logout_user()
            session.clear()
            return redirect(url_for("auth.lockdown_page", done=1))
    return render_template("auth/lockdown.html", form=form, done=False)
