"""Signing in, locking out, rate limits, idle sessions, passwords."""
import re
import time
from datetime import timedelta

import pytest

from tests import factories
from tracker.auth.models import User
from tracker.extensions import db, limiter
from tracker.types import utcnow


def _error(response) -> str:
    return " ".join(re.findall(r'class="error"[^>]*>([^<]+)<', response.get_data(as_text=True)))


def test_a_volunteer_signs_in_and_lands_on_the_dashboard(client, users):
    response = client.login(users["legal"].email, follow_redirects=True)
    assert "Good to see you, Lee" in response.get_data(as_text=True)


def test_the_email_is_not_case_sensitive(client, users):
    assert client.login("  LEGAL@Example.TEST ").status_code == 302


def test_one_message_for_unknown_email_wrong_password_and_disabled(client, users, app):
    users["outsider"].active = False
    db.session.commit()
    messages = {
        _error(client.login("nobody@example.test")),
        _error(client.login(users["legal"].email, "wrong password here")),
        _error(client.login(users["outsider"].email)),
    }
    assert len(messages) == 1 and "did not match an active account" in messages.pop()


def test_too_many_sign_in_attempts_from_one_address_get_a_clear_page(client, app):
    app.config["RATELIMIT_LOGIN"] = "3 per minute"
    try:
        statuses = [client.login(f"someone{n}@example.test").status_code for n in range(4)]
        assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
        assert "Too many attempts" in client.login("x@example.test").get_data(as_text=True)
    finally:
        app.config["RATELIMIT_LOGIN"] = "20 per 15 minutes"
        limiter.reset()


def test_session_cookie_is_http_only_and_same_site(client, users):
    response = client.login(users["legal"].email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize(("role", "minutes"), [("legal", 61), ("admin", 16)])
def test_an_idle_session_ends_sooner_for_admins(login_as, role, minutes):
    client = login_as(role)
    with client.session_transaction() as session:
        session["last_seen"] = time.time() - minutes * 60
    response = client.get("/cases")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "signed out after" in client.get("/login").get_data(as_text=True)


def test_an_admin_session_survives_a_short_pause(login_as):
    client = login_as("admin")
    with client.session_transaction() as session:
        session["last_seen"] = time.time() - 10 * 60
    assert client.get("/cases").status_code == 200


def test_changing_the_password_signs_out_other_sessions(login_as, users):
    laptop, phone = login_as("legal"), login_as("legal")
    response = laptop.submit("/account", {"current": factories.PASSWORD, "password": "a brand new passphrase",
                                          "confirm": "a brand new passphrase"}, follow_redirects=True)
    assert "Your password is changed" in response.get_data(as_text=True)
    assert laptop.get("/cases").status_code == 200
    assert phone.get("/cases").status_code == 302


def test_a_disabled_user_is_signed_out_at_the_next_request(login_as, users):
    client = login_as("legal")
    login_as("admin").submit(f"/admin/users/{users['legal'].id}/disable")
    assert client.get("/cases").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example"])
def test_sign_in_never_redirects_to_another_site(client, users, target):
    response = client.submit(f"/login?next={target}", {"email": users["legal"].email, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/"


def test_sign_in_returns_to_the_page_asked_for(client, users):
    response = client.submit("/login?next=/cases", {"email": users["legal"].email, "password": factories.PASSWORD})
    assert response.headers["Location"] == "/cases"


def test_a_form_without_its_token_is_refused_with_a_page_not_an_error(login_as):
    response = login_as("legal").post("/logout")
    assert response.status_code == 400 and "This form has expired" in response.get_data(as_text=True)


def test_sign_out_is_a_post(login_as):
    client = login_as("legal")
    assert client.get("/logout").status_code == 405
    client.submit("/logout")
    assert client.get("/cases").status_code == 302


def test_a_weak_new_password_is_refused_and_the_form_shown_again(login_as):
    response = login_as("legal").submit("/account", {"current": factories.PASSWORD, "password": "short", "confirm": "short"})
    assert "at least 12 characters" in response.get_data(as_text=True)


def test_a_one_time_link_sets_the_password_once(client, app):
    user = factories.make_user(__import__("tracker.auth.models", fromlist=["Role"]).Role.LEGAL, "new@example.test", "New Volunteer", password=None)
    token = user.issue_setup_token(72)
    db.session.commit()
    form = {"password": "a long fictional passphrase", "confirm": "a long fictional passphrase"}
    assert "Choose your password" in client.text(f"/welcome/{token}")
    assert client.submit(f"/welcome/{token}", form).status_code == 302
    assert client.get(f"/welcome/{token}").status_code == 404
    assert client.login("new@example.test", "a long fictional passphrase").status_code == 302


def test_an_expired_one_time_link_does_not_work(client):
    from tracker.auth.models import Role

    user = factories.make_user(Role.LEGAL, "late@example.test", "Late Volunteer", password=None)
    token = user.issue_setup_token(1)
    user.setup_token_expires = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(f"/welcome/{token}").status_code == 404
    assert User.query.filter_by(email="late@example.test").one().password_hash is None
