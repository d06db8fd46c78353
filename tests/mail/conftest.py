"""Fixtures of the mail tests: a running SMTP server the app is configured to use."""
from __future__ import annotations

import pytest

from tests.mail.smtp import MailServer


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A running SMTP server, and the app configured to deliver to it."""
    server = MailServer()
    server.start()
    for key, value in {
        "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": server.port, "MAIL_USE_TLS": False, "MAIL_USE_SSL": False,
        "MAIL_USERNAME": None, "MAIL_PASSWORD": None, "MAIL_TIMEOUT": 5,
        "MAIL_FROM": "Test Network <tracker@network.example.org>",
        "TRACKER_BASE_URL": "https://tracker.example.org",
    }.items():
        monkeypatch.setitem(app.config, key, value)
    yield server
    server.stop()


@pytest.fixture
def base_url(app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_BASE_URL", "https://tracker.example.org")
    return "https://tracker.example.org"
