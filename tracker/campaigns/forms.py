"""Forms for running a campaign (staff) and for signing a petition (public)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from tracker.campaigns import signers
from tracker.campaigns.services import SLUG
from tracker.cases.models import ConsentLevel
from tracker.files.forms import UploadField
from tracker.files.services import IMAGE_KINDS
from tracker.forms import BaseForm, DayField, EnumField, NameField, strip_text
from tracker.names import clean_name
from tracker.submissions import CreateForm


class CampaignForm(BaseForm):
    headline = StringField(_l("Headline"), validators=[DataRequired(_l("Give the campaign a headline.")), Length(max=200)])
    slug = StringField(_l("Web address"), validators=[DataRequired(_l("Choose the address of the page.")), Length(min=3, max=60)])
    story = TextAreaField(_l("Public story"), validators=[Optional(), Length(max=20_000)])
    ask = TextAreaField(_l("What we ask"), validators=[Optional(), Length(max=2_000)])
    # Optional Spanish versions: a visitor reading in Spanish sees them, the English otherwise.
    headline_es = StringField(_l("Headline in Spanish"), validators=[Optional(), Length(max=200)])
    story_es = TextAreaField(_l("Public story in Spanish"), validators=[Optional(), Length(max=20_000)])
    ask_es = TextAreaField(_l("What we ask, in Spanish"), validators=[Optional(), Length(max=2_000)])
    target = StringField(_l("Decision-maker"), validators=[Optional(), Length(max=200)])
    photo = UploadField(_l("Photo (JPEG or PNG)"), allowed=IMAGE_KINDS)
    remove_photo = BooleanField(_l("Remove the current photo"))
    photo_alt = StringField(_l("Photo description (for screen readers)"), validators=[Length(max=300)])
    show_a_number = BooleanField(_l("Show the A-number publicly (for call-in scripts)"))
    published = BooleanField(_l("Publish the page"))
    consent_level = EnumField(
        _l("Publicity consent"), ConsentLevel,
        validators=[InputRequired(_l("Choose the publicity consent the person gave, or “No publicity”."))],
    )
    consent_date = DayField(_l("Consent given on"))

    def validate_slug(self, field):
        field.data = (field.data or "").strip().lower()
        if not SLUG.match(field.data):
            raise ValidationError(_("Use lowercase letters, digits and single hyphens, e.g. keep-rosa-home."))

    def validate_consent_date(self, field):
        if self.consent_level.data not in (None, ConsentLevel.NONE) and not field.data:
            raise ValidationError(_("Record the date the person gave publicity consent."))

    def validate_photo_alt(self, field):
        if self.photo.stored is not None and not field.data:
            raise ValidationError(_("Describe the photo in a few words for people who cannot see it."))


class PetitionForm(BaseForm):
    title = StringField(_l("Title"), validators=[DataRequired(_l("Give the petition a title.")), Length(max=200)])
    target = StringField(_l("Addressed to"), validators=[DataRequired(_l("Say who the petition is addressed to.")), Length(max=200)])
    ask = TextAreaField(_l("Petition text"), validators=[DataRequired(_l("Write what the signers ask for.")), Length(max=5_000)])
    title_es = StringField(_l("Title in Spanish"), validators=[Optional(), Length(max=200)])
    ask_es = TextAreaField(_l("Petition text in Spanish"), validators=[Optional(), Length(max=5_000)])
    goal = IntegerField(
        _l("Signature goal"), validators=[DataRequired(_l("Set a goal.")), NumberRange(1, 1_000_000, _l("Between 1 and 1,000,000."))]
    )
    is_open = BooleanField(_l("Open for signatures"))


class DeliveryForm(BaseForm):
    delivered_on = DayField(_l("Delivered on"), validators=[InputRequired(_l("Enter the delivery date."))])
    delivered_to = StringField(_l("Delivered to"), validators=[DataRequired(_l("Say to whom it was delivered.")), Length(max=200)])
    delivered_count = IntegerField(
        _l("Signatures delivered"), validators=[DataRequired(_l("How many signatures?")), NumberRange(0, 10_000_000)]
    )


class SignatureSearchForm(BaseForm):
    """Searching signers: sent by POST, so that a name or an email never lands in a URL."""

    q = StringField(_l("Search"), validators=[DataRequired(_l("Type a name, a city or an email.")), Length(max=200)])


class PaperSignaturesForm(CreateForm):
    rows = TextAreaField(
        _l("Paper signatures"),
        validators=[DataRequired(_l("Paste at least one row.")), Length(max=500_000, message=_l("Paste at most about 5,000 rows at a time."))],
    )


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class _TokenWhenShown:
    """A form's CSRF token, signed only when the form is shown. A sent form's
    token was checked by CSRFProtect before the view; a signature that goes
    through never shows the form again, so it never signs a new token."""

    __slots__ = ("_make", "_token")

    def __init__(self, make):
        self._make = make
        self._token = None

    def __str__(self) -> str:
        if self._token is None:
            self._token = self._make()
        return self._token

    def __html__(self) -> str:
        return str(escape(str(self)))


class _SignFormCSRF(FlaskForm.Meta.csrf_class):
    def generate_csrf_token(self, csrf_token_field):
        return _TokenWhenShown(lambda: super(_SignFormCSRF, self).generate_csrf_token(csrf_token_field))


class SignForm(BaseForm):
    class Meta:
        csrf_class = _SignFormCSRF

    # Lengths and everything else are checked by signers.py, as for paper signatures.
    name = NameField(_l("Your name"))
    email = StringField(_l("Email"))
    city = StringField(_l("City or ZIP code"))
    comment = TextAreaField(_l("Why you sign (optional)"))
    contact_ok = BooleanField(_l("The campaign may contact me about this case"))
    # Left empty by people; bots that fill every field give themselves away.
    website = StringField(_l("Leave this field empty"))
    nonce = HiddenField()

    def validate_name(self, field):
        problem = signers.name_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_email(self, field):
        problem = signers.email_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_city(self, field):
        problem = signers.city_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_comment(self, field):
        problem = signers.comment_problem(field.data)
        if problem:
            raise ValidationError(problem)

    @property
    def is_bot(self) -> bool:
        return bool(self.website.data)


@dataclass(frozen=True)
class Signing:
    """What a sent sign form asks, cleaned as SignForm cleans it."""

    name: str | None
    email: str | None
    city: str | None
    comment: str | None
    contact_ok: bool
    nonce: str | None
    is_bot: bool

    @classmethod
    def of(cls, form: SignForm) -> Signing:
        return cls(name=form.name.data, email=form.email.data, city=form.city.data, comment=form.comment.data,
                   contact_ok=form.contact_ok.data, nonce=form.nonce.data, is_bot=form.is_bot)


def accepted_signing(formdata) -> Signing | None:
    """What SignForm would accept from `formdata`, cleaned as it would clean it, without
    building the form: on the busiest public POST, building the form's fields cost more
    than checking what was sent. None when the form would refuse anything: the view then
    builds the form, which shows each problem beside its field. The form's CSRF token is
    not looked at here (CSRFProtect checked it before the view).

    The same filters (BaseForm: NUL removed, trimmed; NameField: clean_name), the same
    checks (signers.py) and BooleanField's reading of a tick box;
    tests/campaigning/test_sign_form_shortcut.py holds the two to the same answers."""

    def text(key: str) -> str | None:
        values = formdata.getlist(key)
        return strip_text(values[0]) if values else None

    name, email, city, comment = clean_name(text("name")), text("email"), text("city"), text("comment")
    if (signers.name_problem(name) or signers.email_problem(email) or signers.city_problem(city)
            or signers.comment_problem(comment)):
        return None
    ticked = formdata.getlist("contact_ok")
    return Signing(name=name, email=email, city=city, comment=comment,
                   contact_ok=bool(ticked) and ticked[0] not in BooleanField.false_values,
                   nonce=text("nonce"), is_bot=bool(text("website")))
