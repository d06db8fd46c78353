"""Users, roles and case teams; the audit log."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from tracker.actions.models import Congregation
from tracker.admin.forms import UserForm
from tracker.auth import lockdown, sessions, throttle, two_factor
from tracker.auth import services as accounts
from tracker.auth.models import Role, User
from tracker.cases.models import Case, case_team
from tracker.extensions import db
from tracker.forms import BaseForm, clean, id_arg, page_arg
from tracker.links import external_url
from tracker.mail import kinds, notices
from tracker.mail import services as mail
from tracker.people import duplicates as duplicates_of
from tracker.security import audit
from tracker.security.access import role_required
from tracker.security.audit import AuditEntry
from tracker.web import local_target

blueprint = Blueprint("admin", __name__, url_prefix="/admin")
PER_PAGE = 50


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _user_form(account: User | None = None) -> UserForm:
    form = UserForm(obj=account)
    form.congregation_id.choices = [SelectChoice("0", "— none —")] + [
        SelectChoice(str(congregation.id), congregation.name)
        for congregation in db.session.scalars(select(Congregation).order_by(Congregation.name))
    ]
    if account is not None and form.congregation_id.data is None:
        form.congregation_id.data = 0
    return form


def _setup_link(user: User, *, new: bool) -> str:
    """A new one-time link, also emailed to the account (queued with this change)."""
    token = user.issue_setup_token(current_app.config["TRACKER_INVITE_HOURS"])
    notices.account_setup(user, token, new=new)
    return external_url("auth.welcome", token=token)


@blueprint.get("/users")
@role_required(Role.ADMIN)
def users():
    people = db.session.scalars(select(User).order_by(User.active.desc(), User.name)).all()
    return render_template("admin/users.html", users=people, action_form=BaseForm())


@blueprint.route("/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_user():
    form = _user_form()
    if form.validate_on_submit():
        if accounts.email_taken(form.email.data):
            form.email.errors.append(_("An account with this email already exists."))
        else:
            user = accounts.create_user(form.email.data, form.name.data, form.role.data, created_by=current_user)
            user.congregation_id = form.congregation_id.data or None
            user.title = (form.title.data or "").strip() or None
            db.session.flush()
            link = _setup_link(user, new=True)
            audit.record("user.create", target=user, detail=f"role {user.role.value}")
            # A second send goes to the account's page: the one-time link is never kept.
            form.made(user, url_for("admin.user", user_id=user.id))
            db.session.commit()
            return render_template("admin/setup_link.html", user=user, link=link, new=True)
    return render_template("admin/user_form.html", form=form, user=None)


@blueprint.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user(user_id: int):
    account = _user(user_id)
    form = _user_form(account)
    if form.validate_on_submit():
        if accounts.email_taken(form.email.data, except_id=account.id):
            form.email.errors.append(_("Another account already uses this email."))
        elif account.id == current_user.id and form.role.data is not Role.ADMIN:
            form.role.errors.append(_("You cannot take away your own admin role; ask another admin."))
        else:
            new_email = accounts.normalize_email(form.email.data)
            changed = [
                name
                for name, old, new in (
                    ("email", account.email, new_email),
                    ("name", account.name, form.name.data),
                    ("title", account.title, (form.title.data or "").strip() or None),
                    ("role", account.role, form.role.data),
                    ("congregation", account.congregation_id, form.congregation_id.data or None),
                )
                if old != new
            ]
            account.email = new_email
            account.name = form.name.data
            account.title = (form.title.data or "").strip() or None
            account.congregation_id = form.congregation_id.data or None
            if account.role is not form.role.data:
                account.role = form.role.data
                sessions.end_all(account)  # new rights take effect at the next sign-in
            if changed:
                audit.record("user.update", target=account, detail="changed: " + ", ".join(changed))
            db.session.commit()
            flash(_("Account saved.") if changed else _("Nothing was changed."), "success" if changed else "info")
            return redirect(url_for("admin.user", user_id=account.id))
    cases = db.session.scalars(
        select(Case)
        .join(case_team, case_team.c.case_id == Case.id)
        .where(case_team.c.user_id == account.id)
        .options(joinedload(Case.person))
        .order_by(Case.id)
    ).all()
    return render_template(
        "admin/user_form.html", form=form, user=account, cases=cases, action_form=BaseForm(),
        mail_failures=mail.failed_about(account, [kinds.ACCOUNT_SETUP]),
        failed_sign_ins=throttle.failures_in_window(account.email),
    )


@blueprint.post("/users/<int:user_id>/<any(disable, enable, forget_failures, reset_2fa, lockdown, restore, link):action>")
@role_required(Role.ADMIN)
def user_action(user_id: int, action: str):
    account = _user(user_id)
    if not BaseForm().validate_on_submit():
        abort(400)
    if action == "disable":
        if account.id == current_user.id:
            flash(_("You cannot disable your own account."), "error")
            return redirect(url_for("admin.user", user_id=account.id))
        account.active = False
        sessions.end_all(account)
        flash(_("%(name)s is disabled and signed out everywhere.", name=account.name), "success")
    elif action == "enable":
        account.active = True
        flash(_("%(name)s can sign in again.", name=account.name), "success")
    elif action == "lockdown":
        if account.id == current_user.id:
            flash(_("Lock your own account down from the lockdown page, with your password."), "error")
            return redirect(url_for("admin.user", user_id=account.id))
        lockdown.lock_down(account, by_admin=current_user._get_current_object())
        db.session.commit()
        flash(_("%(name)s is locked down: every session ended and calendar addresses stopped.", name=account.name),
              "success")
        return redirect(url_for("admin.user", user_id=account.id))
    elif action == "restore":
        lockdown.restore(account, by_admin=current_user._get_current_object())
        link = _setup_link(account, new=False)
        db.session.commit()
        return render_template("admin/setup_link.html", user=account, link=link, new=False)
    elif action == "reset_2fa":
        two_factor.reset(account, by_admin=True, detail="by an admin on the account page")
        db.session.commit()
        flash(_("The second factor of %(name)s is reset and every session ended. They set it up again at their "
                "next sign-in.", name=account.name), "success")
        return redirect(url_for("admin.user", user_id=account.id))
    elif action == "forget_failures":
        forgotten = throttle.forget_all_failures(account.email)
        audit.record("user.forget_failures", target=account, detail=f"{forgotten} failed sign-ins forgotten")
        db.session.commit()
        flash(_("Sign-in delays for %(name)s are lifted.", name=account.name), "success")
        return redirect(url_for("admin.user", user_id=account.id))
    else:
        link = _setup_link(account, new=account.password_hash is None)
        audit.record("user.setup_link", target=account)
        db.session.commit()
        return render_template("admin/setup_link.html", user=account, link=link, new=False)
    audit.record(f"user.{action}", target=account)
    db.session.commit()
    return redirect(local_target(request.form.get("next")) or url_for("admin.user", user_id=account.id))


@blueprint.context_processor
def _notices():
    """What every admin page tells the admins: records that share an A-number."""
    return {"duplicate_count": duplicates_of.duplicate_group_count()}


@blueprint.get("/duplicates")
@role_required(Role.ADMIN)
def duplicates():
    """Records holding the same A-number, for an admin to merge or correct."""
    return render_template("admin/duplicates.html", groups=duplicates_of.duplicate_groups())


@blueprint.get("/audit")
@role_required(Role.ADMIN)
def audit_log():
    query = select(AuditEntry).options(joinedload(AuditEntry.user)).order_by(AuditEntry.id.desc())
    case_id = id_arg("case")
    user_id = id_arg("user")
    action = clean(request.args.get("action"))
    if case_id:
        query = query.where(AuditEntry.case_id == case_id)
    if user_id:
        query = query.where(AuditEntry.user_id == user_id)
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    page = db.paginate(query, page=page_arg(), per_page=PER_PAGE, error_out=False)
    users_list = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template(
        "admin/audit.html", page=page, users=users_list, case_id=case_id, user_id=user_id, action=action
    )
