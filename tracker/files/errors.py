"""The one way an upload check says no."""
from __future__ import annotations


class UploadRefused(ValueError):
    """The upload cannot be accepted; the message says why, in plain words."""
