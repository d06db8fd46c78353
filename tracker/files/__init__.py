"""Uploaded files (letters, ID copies, translations, campaign photos): checked,
stripped of metadata, encrypted at rest, and served only through access-checked views."""
