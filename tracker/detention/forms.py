"""Forms for the facility directory, detention steps and bonds."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from tracker.detention.models import BondPayer, BondSetBy, BondStatus
from tracker.forms import BaseForm, DayField, EnumField, NameField
from tracker.submissions import CreateForm

MAX_BOND = 10_000_000


def _not_future(field) -> None:
    if field.data and field.data > date.today():
        raise ValidationError(_l("This date cannot be in the future."))


class DollarsField(IntegerField):
    """Whole US dollars; "$7,500" and "7500" both read as 7500."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].replace("$", "").replace(",", "").strip()]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Enter whole dollars, without cents (e.g. 7500).")) from error


class FacilityForm(BaseForm):
    name = NameField(_l("Name"), validators=[DataRequired(_l("Give the facility's name.")), Length(max=200)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=300)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    visiting_rules = TextAreaField(_l("Visiting rules"), validators=[Optional(), Length(max=5000)])
    ice_field_office = StringField(_l("ICE field office"), validators=[Optional(), Length(max=200)])
    active = BooleanField(_l("Still in use (offered when recording a detention)"), default=True)


class FacilityField(SelectField):
    """A facility of the directory (the view sets the choices)."""

    def __init__(self, label, **kwargs):
        super().__init__(label, coerce=lambda value: int(value) if str(value).isdigit() else -1, **kwargs)

    def pre_validate(self, form):
        if self.data not in {int(choice.value) for choice in self.choices}:
            raise ValidationError(_l("Choose a facility from the directory."))


class DetainForm(CreateForm):
    facility_id = FacilityField(_l("Facility"))
    from_date = DayField(_l("Detained since"), validators=[InputRequired(_l("Enter the day of the arrest."))])

    def validate_from_date(self, field):
        _not_future(field)


class TransferForm(BaseForm):
    facility_id = FacilityField(_l("Moved to"))
    on_date = DayField(_l("On"), validators=[InputRequired(_l("Enter the day of the transfer."))])

    def validate_on_date(self, field):
        _not_future(field)


class ReleaseForm(BaseForm):
    how = SelectField(_l("How it ended"), choices=[
        SelectChoice("released_on_bond", _l("Released on bond")),
        SelectChoice("atd", _l("Released to alternatives to detention")),
        SelectChoice("not_detained", _l("Released (no conditions)")),
        SelectChoice("removed", _l("Removed from the country")),
    ])
    on_date = DayField(_l("On"), validators=[InputRequired(_l("Enter the day it ended."))])

    def validate_on_date(self, field):
        _not_future(field)


class BondForm(CreateForm):
    amount = DollarsField(_l("Amount (US dollars)"), validators=[
        InputRequired(_l("Enter the bond amount in whole dollars.")),
        NumberRange(min=1, max=MAX_BOND, message=_l("Enter an amount between $1 and $10,000,000."))])
    set_by = EnumField(_l("Set by"), BondSetBy)
    set_on = DayField(_l("Set on"), validators=[InputRequired(_l("Enter the day the bond was set."))])
    paid_by = EnumField(_l("Who pays"), BondPayer, optional=True)
    organization_contribution = DollarsField(_l("Organization's contribution (US dollars)"), validators=[
        Optional(), NumberRange(min=0, max=MAX_BOND, message=_l("Enter an amount between $0 and $10,000,000."))])
    status = EnumField(_l("Status"), BondStatus)
    returned_on = DayField(_l("Returned on"))

    def validate_set_on(self, field):
        _not_future(field)

    def validate_paid_by(self, field):
        if field.data is None and self.status.data not in (None, BondStatus.SET, BondStatus.CANCELLED):
            raise ValidationError(_l("Say who paid: a posted bond was paid by someone."))

    def validate_organization_contribution(self, field):
        if field.data is not None and self.amount.data is not None and field.data > self.amount.data:
            raise ValidationError(_l("The contribution cannot be more than the bond."))

    def validate_returned_on(self, field):
        _not_future(field)
        if self.status.data is BondStatus.RETURNED and not field.data:
            raise ValidationError(_l("Enter the day the bond money came back."))
        if field.data and self.status.data is not BondStatus.RETURNED:
            raise ValidationError(_l("A return date needs the status returned."))
        if field.data and self.set_on.data and field.data < self.set_on.data:
            raise ValidationError(_l("The return cannot come before the bond was set."))


class BondEditForm(BondForm):
    """The same fields, for a bond already recorded (no double-send guard needed)."""

    def validate(self, extra_validators=None) -> bool:
        return BaseForm.validate(self, extra_validators)
