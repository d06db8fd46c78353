"""The task form: what, who on the team, by when."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from tracker.forms import BaseForm, DayField
from tracker.submissions import CreateForm


class TeamMemberField(SelectField):
    """Someone on the case team (the view sets the choices), or nobody (0)."""

    def __init__(self, label, **kwargs):
        super().__init__(label, coerce=self._coerce, **kwargs)

    @staticmethod
    def _coerce(value):
        try:
            return int(value)
        except (TypeError, ValueError):
            return -1

    def pre_validate(self, form):
        if self.data not in {int(choice.value) for choice in self.choices}:
            raise ValidationError(_l("Choose someone on the case team."))


class TaskEditForm(BaseForm):
    title = StringField(_l("What"), validators=[DataRequired(_l("Say what is to be done.")), Length(max=300)])
    assignee_id = TeamMemberField(_l("Who on the team"))
    due_on = DayField(_l("Due on (optional)"))


class TaskForm(CreateForm, TaskEditForm):
    """A new task: the same fields, sent once however often the form is."""
