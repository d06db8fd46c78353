"""Forms for timeline entries and hearing re-checks."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from tracker.forms import BaseForm, ClockField, DayField, EnumField, TimeZoneField
from tracker.submissions import CreateForm
from tracker.timeline.models import DecisionBody, EventKind, Visibility


class EventForm(CreateForm):
    # Stage changes are written by the app (tracker/timeline/stages.py), never typed in.
    kind = EnumField(_l("What"), EventKind, exclude=(EventKind.STAGE_CHANGE,),
                     validators=[DataRequired(_l("Choose what kind of entry this is."))])
    title = StringField(_l("Title (optional)"), validators=[Optional(), Length(max=200)])
    day = DayField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    start_time = ClockField(_l("Time (leave empty for a whole-day entry)"))
    end_time = ClockField(_l("Ends at (optional)"))
    timezone = TimeZoneField(_l("Time zone"))
    location = StringField(_l("Where"), validators=[Optional(), Length(max=300)])
    outcome = TextAreaField(_l("Outcome"), validators=[Optional(), Length(max=5000)])
    notes = TextAreaField(_l("Legal notes (restricted)"), validators=[Optional(), Length(max=20000)])
    visibility = EnumField(_l("Visibility"), Visibility)
    decided_by = EnumField(_l("Decided by (for decisions)"), DecisionBody, optional=True)
    final_order = BooleanField(_l("This decision is a final order of removal"))

    def validate_end_time(self, field):
        if field.data is None:
            return
        if self.start_time.data is None:
            raise ValidationError(_("Give a start time too, or leave the end empty."))
        if field.data <= self.start_time.data:
            raise ValidationError(_("The end must be after the start."))

    def validate_decided_by(self, field):
        if self.kind.data is EventKind.DECISION and field.data is None:
            raise ValidationError(_("Say who decided: it sets the appeal and motion deadlines."))

    def validate_final_order(self, field):
        if field.data and self.kind.data is not EventKind.DECISION:
            raise ValidationError(_("Only a decision can be a final order."))


class RescheduleForm(BaseForm):
    """The court gave a new date: a quick form on the dashboard."""

    day = DayField(_l("New date"), validators=[InputRequired(_l("Enter the new date the court gave."))])
    start_time = ClockField(_l("New time"))
