"""Sign-in and password forms."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

from tracker.auth.passwords import password_problem
from tracker.forms import BaseForm
from tracker.i18n import LANGUAGES


class LoginForm(BaseForm):
    email = StringField(_l("Email"), validators=[DataRequired(_l("Enter your email address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")), Length(max=1024)])


class NewPasswordForm(BaseForm):
    """Choosing a password: from a set-up link, or on the account page."""

    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Choose a password.")), Length(max=1024)])
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(_l("Type the password a second time.")), EqualTo(_l("password"), _l("The two passwords differ."))],
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field):
        problem = password_problem(field.data or "", self._email)
        if problem:
            raise ValidationError(problem)


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(_l("Enter your current password."))])


class CodeForm(BaseForm):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(_l("Enter the six-digit code from your app, or a recovery code.")), Length(max=40)],
    )


class LockdownForm(BaseForm):
    email = StringField(_l("Email"), validators=[DataRequired(_l("Enter your email address.")), Length(max=254)])
    secret = PasswordField(
        _l("Your password, or one of your recovery codes"),
        validators=[DataRequired(_l("Enter your password or a recovery code.")), Length(max=1024)],
    )


class LanguageForm(BaseForm):
    """The language the whole app speaks to this user."""

    locale = SelectField(_l("Language"), choices=[], validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = [SelectChoice("", _("The browser's language")),
                               *(SelectChoice(code, name) for code, name in LANGUAGES.items())]
