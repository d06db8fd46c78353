"""The packet builder's form: recipient, cover letter, which letters in which order, appendices,
and the certificate of service on DHS for a filing with the court."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.forms import BaseForm, EnumField
from tracker.packets.court import SERVICE_METHODS
from tracker.packets.models import Recipient
from tracker.submissions import CreateForm

BATES_PREFIX = re.compile(r"[A-Z0-9][A-Z0-9-]{0,15}")


class PacketForm(CreateForm):
    recipient_kind = EnumField(_l("Send to"), Recipient)
    recipient = TextAreaField(_l("Recipient's name and address"),
                              validators=[DataRequired(_l("Write the recipient's name and address.")), Length(max=1000)])
    cover_text = TextAreaField(_l("Cover letter"), validators=[DataRequired(_l("Write the cover letter.")), Length(max=20_000)])
    include_petition = BooleanField(_l("Add the petition summary"))
    include_signers = BooleanField(_l("Add the list of signers (names and cities only, never emails)"))
    include_id_copies = BooleanField(_l("Add writers' ID copies after their letters"), default=True)
    bates_prefix = StringField(_l("Bates numbering (optional): prefix"), validators=[Optional(), Length(max=16)])
    # Its label names the limit (TRACKER_PACKET_MAX_MB): set by the view.
    split_volumes = BooleanField(_l("Split into numbered volumes"))
    add_service = BooleanField(_l("Add a certificate of service on DHS (for filings with the court)"))
    service_address = TextAreaField(_l("Address of the DHS Office of the Chief Counsel"),
                                    validators=[Optional(), Length(max=1000)])
    service_method = SelectField(_l("Served by"), choices=[
        ("mail", _l("First-class mail")), ("hand", _l("Hand delivery")), ("ecas", _l("Electronic service through ECAS")),
    ], default="mail", validate_choice=True)
    service_date = DateField(_l("Date of service"), validators=[Optional()], default=date.today)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.include_signers.data and not self.include_petition.data:
            self.include_signers.errors.append(_l("The signer list goes with the petition summary: tick both."))
            valid = False
        self.bates_prefix.data = (self.bates_prefix.data or "").strip().upper()
        if self.bates_prefix.data and not BATES_PREFIX.fullmatch(self.bates_prefix.data):
            self.bates_prefix.errors.append(_l("Use letters, digits and dashes only, for example “ROSA”."))
            valid = False
        if self.add_service.data:
            if not (self.service_address.data or "").strip():
                self.service_address.errors.append(_l(
                    "Write the address of the DHS Office of the Chief Counsel, or untick the certificate. "
                    "An admin can record it for this court under Courts."))
                valid = False
            if self.service_date.data is None and not self.service_date.errors:
                self.service_date.errors.append(_l("Give the date the copy is served."))
                valid = False
        return valid

    def method_words(self) -> str:
        return SERVICE_METHODS[self.service_method.data]


class CourtOfficeForm(BaseForm):
    court = StringField(_l("Immigration court"), validators=[
        DataRequired(_l("Write the court's name as cases name it, for example “Chicago Immigration Court”.")),
        Length(max=200)])
    chief_counsel_address = TextAreaField(_l("Address of the DHS Office of the Chief Counsel"), validators=[
        DataRequired(_l("Write the office's postal address.")), Length(max=1000)])


class TitleForm(BaseForm):
    title = StringField(_l("Your title on packets"), validators=[Optional(), Length(max=120)])
