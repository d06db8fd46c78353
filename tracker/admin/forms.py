"""Forms for managing user accounts."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker.auth.models import Role
from tracker.auth.services import account_email_problem
from tracker.forms import EnumField, NameField
from tracker.submissions import CreateForm


class UserForm(CreateForm):
    email = StringField(_l("Email"), validators=[DataRequired(_l("Enter an email address.")), Length(max=254)])
    name = NameField(_l("Name"), validators=[DataRequired(_l("Enter the name colleagues know them by.")), Length(max=120)])
    title = StringField(_l("Title on packets (for example “Paralegal”)"), validators=[Optional(), Length(max=120)])
    role = EnumField(_l("Role"), Role)
    congregation_id = SelectField(_l("Congregation (for congregation coordinators)"), coerce=int, validate_choice=True)

    def validate_email(self, field):
        problem = account_email_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_congregation_id(self, field):
        if field.data and self.role.data is not Role.CONGREGATION:
            raise ValidationError(_("Only a congregation coordinator is linked to a congregation."))
