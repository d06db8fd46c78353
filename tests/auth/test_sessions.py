"""Sessions kept on the server: sign-out ends a copied cookie too, every session ends
after TRACKER_SESSION_HOURS however active, the account page lists them and signs out
everywhere, and a password change ends every other session."""
from __future__ import annotations

from datetime import timedelta

from tests import factories
from tests.conftest import Client
from tracker.auth import sessions
from tracker.auth.models import UserSession
from tracker.extensions import db
from tracker.security.audit import AuditEntry

PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
LAPTOP = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5; rv:127.0) Gecko/20100101 Firefox/127.0"


def cookie_of(client) -> str:
    return client.get_cookie("tracker_session").value


def browser_with(app, cookie: str) -> Client:
    """Another browser, holding a copy of a session cookie."""
    app.test_client_class = Client
    thief = app.test_client()
    thief.set_cookie("tracker_session", cookie)
    return thief


def signed_in_as(app, email: str, agent: str) -> Client:
    app.test_client_class = Client
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = agent
    assert client.login(email).status_code == 302
    return client


def shift(column: str, delta: timedelta) -> None:
    """Time passes for every stored session: `column` moves `delta` into the past."""
    for record in UserSession.query.all():
        setattr(record, column, getattr(record, column) - delta)
    db.session.commit()


def opens(client, url: str) -> bool:
    response = client.get(url)
    if response.status_code == 302:
        assert "/login" in response.headers["Location"]
        return False
    assert response.status_code == 200
    return True


def test_a_copied_cookie_opens_nothing_after_sign_out(app, login_as, users):
    case = factories.make_case(team=[users["legal"]])
    volunteer = login_as("legal")
    copied = cookie_of(volunteer)
    thief = browser_with(app, copied)
    assert "999-000-001" in thief.text(f"/cases/{case.id}")  # a copy works while the session lasts
    volunteer.submit("/logout")
    thief = browser_with(app, copied)
    assert not opens(thief, f"/cases/{case.id}")
    assert UserSession.query.count() == 0


def test_the_cookie_carries_a_session_id_not_the_user_id(app, login_as, users):
    volunteer = login_as("legal")
    stored = UserSession.query.one()
    assert stored.user_id == users["legal"].id
    # Only the digest is stored: the table alone opens nothing.
    assert not opens(browser_with(app, cookie_of(volunteer).replace(".", "x", 1)), "/cases")
    assert len(stored.token_digest) == 64


def test_every_session_ends_after_its_absolute_lifetime_even_when_used(app, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_SESSION_HOURS", 12)
    volunteer = login_as("legal")
    assert opens(volunteer, "/cases")
    shift("created_at", timedelta(hours=12, minutes=1))
    assert not opens(volunteer, "/cases")
    assert "every session ends after 12 hours" in volunteer.get("/login").get_data(as_text=True)
    assert UserSession.query.count() == 0


def test_a_session_lasts_while_inside_its_lifetime(app, login_as):
    volunteer = login_as("legal")
    shift("created_at", timedelta(hours=11, minutes=50))
    assert opens(volunteer, "/cases")


def test_an_idle_session_ends_on_the_server_even_for_a_copied_cookie(app, login_as):
    """The idle limit is kept on the server too: a cookie edited to look fresh does not help."""
    volunteer = login_as("legal")
    copied = cookie_of(volunteer)
    shift("last_seen_at", timedelta(minutes=61))
    assert not opens(browser_with(app, copied), "/cases")


def test_the_account_page_lists_each_device(app, users):
    phone = signed_in_as(app, users["legal"].email, PHONE)
    signed_in_as(app, users["legal"].email, LAPTOP)
    page = phone.text("/account")
    assert "Chrome on Android" in page and "Firefox on Mac" in page
    assert page.count("this device") == 1


def test_sign_out_everywhere_ends_every_session(app, users):
    phone = signed_in_as(app, users["legal"].email, PHONE)
    laptop = signed_in_as(app, users["legal"].email, LAPTOP)
    other_user = signed_in_as(app, users["campaign"].email, LAPTOP)
    response = laptop.submit("/account/sessions/end", follow_redirects=True)
    assert "signed out everywhere" in response.get_data(as_text=True)
    assert not opens(phone, "/cases") and not opens(laptop, "/cases")
    assert opens(other_user, "/cases")
    assert AuditEntry.query.filter_by(action="auth.sessions_ended", target_id=users["legal"].id).count() == 1


def test_a_password_change_ends_every_other_session(app, users):
    phone = signed_in_as(app, users["legal"].email, PHONE)
    laptop = signed_in_as(app, users["legal"].email, LAPTOP)
    new = "a fresh fictional passphrase"
    laptop.submit("/account", {"current": factories.PASSWORD, "password": new, "confirm": new})
    assert opens(laptop, "/cases") and not opens(phone, "/cases")
    assert UserSession.query.count() == 1


def test_disabling_an_account_ends_its_sessions(app, login_as, users):
    volunteer = login_as("legal")
    login_as("admin").submit(f"/admin/users/{users['legal'].id}/disable")
    assert not opens(volunteer, "/cases")
    assert UserSession.query.filter_by(user_id=users["legal"].id).count() == 0


def test_device_summaries(app):
    with app.test_request_context():
        assert sessions.device_summary(PHONE) == "Chrome on Android"
        assert sessions.device_summary(LAPTOP) == "Firefox on Mac"
        assert sessions.device_summary("") == "Unknown device"
        assert sessions.device_summary("<script>x</script>") == "scriptx/script"
