"""Every typed name is kept in one spelling with nothing hidden in it (NFC, no
control or bidirectional-override characters, single spaces, trimmed), through
one filter that every name field uses; uploaded files' names lose the same
hidden characters."""
from __future__ import annotations

import importlib
import pkgutil
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tracker
from tests import factories
from tests.forms.test_sent_twice import nonce
from tracker.actions.models import Congregation
from tracker.campaigns.models import Signature
from tracker.forms import BaseForm, NameField
from tracker.names import BIDI_CONTROLS, clean_file_name, clean_name
from tracker.people.models import Person

HIDDEN = sorted(BIDI_CONTROLS) + ["\x00", "\x07", "\x1b", "\x7f", "\x9b"]
# Text as people paste it: letters and accents in any script, spaces of every kind, hidden characters.
typed = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(HIDDEN + [" ", "\t", "\n", "\u00a0", "\x85", "\x1f", "\u2028", "\u3000", "\u0301", "\u200d"]),
    ),
    max_size=60,
)


@given(typed)
def test_a_cleaned_name_is_nfc_without_hidden_characters_or_extra_spaces(value):
    name = clean_name(value)
    assert unicodedata.is_normalized("NFC", name)
    assert not any(character in BIDI_CONTROLS or unicodedata.category(character) == "Cc" for character in name)
    assert name == name.strip()
    assert "  " not in name
    assert all(character == " " or not character.isspace() for character in name)


@given(typed)
def test_cleaning_a_name_twice_changes_nothing_more(value):
    assert clean_name(clean_name(value)) == clean_name(value)


@given(st.lists(st.text(st.characters(categories=["L", "M"]), min_size=1, max_size=12), min_size=1, max_size=4))
def test_the_letters_and_accents_of_a_name_are_kept(words):
    assert clean_name("  ".join(words)) == unicodedata.normalize("NFC", " ".join(words)).strip()


@given(typed, st.sampled_from(HIDDEN))
def test_a_hidden_character_anywhere_is_removed(value, hidden):
    middle = len(value) // 2
    assert clean_name(value[:middle] + hidden + value[middle:]) == clean_name(value[:middle] + value[middle:])


@given(typed)
def test_a_file_name_is_never_empty_nor_a_path_nor_hiding_anything(value):
    name = clean_file_name(value)
    assert name and "/" not in name and "\\" not in name and len(name) <= 200
    assert name == clean_name(name)


def test_the_right_to_left_override_disguise_is_undone():
    assert clean_file_name("C:\\Users\\x\\invoice\u202efdp.exe") == "invoicefdp.exe"
    assert clean_name("Jose\u0301\u202e  Mari\u0301a\x00") == "José María"


def _form_classes() -> list[type[BaseForm]]:
    for module in pkgutil.walk_packages(tracker.__path__, "tracker."):
        if module.name.endswith(".forms"):
            importlib.import_module(module.name)
    found, todo = [], [BaseForm]
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo.extend(cls.__subclasses__())
    return found


NAME_FIELDS = {
    ("PersonForm", "legal_name"), ("PersonForm", "preferred_name"), ("LetterForm", "author_name"),
    ("LetterForm", "translator_name"), ("InvitationForm", "author_name"), ("SignForm", "name"), ("UserForm", "name"),
    ("CongregationForm", "name"), ("CongregationForm", "contact_name"), ("PublicPledgeForm", "supporter_name"),
    ("CaseForm", "judge"), ("CaseForm", "attorney"), ("PurgeForm", "first_name"),
    ("FacilityForm", "name"),
}


def test_every_name_field_of_every_form_goes_through_the_one_name_filter():
    fields = {}
    for cls in _form_classes():
        for attribute, value in vars(cls).items():
            if hasattr(value, "field_class"):
                fields[(cls.__name__, attribute)] = value.field_class
    assert NAME_FIELDS <= set(fields), NAME_FIELDS - set(fields)
    named = {key for key in fields if key[1] == "name" or key[1].endswith("_name")}
    assert named <= NAME_FIELDS, f"a name field not listed here: {named - NAME_FIELDS}"
    assert [key for key in NAME_FIELDS if not issubclass(fields[key], NameField)] == []


MESSY = " Jose\u0301\u202e   Mari\u0301a\x00\t"
CLEAN = "José María"


def test_a_person_typed_with_hidden_characters_is_kept_clean(login_as):
    client = login_as("legal")
    form = {"legal_name": MESSY, "preferred_name": MESSY, "a_number": "", "no_a_number": "y", "birth_date": "",
            "country_of_birth": "", "languages": "", "phone": "", "address": "", "detention_status": "not_detained",
            "detention_facility": "", "family_ties": "", "legal_notes": "", "criminal_history": "",
            "form_nonce": nonce(client.text("/people/new"))}
    assert client.submit("/people/new", form).status_code == 302
    person = Person.query.one()
    assert (person.legal_name, person.preferred_name) == (CLEAN, CLEAN)


def test_a_congregation_and_a_signer_typed_with_hidden_characters_are_kept_clean(app, login_as, client, users):
    case = factories.live_campaign_case(team=[users["campaign"]], slug="clean-names")
    staff = login_as("campaign")
    staff.submit("/congregations/new", {"name": MESSY, "tradition": "", "city": "", "contact_name": MESSY,
                                        "contact_email": "", "contact_phone": "",
                                        "form_nonce": nonce(staff.text("/congregations/new"))})
    congregation = Congregation.query.one()
    assert (congregation.name, congregation.contact_name) == (CLEAN, CLEAN)
    staff.submit(f"/cases/{case.id}/petition/paper", {"rows": f"{MESSY}, Springfield",
                                                      "form_nonce": nonce(staff.text(f"/cases/{case.id}/petition"))})
    assert [signature.name for signature in Signature.query] == [CLEAN]


@pytest.mark.parametrize("name", ["letter\x00.pdf", "letter\u202efdp.exe.pdf", "dir/../../letter.pdf"])
def test_an_uploaded_file_keeps_a_clean_name(app, name):
    assert factories.stored_file(factories.pdf_bytes(), name).original_name in ("letter.pdf", "letterfdp.exe.pdf")
