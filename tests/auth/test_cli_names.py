"""`flask --app tracker users create --name ...` keeps the name as every name field
does (tracker/names.py): one spelling (NFC), no control or right-to-left override
characters, single spaces; a name with nothing left is refused with a clear message."""
from __future__ import annotations

import unicodedata

import pytest

from tracker.auth.models import User
from tracker.extensions import db
from tracker.forms import BaseForm, NameField
from tracker.security.audit import AuditEntry

PASSPHRASE = "a long fictional passphrase"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args, input=None):
        result = runner.invoke(args=list(args), input=input)
        db.session.expire_all()
        return result

    return invoke


def _as_a_name_field_keeps_it(app, typed: str) -> str:
    class Form(BaseForm):
        name = NameField("Name")

    with app.test_request_context(method="POST", data={"name": typed}):
        return Form(meta={"csrf": False}).name.data


@pytest.mark.parametrize("typed", [
    "  Lu\u0301ci\u0301a\u202e   Fictional\x00 ",  # decomposed accents, an override, a NUL, extra spaces
    "Ana\tRuiz\u2066\u2069",
    "\u200fNasrin\x1b Example",
])
def test_a_typed_name_is_kept_as_a_name_field_keeps_it(app, cli, typed):
    result = cli("users", "create", "named@example.test", "--role", "legal", "--name", typed, "--password-stdin",
                 input=PASSPHRASE + "\n")
    assert result.exit_code == 0, result.output
    name = User.query.filter_by(email="named@example.test").one().name
    assert name == _as_a_name_field_keeps_it(app, typed)
    assert unicodedata.is_normalized("NFC", name) and name == name.strip() and "  " not in name
    assert all(unicodedata.category(character) not in ("Cc", "Cf") for character in name)


def test_the_accented_name_keeps_one_spelling(cli):
    result = cli("users", "create", "lucia@example.test", "--role", "campaign", "--name", "Lu\u0301ci\u0301a \u202eFictional",
                 "--invite")
    assert result.exit_code == 0, result.output
    assert User.query.filter_by(email="lucia@example.test").one().name == "Lúcía Fictional"


@pytest.mark.parametrize("typed", ["", "   ", "\u202e\x00\u2066", "\t\n"])
def test_a_name_with_nothing_left_is_refused_and_no_account_is_made(cli, typed):
    result = cli("users", "create", "empty@example.test", "--role", "legal", "--name", typed, "--password-stdin",
                 input=PASSPHRASE + "\n")
    assert result.exit_code != 0
    assert "The name is empty once spaces and invisible characters are removed" in result.output
    assert "--name" in result.output
    assert User.query.filter_by(email="empty@example.test").one_or_none() is None
    assert AuditEntry.query.filter_by(action="user.create").count() == 0


def test_a_name_longer_than_the_admin_page_allows_is_refused(cli):
    result = cli("users", "create", "long@example.test", "--role", "legal", "--name", "N" * 121, "--invite")
    assert result.exit_code != 0 and "keep it to 120" in result.output
    assert User.query.filter_by(email="long@example.test").one_or_none() is None


def test_without_a_name_the_email_gives_it(cli):
    result = cli("users", "create", "plain.person@example.test", "--role", "legal", "--invite")
    assert result.exit_code == 0, result.output
    assert User.query.filter_by(email="plain.person@example.test").one().name == "plain.person"
