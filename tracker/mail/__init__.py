"""Email: the outbox (filled in the caller's transaction), SMTP delivery,
the `mail` command line, and every message the app sends. Templates live in
templates/mail/ (a .txt and an .html version of each)."""
