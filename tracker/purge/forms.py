"""The second confirmation before a purge: why, and the person's first name typed out."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length

from tracker.forms import BaseForm, EnumField, NameField
from tracker.purge.services import PurgeReason


class PurgeForm(BaseForm):
    reason = EnumField(_l("Why is the record purged?"), PurgeReason)
    first_name = NameField(
        _l("Type the person's first name to confirm"),
        validators=[DataRequired(_l("Type the person's first name: nothing is purged without it.")), Length(max=200)],
    )
    next = HiddenField()
