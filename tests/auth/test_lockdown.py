"""Emergency lockdown: from another browser with the email and the password or a
recovery code (never with a session alone), or by an admin; strangers cannot lock
anyone out; every session ends, calendar feeds stop, the account waits for an admin
to restore it, and the admins are told."""
from __future__ import annotations

import re

import pytest

from tests import factories
from tests.conftest import Client
from tests.mail.smtp import outbox
from tracker.auth.models import User, UserSession
from tracker.calendar import services as calendars
from tracker.extensions import db
from tracker.mail import kinds
from tracker.security.audit import AuditEntry


def browser(app, address: str = "127.0.0.1") -> Client:
    app.test_client_class = Client
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def error_text(response) -> str:
    return " ".join(re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True), flags=re.S))


@pytest.fixture
def lost_phone(app, users):
    """The legal volunteer's phone, signed in, with a calendar subscription."""
    phone = browser(app, "198.51.100.30")
    assert phone.login(users["legal"].email).status_code == 302
    feed = calendars.create_feed(users["legal"])
    db.session.commit()
    return phone, feed.token


def locked(user_id: int) -> bool:
    return db.session.get(User, user_id).locked_down_at is not None


def test_the_owner_locks_down_from_another_browser_with_the_password(app, users, lost_phone):
    phone, feed_token = lost_phone
    case = factories.make_case(team=[users["legal"]])
    assert phone.get(f"/cases/{case.id}").status_code == 200
    assert phone.get(f"/calendar/{feed_token}.ics").status_code == 200
    other = browser(app, "203.0.113.40")
    response = other.submit("/lockdown", {"email": users["legal"].email, "secret": factories.PASSWORD},
                          follow_redirects=True)
    assert "is now locked down" in response.get_data(as_text=True)
    assert locked(users["legal"].id)
    assert phone.get(f"/cases/{case.id}").status_code == 302
    assert phone.get(f"/calendar/{feed_token}.ics").status_code == 404
    assert UserSession.query.filter_by(user_id=users["legal"].id).count() == 0
    notices = outbox(kinds.ACCOUNT_LOCKED_DOWN.key)
    assert [message.recipient_user_id for message in notices] == [users["admin"].id]
    entry = AuditEntry.query.filter_by(action="auth.lockdown", target_id=users["legal"].id).one()
    assert "by the account holder" in entry.detail and "1 calendar addresses stopped" in entry.detail


def test_a_recovery_code_locks_down_too(app, users, monkeypatch):
    from tests.auth.test_two_factor import enrol

    monkeypatch.setitem(app.config, "TRACKER_REQUIRE_2FA", "legal")
    phone = browser(app)
    phone.login(users["legal"].email)
    _, codes = enrol(phone)
    response = browser(app, "203.0.113.41").submit("/lockdown", {"email": users["legal"].email, "secret": codes[0]},
                                                  follow_redirects=True)
    assert "is now locked down" in response.get_data(as_text=True)
    assert locked(users["legal"].id)
    assert phone.get("/cases").status_code == 302


def test_a_locked_down_account_opens_nothing_even_with_the_password(app, users, lost_phone):
    browser(app, "203.0.113.42").submit("/lockdown", {"email": users["legal"].email, "secret": factories.PASSWORD})
    again = browser(app, "203.0.113.43")
    response = again.login(users["legal"].email)
    assert response.status_code == 200
    assert "locked down" in error_text(response)
    assert again.get("/cases").status_code == 302


def test_a_stranger_cannot_lock_anyone_out(app, users, lost_phone):
    phone, _ = lost_phone
    stranger = browser(app, "203.0.113.44")
    for secret in ("a wild guess at it", "abcde-fghjk", ""):
        response = stranger.submit("/lockdown", {"email": users["legal"].email, "secret": secret},
                                  follow_redirects=True)
        assert "is now locked down" not in response.get_data(as_text=True)
    assert not locked(users["legal"].id)
    assert phone.get("/cases").status_code == 200
    assert outbox(kinds.ACCOUNT_LOCKED_DOWN.key) == []
    # The guesses count like sign-in failures.
    assert AuditEntry.query.filter_by(action="auth.lockdown_failed").count() == 2


def test_a_session_alone_cannot_lock_down(app, users, lost_phone):
    """Whoever holds the phone has its session, not the password: the form asks for it there too."""
    phone, _ = lost_phone
    response = phone.submit("/lockdown", {"email": users["legal"].email, "secret": ""})
    assert response.status_code == 200 and not locked(users["legal"].id)


def test_the_answer_does_not_tell_whether_an_email_has_an_account(app, users):
    stranger = browser(app, "203.0.113.45")
    unknown = stranger.submit("/lockdown", {"email": "nobody-here@example.test", "secret": "some long guess"})
    wrong = stranger.submit("/lockdown", {"email": users["legal"].email, "secret": "some long guess"})
    assert error_text(unknown) == error_text(wrong) != ""


def test_an_admin_locks_down_for_a_user_and_restores_the_account(app, users, lost_phone, login_as):
    phone, feed_token = lost_phone
    admin = login_as("admin")
    response = admin.submit(f"/admin/users/{users['legal'].id}/lockdown", follow_redirects=True)
    assert "is locked down" in response.get_data(as_text=True)
    assert locked(users["legal"].id) and phone.get("/cases").status_code == 302
    assert "locked down" in admin.text("/admin/users")
    entry = AuditEntry.query.filter_by(action="auth.lockdown", target_id=users["legal"].id).one()
    assert entry.user_id == users["admin"].id
    page = admin.submit(f"/admin/users/{users['legal'].id}/restore").get_data(as_text=True)
    assert not locked(users["legal"].id)
    link = re.search(r'value="[^"]*(/welcome/[^"]+)"', page).group(1)
    # The old password stopped working; the owner chooses a new one from the link.
    assert browser(app, "203.0.113.46").login(users["legal"].email).status_code == 200
    new = "a brand new fictional passphrase"
    assert browser(app, "203.0.113.47").submit(link, {"password": new, "confirm": new}).status_code == 302
    assert browser(app, "203.0.113.48").login(users["legal"].email, new).status_code == 302
    # The old calendar address stays stopped.
    assert phone.get(f"/calendar/{feed_token}.ics").status_code == 404
    assert AuditEntry.query.filter_by(action="auth.lockdown_restored", target_id=users["legal"].id).count() == 1


def test_non_admins_cannot_lock_others_down(app, users, login_as):
    assert login_as("campaign").submit(f"/admin/users/{users['legal'].id}/lockdown").status_code == 403
    assert not locked(users["legal"].id)
