"""Support letters: the checklist, invitations, public and staff submission, uploads, translations, review."""
