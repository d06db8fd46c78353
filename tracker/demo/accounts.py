"""Fictional demo accounts, one per role (see tracker/demo/__init__.py)."""
from __future__ import annotations

from tracker.auth import services as accounts
from tracker.auth.models import Role, User
from tracker.extensions import db

DEFAULT_PASSWORD = "sanctuary-demo-2026"
DEMO_USERS = [
    ("admin@demo.example", "Alex Moreno (demo admin)", Role.ADMIN),
    ("legal@demo.example", "Lena Okafor (demo legal)", Role.LEGAL),
    ("campaign@demo.example", "Sam Reyes (demo campaign)", Role.CAMPAIGN),
    ("congregation@demo.example", "Rev. Dana Whitfield (demo congregation)", Role.CONGREGATION),
    ("legal2@demo.example", "Jordan Mills (second legal volunteer)", Role.LEGAL),
]
# How each signs a packet's cover letter.
TITLES = {"admin@demo.example": "Network coordinator", "legal@demo.example": "Paralegal (volunteer)",
          "campaign@demo.example": "Campaign coordinator", "legal2@demo.example": "Legal volunteer"}


def load_demo_accounts(password: str) -> dict[str, User]:
    """The demo users, by email."""
    users = {email: accounts.create_user(email, name, role, password=password) for email, name, role in DEMO_USERS}
    for email, title in TITLES.items():
        users[email].title = title
    db.session.flush()
    return users
