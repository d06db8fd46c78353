"""The second confirmation before a purge: why, and the person's first name typed out."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length

from tracker.forms import BaseForm, EnumField
from tracker.purge.services import PurgeReason


class PurgeForm(BaseForm):
    reason = EnumField(_l("Why is the record purged?"), PurgeReason)
    first_name = StringField(
        _l("Type the person's first name to confirm"),
        validators=[DataRequired(_l("Type the person's first name: nothing is purged without it.")), Length(max=200)],
    )
    next = HiddenField()
