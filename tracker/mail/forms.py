"""Forms of the mail package: one's notices, and a campaign update to signers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from tracker.forms import BaseForm


class NoticesForm(BaseForm):
    """The account page's notice check boxes (read from the posted `topics` list)."""


class CampaignUpdateForm(BaseForm):
    subject = StringField(
        _l("Subject"), validators=[DataRequired(_l("Give the update a subject.")), Length(max=150)]
    )
    body = TextAreaField(
        _l("Message"), validators=[DataRequired(_l("Write the update.")), Length(max=10_000)]
    )
