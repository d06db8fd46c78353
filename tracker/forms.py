"""The form base and the fields every domain's forms share.

All text input is stripped of surrounding whitespace; empty optional text
becomes None. Select fields for enums give back enum members.
"""
from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import available_timezones

from babel import support
from flask import current_app, flash, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, PasswordField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import ValidationError

from tracker.names import clean_name
from tracker.types import LabelledEnum

# The zones a US network meets most, first; then every other IANA zone.
COMMON_ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
]


def strip_text(value):
    """The filter of every text field: trimmed, without NUL (it never belongs in text,
    and PostgreSQL refuses to store it); anything but text is left as it is."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else value


def clean(value: str | None) -> str:
    """A raw request parameter as text that is safe to search or store."""
    return strip_text(value or "")


def id_arg(name: str) -> int | None:
    """An id from the query string, or None when absent or not a plausible id."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value < 2**31 else None


def page_arg() -> int:
    """The page number asked for, within reason (a huge one would overflow the database's integers)."""
    return id_arg("page") or 1


def _no_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


@cache
def _wtforms_messages(language: str) -> support.Translations:
    return support.Translations.load(messages_path(), [language], domain="wtforms")


class BaseForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            # WTForms' own messages in the page's language, read from disk once per
            # language (Flask-WTF reads the catalog again at every request).
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)
            return _wtforms_messages(str(get_locale() or "en"))

        def bind_field(self, form, unbound_field, options):
            if issubclass(unbound_field.field_class, PasswordField):
                options["filters"] = [_no_nul, *options.get("filters", ())]  # spaces in a password are kept
            elif issubclass(unbound_field.field_class, (StringField, TextAreaField)):
                options["filters"] = [strip_text, *options.get("filters", ())]
            return unbound_field.bind(form=form, **options)

    def flash_errors(self) -> None:
        """For small forms that post from a list page and come back to it:
        each error as a message at the top, named by its field."""
        for field in self:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")

    def text(self, name: str) -> str | None:
        """A text field's value, or None when left empty."""
        value = getattr(self, name).data
        return value or None


class NameField(StringField):
    """A person's, a group's or a file's name as typed: made plain by `clean_name`
    (one spelling, no hidden characters). Every name field is one of these."""

    def __init__(self, label=None, validators=None, filters=(), **kwargs):
        super().__init__(label, validators, filters=[*filters, clean_name], **kwargs)


class EnumField(SelectField):
    """A select over a LabelledEnum; `optional=True` adds an empty first choice; `exclude`
    leaves out members a person may not choose."""

    def __init__(self, label: str, enum_class: type[LabelledEnum], *, optional: bool = False,
                 exclude: tuple[LabelledEnum, ...] = (), **kwargs):
        choices = [SelectChoice(value, label) for value, label in enum_class.choices()
                   if value not in {member.value for member in exclude}]
        if optional:
            choices = [SelectChoice("", "—"), *choices]

        def coerce(value):
            if value in ("", None):
                return None
            try:
                return enum_class(value)
            except ValueError as error:
                raise ValueError(_("Choose one of the options in the list.")) from error

        super().__init__(label, choices=choices, coerce=coerce, **kwargs)

    def pre_validate(self, form):
        if self.data is None and self.flags.required:
            raise ValidationError(_("Choose one of the options in the list."))
        valid = {choice.value for choice in self.choices}
        if self.data is not None and self.data.value not in valid:
            raise ValidationError(_("Choose one of the options in the list."))


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def zone_choices() -> list[SelectChoice]:
    rest = sorted(available_timezones() - set(COMMON_ZONES) - {"localtime", "Factory"})
    return [SelectChoice(zone, zone.replace("_", " ")) for zone in COMMON_ZONES + rest]


class TimeZoneField(SelectField):
    def __init__(self, label: str = _l("Time zone"), **kwargs):
        super().__init__(label, choices=zone_choices, **kwargs)

    def pre_validate(self, form):
        if self.data not in _zone_names():
            raise ValidationError(_("Choose a time zone from the list."))


class DayField(DateField):
    """A calendar date (the browser's date picker) with a plain-words error."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = datetime.strptime(valuelist[0].strip(), "%Y-%m-%d").date()
        except ValueError as error:
            self.data = None
            raise ValueError(_("Enter a real date as year-month-day, e.g. 2026-12-01.")) from error
        if not 1900 <= self.data.year <= 2100:
            self.data = None
            raise ValueError(_("That year looks mistyped; enter a date between 1900 and 2100."))


class ClockField(TimeField):
    """A time of day (the browser's time picker) with a plain-words error."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        for pattern in ("%H:%M", "%H:%M:%S"):
            try:
                self.data = datetime.strptime(valuelist[0].strip(), pattern).time()
                return
            except ValueError:
                continue
        self.data = None
        raise ValueError(_("Enter a time as hours:minutes, e.g. 09:30."))


def copy_fields(target, form: BaseForm, names) -> list[str]:
    """Copy form fields onto a model (empty text as None); returns the names that changed."""
    changed = []
    for name in names:
        value = getattr(form, name).data
        if isinstance(value, str):
            value = value or None
        if getattr(target, name) != value:
            setattr(target, name, value)
            changed.append(name)
    return changed
