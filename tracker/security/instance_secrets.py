"""Secrets a laptop generates for itself on first run, kept in `instance/` with mode 600.

Production never uses this: several app servers must share one key, so there
the keys come from the environment and a missing key stops the app at start.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

GENERATORS = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(48),
    "TRACKER_ENCRYPTION_KEY": lambda: Fernet.generate_key().decode("ascii"),
}


def load_or_create(instance_path: str, name: str) -> str:
    """Return the secret stored in `instance/<name>`, creating it (mode 600) if absent."""
    folder = Path(instance_path)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / name.lower()
    try:
        # O_EXCL: two processes starting at once cannot both write a key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(GENERATORS[name]() + "\n")
    return path.read_text(encoding="ascii").strip()
