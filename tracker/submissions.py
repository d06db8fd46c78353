"""Create forms that store their record once, however many times they are sent.

A double click, a browser's "resend", a flaky phone connection: the same form
arrives twice. Every form shown gets a random id (a hidden field); the record
the first send makes is written with that id into `form_submissions`, whose
unique column decides between two sends in a race. A second send never makes
a second record: it is answered with what the first one made.

A new create form:

    class ThingForm(CreateForm): ...                   # the form carries the hidden id

    if form.validate_on_submit():                      # a second send stops here: it goes
        thing = make_thing(...)                        # to what the first send made
        done = form.made(thing, url_for("things.show", thing_id=thing.id))
        db.session.commit()
        return redirect(done)

and `{{ form.form_nonce }}` inside the <form> of the template.
"""
from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from functools import wraps

from flask import Flask, flash, redirect, request
from flask_babel import gettext as _
from sqlalchemy import Integer, String, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import HiddenField

from tracker.extensions import db
from tracker.forms import BaseForm
from tracker.types import UTCDateTime, utcnow

NONCE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# A form left open longer than this and sent again counts as new.
KEEP_DAYS = 30


class FormSubmission(db.Model):
    """Which form instance made which record, and where its result is shown."""

    __tablename__ = "form_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    record_type: Mapped[str | None] = mapped_column(String(40))
    record_id: Mapped[int | None] = mapped_column(Integer)
    # A path on this site (never a full URL): where the first send led.
    target: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class SentTwice(Exception):
    """This form instance was already stored; `submission` says what it made."""

    def __init__(self, submission: FormSubmission):
        super().__init__(submission.nonce)
        self.submission = submission


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class NonceField(HiddenField):
    """The form instance's random id. Each rendering gets a fresh one, so a form
    object rendered once per row of a list gives each row its own; a form
    re-shown with errors keeps the id it was sent with (nothing was stored yet)."""

    def _value(self) -> str:
        return self.data if self.raw_data and valid_nonce(self.data) else new_nonce()


def valid_nonce(value) -> bool:
    return isinstance(value, str) and bool(NONCE.match(value))


def earlier_submission(nonce: str | None) -> FormSubmission | None:
    if not valid_nonce(nonce):
        return None
    return db.session.scalar(select(FormSubmission).where(FormSubmission.nonce == nonce))


class CreateForm(BaseForm):
    """A form whose first send creates a record and whose later sends do not."""

    form_nonce = NonceField()

    def validate(self, extra_validators=None) -> bool:
        # Before anything else: a second send is neither checked nor stored again.
        earlier = earlier_submission(self.form_nonce.data)
        if earlier is not None:
            raise SentTwice(earlier)
        return super().validate(extra_validators)

    def claim(self) -> FormSubmission:
        """Take this form's id now, before slow or conflicting work (building a
        packet): a concurrent second send waits here, then gets the first's result.
        Raises SentTwice when another send took it first."""
        existing = getattr(self, "_submission", None)
        if existing is not None:
            return existing
        nonce = self.form_nonce.data if valid_nonce(self.form_nonce.data) else new_nonce()
        submission = FormSubmission(nonce=nonce)
        db.session.add(submission)
        try:
            # The unique nonce decides a race: PostgreSQL makes the second insert
            # wait for the first transaction, SQLite serializes writers.
            db.session.flush()
        except IntegrityError:
            db.session.rollback()  # nothing this send made is kept
            first = earlier_submission(nonce)
            if first is None:
                raise
            raise SentTwice(first) from None
        self._submission = submission
        return submission

    def made(self, record, target: str | None = None) -> str | None:
        """Record that this send made `record` (already flushed, so it has an id)
        and that its result is shown at `target` (a path on this site; by default
        the form's own page); returns `target`. A form re-shown afterwards carries
        a new id, as it is a new form."""
        submission = self.claim()
        submission.record_type = type(record).__name__ if record is not None else None
        submission.record_id = getattr(record, "id", None)
        submission.target = target[:500] if target else None
        _forget_old()
        self.form_nonce.raw_data = None
        self.form_nonce.data = None
        return target


def _forget_old() -> None:
    db.session.execute(delete(FormSubmission).where(FormSubmission.created_at < utcnow() - timedelta(days=KEEP_DAYS)))


def on_second_send(answer):
    """For a view whose first answer cannot simply be shown again (a one-time
    link): `answer(submission)` gives the response to a second send instead of
    the default redirect."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except SentTwice as sent:
                db.session.rollback()
                return answer(sent.submission)

        return wrapped

    return decorator


def _show_first_result(sent: SentTwice):
    db.session.rollback()
    flash(_("This form had already been sent, so it was saved only once. Here is what it saved."), "info")
    return redirect(sent.submission.target or request.path)


def init_app(app: Flask) -> None:
    app.register_error_handler(SentTwice, _show_first_result)
