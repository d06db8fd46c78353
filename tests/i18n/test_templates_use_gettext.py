"""No template holds text a person reads outside gettext: everything shown can be translated."""
from __future__ import annotations

import re

import pytest

from tests.i18n.template_text import TEMPLATES, offenders, template_paths, untranslated


@pytest.mark.parametrize("path", template_paths(), ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_the_template_holds_no_text_outside_gettext(path):
    assert offenders([path]) == {}


@pytest.mark.parametrize(("source", "found"), [
    ("<p>Sign the petition</p>", ["Sign the petition"]),
    ('<a title="Open the case" href="{{ url }}">{{ _("Case") }}</a>', ["Open the case"]),
    ("{{ field(form.email, hint=\"Never shown\") }}", ['"Never shown"']),
    ("{{ 'Send' if new else 'Save' }}", ["'Save'", "'Send'"]),
    ("<p>{{ _('Sign the petition') }} · {{ count }}</p>", []),
    ("{{ post_button(url, _('Cancel pledge'), 'button small danger-link', confirm=_('Sure?')) }}", []),
    ("<span>A#{{ number }}</span> <time>{{ day }}</time> — 3", []),
    ('<input type="submit" value="Save">', ["Save"]),
    ("<script>var x = 'Hello there';</script>", []),
])
def test_the_checker_finds_text_outside_gettext(source, found):
    assert [text for _line, text in untranslated(source)] == found


def test_mail_text_is_checked_line_by_line():
    assert [text for _line, text in untranslated("Hello {{ name }},\n{{ _('Bye') }}\n", markup=False)] == ["Hello ,"]


def test_no_template_hides_gettext_behind_a_variable():
    # `{% set _ = list.append(x) %}` would make every later `_("...")` in the template fail.
    assert [str(path) for path in template_paths() if re.search(r"{%-?\s*set\s+_\s*=", path.read_text())] == []
