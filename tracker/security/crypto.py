"""Field encryption at rest and keyed hashes (blind indexes) for lookups.

Restricted fields are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from
the `cryptography` library) by SQLAlchemy column types, so no view or service
ever handles ciphertext. Searching an encrypted column is impossible, so a
field that must be found by value (the A-number) also stores an HMAC of its
normalized value under a key derived from the encryption key: equal values
give equal hashes, and the plaintext never sits in the database.
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import date

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator


class EncryptionKeyError(ValueError):
    """TRACKER_ENCRYPTION_KEY is missing or malformed."""


class FieldCipher:
    """Encrypts field values and computes blind indexes with keys from one secret."""

    def __init__(self, key: str):
        try:
            self._fernet = Fernet(key.encode() if isinstance(key, str) else key)
        except (ValueError, TypeError) as error:
            raise EncryptionKeyError(
                "TRACKER_ENCRYPTION_KEY must be a Fernet key (32 url-safe base64-encoded bytes); "
                "generate one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            ) from error
        raw = key.encode() if isinstance(key, str) else key
        self._index_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"sanctuary-tracker blind index v1"
        ).derive(raw)

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except InvalidToken as error:
            # Never include the token or any plaintext in the message.
            raise ValueError("a restricted field could not be decrypted with the configured key") from error

    def encrypt_bytes(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as error:
            raise ValueError("a stored file could not be decrypted with the configured key") from error

    def blind_index(self, normalized: str) -> str:
        return hmac.new(self._index_key, normalized.encode("utf-8"), hashlib.sha256).hexdigest()


def cipher() -> FieldCipher:
    return current_app.extensions["tracker_cipher"]


class EncryptedText(TypeDecorator):
    """A text column encrypted at rest. Empty strings are stored as NULL."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect):
        if value is None or value == "":
            return None
        return cipher().encrypt(value)

    def process_result_value(self, value: str | None, dialect):
        if value is None:
            return None
        return cipher().decrypt(value)


class EncryptedDate(TypeDecorator):
    """A date column encrypted at rest (stored as encrypted ISO text)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: date | None, dialect):
        if value is None:
            return None
        return cipher().encrypt(value.isoformat())

    def process_result_value(self, value: str | None, dialect):
        if value is None:
            return None
        return date.fromisoformat(cipher().decrypt(value))
