"""Adding a task to a case, marking it done, taking it off. Anyone on the case
team may (legal volunteers, campaign leads, admins); nobody else sees them."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.auth.models import CASE_ROLES
from tracker.extensions import db
from tracker.forms import BaseForm
from tracker.security.access import case_for, role_required, team_record
from tracker.tasks import services
from tracker.tasks.forms import TaskEditForm, TaskForm
from tracker.tasks.models import CaseTask
from tracker.web import local_target

blueprint = Blueprint("tasks", __name__)


def _back(task: CaseTask) -> str:
    target = local_target(request.form.get("next"))
    return target or url_for("cases.show", case_id=task.case_id) + "#tasks"


@blueprint.route("/cases/<int:case_id>/tasks/new", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def new(case_id: int):
    case = case_for(case_id)
    form = TaskForm()
    form.assignee_id.choices = services.team_choices(case, _("Nobody yet"))
    if request.method == "GET":
        form.assignee_id.data = current_user.id if current_user in case.team else services.NOBODY
    if form.validate_on_submit():
        task = services.create_task(case, current_user, title=form.text("title"), assignee_id=form.assignee_id.data,
                                    due_on=form.due_on.data)
        done = form.made(task, url_for("cases.show", case_id=case.id) + "#tasks")
        db.session.commit()
        flash(_("Task added: %(title)s.", title=task.title), "success")
        return redirect(done)
    return render_template("tasks/form.html", form=form, case=case)


@blueprint.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@role_required(*CASE_ROLES)
def edit(task_id: int):
    task = team_record(CaseTask, task_id)
    form = TaskEditForm(obj=task)
    form.assignee_id.choices = services.team_choices(task.case, _("Nobody yet"))
    if request.method == "GET":
        form.assignee_id.data = task.assignee_id or services.NOBODY
    if form.validate_on_submit():
        services.update_task(task, current_user, title=form.text("title"), assignee_id=form.assignee_id.data,
                             due_on=form.due_on.data)
        db.session.commit()
        flash(_("Task saved: %(title)s.", title=task.title), "success")
        return redirect(url_for("cases.show", case_id=task.case_id) + "#tasks")
    return render_template("tasks/form.html", form=form, case=task.case, task=task)


@blueprint.post("/tasks/<int:task_id>/<any(done, reopen):state>")
@role_required(*CASE_ROLES)
def change(task_id: int, state: str):
    task = team_record(CaseTask, task_id)
    if BaseForm().validate_on_submit():
        services.set_done(task, current_user, state == "done")
        db.session.commit()
        flash(_("Task done: %(title)s.", title=task.title) if state == "done"
              else _("Task open again: %(title)s.", title=task.title), "success")
    return redirect(_back(task))


@blueprint.post("/tasks/<int:task_id>/remove")
@role_required(*CASE_ROLES)
def remove(task_id: int):
    task = team_record(CaseTask, task_id)
    back = url_for("cases.show", case_id=task.case_id) + "#tasks"
    if BaseForm().validate_on_submit():
        title = task.title
        services.remove_task(task)
        db.session.commit()
        flash(_("Task removed: %(title)s.", title=title), "success")
    return redirect(back)


