"""Fictional demo tasks on the demo cases (see tracker/demo/__init__.py)."""
from __future__ import annotations

from datetime import date, timedelta

from tracker.auth.models import User
from tracker.cases.models import Case
from tracker.extensions import db
from tracker.tasks.models import CaseTask

# (case index in tracker/demo/cases.py PEOPLE, what, whose, due in days)
TASKS = [
    (2, "Get the I-246 signed and make two copies", "legal@demo.example", 3),
    (0, "Collect letters from St. Brigid's parish", "campaign@demo.example", 6),
    (1, "Gather pay stubs and tax returns for the bond hearing", "legal@demo.example", 2),
]


def load_demo_tasks(cases: list[Case], users: dict[str, User]) -> None:
    today = date.today()
    for index, title, email, days in TASKS:
        db.session.add(CaseTask(case_id=cases[index].id, title=title, assignee_id=users[email].id,
                                due_on=today + timedelta(days=days), created_by_id=users["legal@demo.example"].id))
