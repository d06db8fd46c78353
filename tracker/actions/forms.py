"""Forms for actions, congregations, pledges and accompaniment reports."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from tracker.actions.models import ActionKind
from tracker.actions.services import MAX_PEOPLE
from tracker.forms import BaseForm, ClockField, DayField, EnumField, NameField, TimeZoneField
from tracker.submissions import CreateForm
from tracker.timeline.models import EventKind

PEOPLE = [NumberRange(1, MAX_PEOPLE, _l("Between %(min)s and %(max)s people."))]


class ActionForm(CreateForm):
    kind = EnumField(_l("Kind of action"), ActionKind)
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the action a title.")), Length(max=200)])
    day = DayField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    start_time = ClockField(_l("Starts at"), validators=[InputRequired(_l("Enter the start time."))])
    end_time = ClockField(_l("Ends at (optional)"))
    timezone = TimeZoneField()
    place = StringField(_l("Where"), validators=[Optional(), Length(max=300)])
    description = TextAreaField(_l("What supporters should know"), validators=[Optional(), Length(max=5000)])
    people_needed = IntegerField(
        _l("People needed"), default=0, validators=[Optional(), NumberRange(0, 10_000, _l("Between 0 and 10,000."))]
    )
    is_public = BooleanField(_l("Public: show on the campaign page and to congregations"))
    call_number = StringField(_l("Number to call"), validators=[Length(max=40)])
    call_hours = StringField(_l("Calling hours"), validators=[Optional(), Length(max=200)])
    script = TextAreaField(_l("Call script"), validators=[Length(max=5000)])
    # Optional Spanish versions: a visitor reading in Spanish sees them, the English otherwise.
    title_es = StringField(_l("Title in Spanish"), validators=[Optional(), Length(max=200)])
    description_es = TextAreaField(_l("What supporters should know, in Spanish"), validators=[Optional(), Length(max=5000)])
    script_es = TextAreaField(_l("Call script in Spanish"), validators=[Optional(), Length(max=5000)])

    def validate_end_time(self, field):
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError(_("The end must be after the start."))

    def validate_call_number(self, field):
        if self.kind.data is ActionKind.CALL_IN_DAY and not field.data:
            raise ValidationError(_("A call-in day needs the number to call."))

    def validate_script(self, field):
        if self.kind.data is ActionKind.CALL_IN_DAY and not field.data:
            raise ValidationError(_("Write what callers should say."))


class CongregationForm(CreateForm):
    name = NameField(_l("Name"), validators=[DataRequired(_l("Enter the congregation's name.")), Length(max=200)])
    tradition = StringField(_l("Tradition"), validators=[Optional(), Length(max=100)])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    contact_name = NameField(_l("Contact person"), validators=[Optional(), Length(max=200)])
    contact_email = StringField(_l("Contact email"), validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=254)])
    contact_phone = StringField(_l("Contact phone"), validators=[Optional(), Length(max=40)])
    listed_publicly = BooleanField(_l("May be named in public as a supporter"))


class PledgeForm(CreateForm):
    # InputRequired, not DataRequired: 0 is an answer, and NumberRange says why it is refused.
    people = IntegerField(_l("People"), validators=[InputRequired(_l("How many people?")), *PEOPLE])
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=500)])


class StaffPledgeForm(PledgeForm):
    congregation_id = SelectField(_l("Congregation"), coerce=int, validators=[DataRequired(_l("Choose a congregation."))])


class AttendanceForm(BaseForm):
    attended = IntegerField(
        _l("How many came"), validators=[NumberRange(0, 5 * MAX_PEOPLE, _l("Enter how many people came (0 or more)."))]
    )


class PublicPledgeForm(CreateForm):
    action_id = SelectField(_l("Which action"), coerce=int, validators=[DataRequired(_l("Choose an action."))])
    supporter_name = NameField(
        _l("Congregation, group or your name"), validators=[DataRequired(_l("Say who is pledging.")), Length(max=200)]
    )
    contact = StringField(
        _l("Phone or email"), validators=[DataRequired(_l("Give a phone or email so the organizers can confirm.")), Length(max=200)]
    )
    people = IntegerField(_l("How many people"), validators=[InputRequired(_l("How many people will come?")), *PEOPLE])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=1000)])


class ReportForm(CreateForm):
    what_happened = TextAreaField(
        _l("What happened"), validators=[DataRequired(_l("Say briefly what happened.")), Length(max=10_000)]
    )
    next_date = DayField(_l("Next date given (if any)"))
    next_time = ClockField(_l("Time of the next date"))

    def validate_next_time(self, field):
        if field.data and not self.next_date.data:
            raise ValidationError(_("Give the date too, or leave the time empty."))


class AcceptProposalForm(BaseForm):
    kind = EnumField(_l("Record it as"), EventKind)
