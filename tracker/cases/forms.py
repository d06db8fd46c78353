"""Forms for cases, filings and case teams."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from tracker.cases.models import ConsentLevel, FilingKind, FilingStatus, Outcome, Stage
from tracker.forms import BaseForm, ClockField, DayField, EnumField, NameField, TimeZoneField
from tracker.submissions import CreateForm


def _not_future(field, message: str) -> None:
    if field.data and field.data > date.today():
        raise ValidationError(message)


class CaseForm(CreateForm):
    stage = EnumField(_l("Stage"), Stage)
    outcome = EnumField(_l("Outcome"), Outcome)
    court = StringField(_l("Immigration court"), validators=[Optional(), Length(max=200)])
    judge = NameField(_l("Immigration judge"), validators=[Optional(), Length(max=200)])
    ice_field_office = StringField(_l("ICE field office"), validators=[Optional(), Length(max=200)])
    attorney = NameField(_l("Attorney"), validators=[Optional(), Length(max=200)])
    organization = StringField(_l("Organization"), validators=[Optional(), Length(max=200)])
    g28_on_file = BooleanField(_l("G-28 (notice of appearance) on file"))
    privacy_waiver_signed_on = DayField(_l("Privacy waiver signed on"))
    consent_level = EnumField(_l("Publicity consent"), ConsentLevel)
    consent_date = DayField(_l("Consent given on"))
    timezone = TimeZoneField(_l("Time zone of the court"))

    def validate_privacy_waiver_signed_on(self, field):
        _not_future(field, _("A signature date cannot be in the future."))

    def validate_consent_date(self, field):
        _not_future(field, _("A consent date cannot be in the future."))
        if self.consent_level.data not in (None, ConsentLevel.NONE) and not field.data:
            raise ValidationError(_("Record the date the person gave publicity consent."))


class FilingForm(CreateForm):
    kind = EnumField(_l("Filing"), FilingKind)
    status = EnumField(_l("Status"), FilingStatus)
    filed_on = DayField(_l("Filed on"))
    decided_on = DayField(_l("Decided on"))
    receipt_number = StringField(_l("Receipt or confirmation number"), validators=[Optional(), Length(max=60)])
    notes = TextAreaField(_l("Notes (restricted)"), validators=[Optional(), Length(max=20000)])

    def validate_filed_on(self, field):
        _not_future(field, _("A filing date cannot be in the future."))
        if self.status.data is not FilingStatus.DRAFTING and not field.data:
            raise ValidationError(_("Give the date it was filed (or set the status back to drafting)."))

    def validate_decided_on(self, field):
        _not_future(field, _("A decision date cannot be in the future."))
        decided = self.status.data in (FilingStatus.GRANTED, FilingStatus.DENIED)
        if decided and not field.data:
            raise ValidationError(_("Give the date of the decision."))
        if field.data and not decided:
            raise ValidationError(_("A decision date needs the status granted or denied."))
        if field.data and self.filed_on.data and field.data < self.filed_on.data:
            raise ValidationError(_("The decision cannot come before the filing."))


class TeamMemberForm(BaseForm):
    user_id = SelectField(_l("Add to the team"), coerce=int, validators=[DataRequired(_l("Choose a person to add."))])
    # Optional: access ends by itself at the end of this day (or at this time), in the case's time zone.
    until_day = DayField(_l("Until (optional)"), validators=[Optional()])
    until_time = ClockField(_l("at"), validators=[Optional()])

    def validate_until_time(self, field):
        if field.data is not None and self.until_day.data is None:
            raise ValidationError(_l("Give the day too, or leave both empty."))


class SearchForm(BaseForm):
    q = StringField(_l("Name or A-number"), validators=[DataRequired(_l("Type a name or an A-number.")), Length(max=200)])
