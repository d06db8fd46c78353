"""Forms for actions, congregations, pledges and accompaniment reports."""
from __future__ import annotations

from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from tracker.actions.models import ActionKind
from tracker.actions.services import MAX_PEOPLE
from tracker.forms import BaseForm, ClockField, DayField, EnumField, NameField, TimeZoneField
from tracker.submissions import CreateForm
from tracker.timeline.models import EventKind

PEOPLE = [NumberRange(1, MAX_PEOPLE, f"Between 1 and {MAX_PEOPLE} people.")]


class ActionForm(CreateForm):
    kind = EnumField("Kind of action", ActionKind)
    title = StringField("Title", validators=[DataRequired("Give the action a title."), Length(max=200)])
    day = DayField("Date", validators=[InputRequired("Enter the date.")])
    start_time = ClockField("Starts at", validators=[InputRequired("Enter the start time.")])
    end_time = ClockField("Ends at (optional)")
    timezone = TimeZoneField()
    place = StringField("Where", validators=[Optional(), Length(max=300)])
    description = TextAreaField("What supporters should know", validators=[Optional(), Length(max=5000)])
    people_needed = IntegerField(
        "People needed", default=0, validators=[Optional(), NumberRange(0, 10_000, "Between 0 and 10,000.")]
    )
    is_public = BooleanField("Public: show on the campaign page and to congregations")
    call_number = StringField("Number to call", validators=[Length(max=40)])
    call_hours = StringField("Calling hours", validators=[Optional(), Length(max=200)])
    script = TextAreaField("Call script", validators=[Length(max=5000)])

    def validate_end_time(self, field):
        if field.data and self.start_time.data and field.data <= self.start_time.data:
            raise ValidationError("The end must be after the start.")

    def validate_call_number(self, field):
        if self.kind.data is ActionKind.CALL_IN_DAY and not field.data:
            raise ValidationError("A call-in day needs the number to call.")

    def validate_script(self, field):
        if self.kind.data is ActionKind.CALL_IN_DAY and not field.data:
            raise ValidationError("Write what callers should say.")


class CongregationForm(CreateForm):
    name = NameField("Name", validators=[DataRequired("Enter the congregation's name."), Length(max=200)])
    tradition = StringField("Tradition", validators=[Optional(), Length(max=100)])
    city = StringField("City", validators=[Optional(), Length(max=120)])
    contact_name = NameField("Contact person", validators=[Optional(), Length(max=200)])
    contact_email = StringField("Contact email", validators=[Optional(), Email("Enter a valid email address."), Length(max=254)])
    contact_phone = StringField("Contact phone", validators=[Optional(), Length(max=40)])
    listed_publicly = BooleanField("May be named in public as a supporter")


class PledgeForm(CreateForm):
    # InputRequired, not DataRequired: 0 is an answer, and NumberRange says why it is refused.
    people = IntegerField("People", validators=[InputRequired("How many people?"), *PEOPLE])
    note = StringField("Note (optional)", validators=[Optional(), Length(max=500)])


class StaffPledgeForm(PledgeForm):
    congregation_id = SelectField("Congregation", coerce=int, validators=[DataRequired("Choose a congregation.")])


class AttendanceForm(BaseForm):
    attended = IntegerField(
        "How many came", validators=[NumberRange(0, 5 * MAX_PEOPLE, "Enter how many people came (0 or more).")]
    )


class PublicPledgeForm(CreateForm):
    action_id = SelectField("Which action", coerce=int, validators=[DataRequired("Choose an action.")])
    supporter_name = NameField(
        "Congregation, group or your name", validators=[DataRequired("Say who is pledging."), Length(max=200)]
    )
    contact = StringField(
        "Phone or email", validators=[DataRequired("Give a phone or email so the organizers can confirm."), Length(max=200)]
    )
    people = IntegerField("How many people", validators=[InputRequired("How many people will come?"), *PEOPLE])
    note = TextAreaField("Note (optional)", validators=[Optional(), Length(max=1000)])


class ReportForm(CreateForm):
    what_happened = TextAreaField(
        "What happened", validators=[DataRequired("Say briefly what happened."), Length(max=10_000)]
    )
    next_date = DayField("Next date given (if any)")
    next_time = ClockField("Time of the next date")

    def validate_next_time(self, field):
        if field.data and not self.next_date.data:
            raise ValidationError("Give the date too, or leave the time empty.")


class AcceptProposalForm(BaseForm):
    kind = EnumField("Record it as", EventKind)
