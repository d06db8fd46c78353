"""Restricted fields are encrypted at rest; A-numbers are found by a keyed hash."""
import pytest
from cryptography.fernet import Fernet
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from tests import factories
from tracker.extensions import db
from tracker.people.models import Person
from tracker.security.crypto import EncryptionKeyError, FieldCipher

KEY = Fernet.generate_key().decode()


@given(st.text(min_size=1, max_size=300))
@settings(max_examples=60)
def test_encrypted_text_comes_back_unchanged(value):
    cipher = FieldCipher(KEY)
    assert cipher.decrypt(cipher.encrypt(value)) == value


def test_ciphertext_changes_every_time_and_never_shows_the_value():
    cipher = FieldCipher(KEY)
    first, second = cipher.encrypt("1847 W Example Ave"), cipher.encrypt("1847 W Example Ave")
    assert first != second
    assert "Example" not in first


def test_a_wrong_key_fails_without_quoting_the_value():
    token = FieldCipher(KEY).encrypt("secret address 42")
    with pytest.raises(ValueError) as refused:
        FieldCipher(Fernet.generate_key().decode()).decrypt(token)
    assert "secret" not in str(refused.value) and token not in str(refused.value)


def test_a_malformed_key_is_refused_with_how_to_make_one():
    with pytest.raises(EncryptionKeyError, match="generate one"):
        FieldCipher("not-a-key")


def test_blind_index_is_stable_per_key_and_differs_between_values():
    one, other = FieldCipher(KEY), FieldCipher(Fernet.generate_key().decode())
    assert one.blind_index("a-number:999100201") == one.blind_index("a-number:999100201")
    assert one.blind_index("a-number:999100201") != one.blind_index("a-number:999100202")
    assert one.blind_index("a-number:999100201") != other.blind_index("a-number:999100201")


def test_restricted_fields_round_trip_through_the_database_and_are_stored_encrypted(app):
    from datetime import date

    person = factories.make_person(
        "Lia Example", a_number="999-555-123", birth_date=date(1990, 5, 17), phone="(312) 555-0142",
        address="77 Fictional Rd", legal_notes="strategy: argue hardship", criminal_history="none",
    )
    db.session.expire_all()
    reloaded = db.session.get(Person, person.id)
    assert reloaded.a_number == "999555123"
    assert reloaded.birth_date == date(1990, 5, 17)
    assert reloaded.address == "77 Fictional Rd"
    raw = db.session.execute(text("SELECT a_number, birth_date, address, legal_notes FROM people")).one()
    assert all(value.startswith("gAAAA") for value in raw)  # Fernet tokens, not the values


def test_empty_restricted_fields_are_stored_as_null(app):
    person = factories.make_person("Null Example", a_number=None, address="")
    raw = db.session.execute(text("SELECT a_number, a_number_index, address FROM people WHERE id = :id"), {"id": person.id}).one()
    assert tuple(raw) == (None, None, None)
