"""Flask extensions, created unbound; `create_app()` binds them to an app."""
from __future__ import annotations

from flask import current_app, request, session
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints let Alembic alter and drop them, on SQLite too.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()


class _LoginManager(LoginManager):
    """Flask-Login, guarding only sessions that carry a sign-in.

    Its session protection marks a session "not fresh" when the visitor's address
    or browser changes. An anonymous visitor's session (a form's CSRF token) has no
    sign-in to protect, yet was marked at every request, so that its cookie was
    signed and sent again with every answer, to every visitor of a public page."""

    def _session_protection_failed(self):
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()


login_manager = _LoginManager()
csrf = CSRFProtect()
babel = Babel()


class _Limiter(Limiter):
    """Flask-Limiter, whose check before each request is skipped for @unlimited views
    (a request filter would still leave it its evaluation of meta limits)."""

    def _check_request_limit(self, callable_name=None, in_middleware=True):
        if in_middleware and _unlimited_view():
            return None
        return super()._check_request_limit(callable_name, in_middleware)


limiter = _Limiter(key_func=get_remote_address, default_limits=[])


def unlimited(view):
    """`@limiter.exempt`, and passed over before Flask-Limiter works out which of
    its limits apply (see _Limiter): on the busiest public views (the campaign
    page, signing, which counts its own attempts, calendar feeds, /healthz) that
    work cost more than the view's own checks."""
    view.tracker_unlimited = True  # kept by functools.wraps in the decorators above it
    return limiter.exempt(view)


def _unlimited_view() -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "tracker_unlimited", False)
