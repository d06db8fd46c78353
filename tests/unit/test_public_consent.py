"""The consent matcher (tracker/campaigns/consent.py): what a public text may say
about a person under each consent level, whatever the spelling."""
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.campaigns import consent
from tracker.campaigns.consent import FIRST_NAME, FULL_NAME, NONE, findings, rules_for

LUCIA = ("Lucía Fernanda Gómez Paz", "Lucía", "099910040")
ROSA = ("Rosa Itzel Marroquín Ajú", "Rosa", "999100201")


def _rules(person=LUCIA, level=FIRST_NAME, show_a_number=False):
    legal, preferred, a_number = person
    return rules_for(level, legal, preferred, a_number, show_a_number)


def _kinds(text, rules):
    return {finding.kind for finding in findings(text, rules)}


def test_first_name_consent_allows_the_first_name_only():
    rules = _rules()
    assert findings("Keep Lucía home with her daughter", rules) == []
    assert findings("Keep Lucía Gómez home", rules) == [consent.Finding("name", ("Gómez",))]
    assert findings("Lucía Fernanda Gómez Paz", rules)[0].words == ("Fernanda", "Gómez", "Paz")


@pytest.mark.parametrize("text", [
    "LUCIA GOMEZ", "lucia gomez", "Lucia  Gómez", "Lu cía G o m e z", "LucíaGómez", "luciafernandagomezpaz",
    "G.O.M.E.Z.", "Gómez-Paz", "Ｇｏｍｅｚ", "gómez", "GÓMEZ", "Go\u0301mez",
])
def test_family_names_are_found_in_any_spelling(text):
    assert "name" in _kinds(text, _rules())


@pytest.mark.parametrize("text", [
    "A099910040", "A-099-910-040", "A 099 910 040", "099910040", "099-910-040", "A99910040", "99910040",
    "9991-0040", "a‐099‐910‐040", "A#: 099.910.040", "０９９９１００４０",
])
def test_the_a_number_is_found_in_every_format(text):
    assert _kinds(f"Call and give {text}, thank you", _rules()) == {"a_number"}


@pytest.mark.parametrize("text", ["A123456789", "call 999-100-20", "0999100401", "1099910040", "(312) 555-0142"])
def test_other_numbers_are_not_the_a_number(text):
    assert findings(text, _rules()) == []


def test_a_nine_digit_number_without_a_leading_zero_has_no_eight_digit_form():
    rules = _rules(ROSA, FIRST_NAME)
    assert _kinds("A-999-100-201", rules) == {"a_number"}
    assert findings("99100201", rules) == []


def test_the_a_number_is_allowed_only_where_it_is_shown_and_there_is_consent():
    assert findings("A-099-910-040", _rules(show_a_number=True)) == []
    assert _kinds("A-099-910-040", _rules(level=NONE, show_a_number=True)) == {"a_number"}
    assert _kinds("A-099-910-040", _rules(level=FULL_NAME, show_a_number=False)) == {"a_number"}


def test_full_name_consent_allows_every_part_of_the_name():
    assert findings("Rosa Itzel Marroquín Ajú", _rules(ROSA, FULL_NAME)) == []


def test_without_consent_no_part_of_the_name_may_appear():
    assert findings("Keep Rosa home", _rules(ROSA, NONE))[0].words == ("Rosa",)


def test_a_preferred_name_is_the_first_name_and_the_legal_first_name_is_not():
    rules = rules_for(FIRST_NAME, "Héctor Ignacio Salazar Ruiz", "Nacho", None, False)
    assert findings("Stand with Nacho", rules) == []
    assert findings("Stand with Héctor", rules)[0].words == ("Héctor",)


def test_name_particles_alone_are_ordinary_words():
    rules = rules_for(FIRST_NAME, "María de la Cruz", None, None, False)
    assert findings("Una vigilia de la comunidad para María", rules) == []
    assert findings("María de la Cruz", rules)[0].words == ("Cruz",)


def test_words_that_only_contain_a_name_are_not_the_name():
    rules = _rules()
    assert findings("Pazzo, gomezillo and Fernandez came", rules) == []


def test_a_person_without_an_a_number_has_nothing_to_find_but_names():
    rules = rules_for(FIRST_NAME, "Kwame Asante Boateng", "Kwame", None, False)
    assert rules.a_number is None
    assert findings("Free Kwame! 123-456-789", rules) == []


# --- properties ------------------------------------------------------------------

NAME_WORD = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzáéíóúñç"), min_size=3, max_size=10)
SEPARATORS = st.sampled_from([" ", "  ", "\n", "-", ", ", " . ", "\t"])


def _variant(word: str, data) -> str:
    """The word in another spelling: case of each letter, accents added, or its letters spaced out."""
    letters = []
    for letter in word:
        letter = letter.upper() if data.draw(st.booleans()) else letter
        if data.draw(st.booleans()) and letter.isascii():
            letter = unicodedata.normalize("NFC", letter + "\u0301")
        letters.append(letter)
    joiner = data.draw(st.sampled_from(["", "", "", " ", "."]))
    return joiner.join(letters)


@settings(max_examples=200, deadline=None)
@given(first=NAME_WORD, family=NAME_WORD, filler=st.text(alphabet=" .,;!?\n", max_size=5), data=st.data())
def test_any_spelling_of_a_family_name_is_caught(first, family, filler, data):
    rules = rules_for(FIRST_NAME, f"{first} {family}", None, None, False)
    if consent.fold(family) in (consent.fold(first), *consent.PARTICLES):
        return
    text = f"Free{filler} {_variant(first, data)}{data.draw(SEPARATORS)}{_variant(family, data)}{filler} now"
    assert any(finding.kind == "name" for finding in findings(text, rules)), text


@settings(max_examples=200, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=8, max_size=9), data=st.data())
def test_any_writing_of_the_a_number_is_caught(digits, data):
    a_number = digits.zfill(9)
    rules = rules_for(FIRST_NAME, "Ana Example", None, a_number, False)
    written = digits if len(digits) == 8 or data.draw(st.booleans()) else a_number
    separator = data.draw(st.sampled_from(["", "-", " ", ".", " - "]))
    cut = sorted(data.draw(st.lists(st.integers(1, len(written) - 1), max_size=3, unique=True)))
    pieces = [written[start:end] for start, end in zip([0, *cut], [*cut, len(written)], strict=True)]
    prefix = data.draw(st.sampled_from(["", "A", "A-", "A ", "a#"]))
    text = f"Give {prefix}{separator.join(pieces)} when you call"
    assert {finding.kind for finding in findings(text, rules)} == {"a_number"}, text


UNRELATED = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz .,!?'\n"), max_size=200)


@settings(max_examples=200, deadline=None)
@given(text=UNRELATED)
def test_text_without_the_name_or_the_a_number_passes(text):
    rules = rules_for(FIRST_NAME, "Xóchitl Quetzalli Zyzzyva", None, "099910040", False)
    # No letters q, x or z and no digits: it cannot hold the forbidden words or the number.
    assert findings(text.replace("q", "").replace("x", "").replace("z", ""), rules) == []
