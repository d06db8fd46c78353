"""The person form: identity, detention, and the restricted fields."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker.forms import DayField, EnumField, NameField
from tracker.people import a_number as a_numbers
from tracker.people.models import DetentionStatus
from tracker.submissions import CreateForm

_PHONE = re.compile(r"^[0-9+()\-. /]+$")


class PersonForm(CreateForm):
    legal_name = NameField(_l("Legal name"), validators=[DataRequired(_l("Enter the legal name.")), Length(max=200)])
    preferred_name = NameField(_l("Preferred name"), validators=[Optional(), Length(max=200)])
    a_number = StringField(_l("A-number"), validators=[Length(max=30)])
    no_a_number = BooleanField(_l("None yet"))
    birth_date = DayField(_l("Birth date"))
    country_of_birth = StringField(_l("Country of birth"), validators=[Optional(), Length(max=100)])
    languages = StringField(_l("Languages"), validators=[Optional(), Length(max=200)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    address = TextAreaField(_l("Address"), validators=[Optional(), Length(max=500)])
    detention_status = EnumField(_l("Detention status"), DetentionStatus)
    detention_facility = StringField(_l("Facility"), validators=[Length(max=200)])
    family_ties = TextAreaField(_l("Family ties"), validators=[Optional(), Length(max=5000)])
    legal_notes = TextAreaField(_l("Legal notes"), validators=[Optional(), Length(max=20000)])
    criminal_history = TextAreaField(_l("Criminal history"), validators=[Optional(), Length(max=20000)])
    # Ticked after a duplicate A-number warning, to save anyway.
    save_duplicate = BooleanField(_l("Save anyway: I checked, this is a different record"))

    def validate_a_number(self, field):
        if field.data and self.no_a_number.data:
            raise ValidationError(_("Either give the A-number or tick “none yet”, not both."))
        if not field.data and not self.no_a_number.data:
            raise ValidationError(_("Enter the A-number, or tick “none yet”."))
        if field.data:
            try:
                a_numbers.normalize(field.data)
            except a_numbers.ANumberError as error:
                raise ValidationError(str(error)) from error

    def validate_birth_date(self, field):
        if field.data and field.data > date.today():
            raise ValidationError(_("A birth date cannot be in the future."))

    def validate_phone(self, field):
        if not field.data:
            return
        digits = sum(character.isdigit() for character in field.data)
        if not _PHONE.match(field.data) or not 7 <= digits <= 15:
            raise ValidationError(_("Enter a phone number of 7 to 15 digits, e.g. +1 312 555 0100."))

    def validate_detention_facility(self, field):
        if self.detention_status.data is DetentionStatus.DETAINED and not field.data:
            raise ValidationError(_("Say where they are held (or “unknown”): the team needs it for visits and calls."))
