"""Creating and closing tasks, and the lists the case page, the dashboard and the
calendar feed show (each one query)."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from tracker.auth.models import User
from tracker.cases.models import Case, Stage
from tracker.extensions import db
from tracker.security import audit
from tracker.security.access import visible_cases
from tracker.tasks.models import CaseTask
from tracker.types import utcnow

NOBODY = 0


def team_choices(case: Case, nobody_label: str) -> list[SelectChoice]:
    """Who a task can go to: the active members of the case team."""
    return [SelectChoice(str(NOBODY), nobody_label)] + [
        SelectChoice(str(user.id), user.name) for user in case.team if user.active
    ]


def create_task(case: Case, actor: User, *, title: str, assignee_id: int | None, due_on) -> CaseTask:
    task = CaseTask(case_id=case.id, title=title, assignee_id=assignee_id or None, due_on=due_on,
                    created_by_id=actor.id)
    db.session.add(task)
    db.session.flush()
    audit.record("task.create", target=task, case_id=case.id)
    return task


def update_task(task: CaseTask, actor: User, *, title: str, assignee_id: int | None, due_on) -> None:
    task.title, task.assignee_id, task.due_on = title, assignee_id or None, due_on
    audit.record("task.update", target=task, case_id=task.case_id)


def set_done(task: CaseTask, actor: User, done: bool) -> None:
    task.done_at, task.done_by_id = (utcnow(), actor.id) if done else (None, None)
    audit.record("task.done" if done else "task.reopen", target=task, case_id=task.case_id)


def remove_task(task: CaseTask) -> None:
    audit.record("task.remove", target=task, case_id=task.case_id)
    db.session.delete(task)


def tasks_of(case: Case) -> list[CaseTask]:
    """Open tasks first (soonest due first), then the done ones."""
    return list(db.session.scalars(
        select(CaseTask)
        .where(CaseTask.case_id == case.id)
        .options(joinedload(CaseTask.assignee))
        .order_by(CaseTask.done_at.is_not(None), CaseTask.due_on.is_(None), CaseTask.due_on, CaseTask.id)
    ).unique())


def open_tasks_of(user: User) -> list[CaseTask]:
    """The user's own open tasks on their open cases, soonest due first."""
    case_ids = visible_cases(user).with_only_columns(Case.id).where(Case.stage != Stage.CLOSED).scalar_subquery()
    return list(db.session.scalars(
        select(CaseTask)
        .where(CaseTask.assignee_id == user.id, CaseTask.done_at.is_(None), CaseTask.case_id.in_(case_ids))
        .options(joinedload(CaseTask.case).joinedload(Case.person))
        .order_by(CaseTask.due_on.is_(None), CaseTask.due_on, CaseTask.id)
    ).unique())
