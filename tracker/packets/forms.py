"""The packet builder's form: recipient, cover letter, which letters in which order, appendices."""
from __future__ import annotations

from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from tracker.forms import EnumField
from tracker.packets.models import Recipient
from tracker.submissions import CreateForm


class PacketForm(CreateForm):
    recipient_kind = EnumField("Send to", Recipient)
    recipient = TextAreaField("Recipient's name and address", validators=[DataRequired("Write the recipient's name and address."), Length(max=1000)])
    cover_text = TextAreaField("Cover letter", validators=[DataRequired("Write the cover letter."), Length(max=20_000)])
    include_petition = BooleanField("Add the petition summary")
    include_signers = BooleanField("Add the list of signers (names and cities only, never emails)")
    include_id_copies = BooleanField("Add writers' ID copies after their letters", default=True)
    add_service = BooleanField("Add a certificate of service on DHS (for filings with the court)")
    service_text = TextAreaField("Certificate of service", validators=[Optional(), Length(max=5_000)])

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.include_signers.data and not self.include_petition.data:
            self.include_signers.errors.append("The signer list goes with the petition summary: tick both.")
            valid = False
        if self.add_service.data and not self.service_text.data:
            self.service_text.errors.append("Write the certificate of service, or untick it.")
            valid = False
        return valid
