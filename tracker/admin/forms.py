"""Forms for managing user accounts."""
from __future__ import annotations

from wtforms import StringField
from wtforms.validators import DataRequired, Email, Length

from tracker.auth.models import Role
from tracker.forms import BaseForm, EnumField


class UserForm(BaseForm):
    email = StringField(
        "Email",
        validators=[DataRequired("Enter an email address."), Email("Enter a valid email address."), Length(max=254)],
    )
    name = StringField("Name", validators=[DataRequired("Enter the name colleagues know them by."), Length(max=120)])
    role = EnumField("Role", Role)
