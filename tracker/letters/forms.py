"""Forms for writing, entering, reviewing and requesting support letters."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from tracker.files.forms import MultipleUploadField, UploadField
from tracker.forms import BaseForm, EnumField, NameField
from tracker.i18n import LANGUAGES
from tracker.letters.models import MAX_LETTER_PAGES, Relation
from tracker.submissions import CreateForm

COMMON_LANGUAGES = [
    "English", "Spanish", "French", "Haitian Creole", "Portuguese", "K'iche'", "Mam", "Q'anjob'al",
    "Arabic", "Dari", "Pashto", "Farsi", "Ukrainian", "Russian", "Mandarin", "Cantonese", "Vietnamese",
    "Wolof", "Somali", "Amharic", "Tigrinya", "Swahili", "Twi", "Hindi", "Punjabi", "Bengali", "Nepali",
]
BODY_MAX = 30_000


class LetterForm(CreateForm):
    """What a writer gives: used on the invitation link, the campaign page and by the team."""

    author_name = NameField(_l("Your full name"), validators=[DataRequired(_l("Enter the name of the person writing.")), Length(max=200)])
    relation = EnumField(_l("How you know the person"), Relation)
    relationship_detail = StringField(
        _l("In a few words"), validators=[Optional(), Length(max=200)]
    )
    known_for = StringField(_l("For how long"), validators=[DataRequired(_l("Say how long you have known them, e.g. “8 years”.")), Length(max=100)])
    organization = StringField(_l("Organization or letterhead (optional)"), validators=[Optional(), Length(max=200)])
    author_contact = StringField(_l("Your phone or email (optional, for the team only)"), validators=[Optional(), Length(max=200)])
    language = StringField(_l("Language of the letter"), validators=[Optional(), Length(max=60)], default="English")
    body = TextAreaField(_l("The letter"), validators=[Optional(), Length(max=BODY_MAX)])
    letter_files = MultipleUploadField(_l("Or upload the signed letter (PDF, JPEG or PNG)"), max_files=MAX_LETTER_PAGES)
    id_copy = UploadField(_l("A copy of your ID (optional)"))
    translation_text = TextAreaField(_l("English translation"), validators=[Optional(), Length(max=BODY_MAX)])
    translation_file = UploadField(_l("Or upload the translation"))
    translator_name = NameField(_l("Translator's full name"), validators=[Optional(), Length(max=200)])
    translator_address = TextAreaField(_l("Translator's address"), validators=[Optional(), Length(max=300)])
    translator_statement = TextAreaField(_l("Translator's certification"), validators=[Optional(), Length(max=1000)])
    translation_certified = BooleanField(_l("The translator certifies this statement (typed signature)"))

    def __init__(self, *args, letter=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter = letter  # the letter being revised, whose earlier uploads still count
        self.letter_files.already = len(letter.pages) if letter is not None else 0

    def _has_file(self, field: UploadField, attribute: str) -> bool:
        return field.stored is not None or bool(self.letter is not None and getattr(self.letter, attribute))

    def validate(self, extra_validators=None) -> bool:
        # Checks across fields run after every field, uploads included, was checked.
        valid = super().validate(extra_validators)
        has_pages = bool(self.letter_files.stored) or bool(self.letter is not None and self.letter.pages)
        if not self.body.data and not has_pages and not self.letter_files.errors:
            self.body.errors.append(_("Write the letter here, or upload it as a file."))
            valid = False
        has_translation = bool(self.translation_text.data) or self._has_file(self.translation_file, "translation_file_id")
        if has_translation and not self.translator_name.data:
            self.translator_name.errors.append(_("A translation needs the translator's name for the certificate."))
            valid = False
        if has_translation and not self.translation_certified.data:
            self.translation_certified.errors.append(_("The translator must certify the translation (tick the box)."))
            valid = False
        return valid


class InvitationForm(CreateForm):
    author_name = NameField(_l("Writer's name"), validators=[DataRequired(_l("Enter who is asked to write.")), Length(max=200)])
    relation = EnumField(_l("Relationship"), Relation)
    days = IntegerField(
        _l("Link valid for (days)"),
        default=30,
        validators=[DataRequired(_l("Say how many days the link works.")), NumberRange(1, 180, _l("Between 1 and 180 days."))],
    )
    email = StringField(
        _l("Writer's email (optional: the invitation is then sent by email)"),
        validators=[Optional(), Email(_l("Enter a valid email address.")), Length(max=254)],
    )
    locale = SelectField(_l("Language of the email"), choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()], default="en")


class ReviewForm(BaseForm):
    note = TextAreaField(_l("Note (shown to an invited writer when you ask for a revision)"), validators=[Optional(), Length(max=2000)])


class NeedsForm(BaseForm):
    """How many letters of each kind the case needs: one number field per kind."""


for _relation in Relation:
    setattr(
        NeedsForm,
        _relation.value,
        IntegerField(
            _relation.label,
            default=0,
            validators=[Optional(), NumberRange(0, 50, _l("Between 0 and 50."))],
        ),
    )
