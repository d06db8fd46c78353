"""A-numbers: the spellings people type, the 9-digit form kept, the display."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.people import a_number


@pytest.mark.parametrize(
    "typed",
    ["123456789", "A123456789", "a-123-456-789", "123 456 789", "A 123.456.789", " 123-456-789 "],
)
def test_every_usual_spelling_gives_the_same_nine_digits(typed):
    assert a_number.normalize(typed) == "123456789"


def test_eight_digit_a_number_gets_a_leading_zero():
    assert a_number.normalize("A12345678") == "012345678"
    assert a_number.display("012345678") == "012-345-678"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1234567", "has 7"),
        ("1234567890", "has 10"),
        ("12345678X", "only digits"),
        ("", "none yet"),
        ("١٢٣٤٥٦٧٨٩", "only digits"),  # Arabic-Indic digits are not an A-number
    ],
)
def test_a_wrong_a_number_is_refused_with_a_reason(typed, message):
    with pytest.raises(a_number.ANumberError, match=message):
        a_number.normalize(typed)


def test_no_a_number_is_shown_as_none_yet():
    assert a_number.display(None) == "none yet"


def test_a_search_query_is_recognized_as_an_a_number_only_when_it_is_one():
    assert a_number.looks_like("A-999-100-201")
    assert not a_number.looks_like("Rosa")


@given(digits=st.text(alphabet="0123456789", min_size=8, max_size=9), separator=st.sampled_from(["", "-", " ", "."]),
       prefix=st.sampled_from(["", "A", "a", "A-"]))
def test_spelling_never_changes_the_number(digits, separator, prefix):
    spaced = separator.join([digits[:-6], digits[-6:-3], digits[-3:]])
    assert a_number.normalize(prefix + spaced) == digits.zfill(9)
    assert a_number.normalize(a_number.display(a_number.normalize(prefix + spaced))) == digits.zfill(9)
