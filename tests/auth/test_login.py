"""Signing in and out: one message for every failure, lockout, the per-address limit,
session cookies, idle sessions, ending other sessions, safe redirects, form tokens,
one-time set-up links and password rules."""
from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest

from tests import factories
from tracker.auth.models import Role, User
from tracker.extensions import db, limiter
from tracker.types import utcnow

NEW_PASSWORD = "a fresh fictional passphrase"


def error_text(response) -> str:
    """The error messages shown beside the form fields."""
    return " ".join(re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True), flags=re.S)).strip()


def is_signed_in(client) -> bool:
    response = client.get("/cases")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
        return False
    return True


def one_time_link(email: str, *, hours: int = 72, active: bool = True) -> str:
    user = factories.make_user(Role.LEGAL, email, "Invited Volunteer", password=None)
    user.active = active
    token = user.issue_setup_token(hours)
    db.session.commit()
    return f"/welcome/{token}"


# --- signing in ---------------------------------------------------------------------


def test_signing_in_lands_on_the_dashboard(client, users):
    response = client.login(users["legal"].email)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    dashboard = client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "Good to see you, Lee" in dashboard


def test_the_sign_in_page_has_no_sign_up(client):
    page = client.text("/login")
    assert "There is no sign-up page" in page
    assert "register" not in page.lower()


def test_the_same_message_for_unknown_email_wrong_password_disabled_and_locked(client, users):
    users["outsider"].active = False
    db.session.commit()
    attempts = {
        "unknown email": client.login("nobody-here@example.test"),
        "wrong password": client.login(users["legal"].email, "not the right passphrase"),
        "disabled account (right password)": client.login(users["outsider"].email),
    }
    assert {name: response.status_code for name, response in attempts.items()} == dict.fromkeys(attempts, 200)
    messages = {name: error_text(response) for name, response in attempts.items()}
    assert len(set(messages.values())) == 1, messages
    assert "did not match an active account" in messages["unknown email"]
    for response in attempts.values():
        page = response.get_data(as_text=True).lower()
        assert "disabled" not in page and "locked until" not in page and "no account" not in page


def test_a_failed_sign_in_keeps_the_email_but_never_the_password(client, users):
    page = client.login(users["legal"].email, "not the right passphrase").get_data(as_text=True)
    assert 'value="legal@example.test"' in page
    assert "not the right passphrase" not in page


def test_empty_fields_get_a_clear_message(client):
    response = client.submit("/login", {"email": "", "password": ""})
    assert response.status_code == 200
    assert "Enter your email address." in error_text(response) and "Enter your password." in error_text(response)


def test_the_email_is_found_whatever_its_case_and_spaces(client, users):
    assert client.login("  LEGAL@Example.Test ").status_code == 302


# --- per-address limit --------------------------------------------------------------


@pytest.fixture
def small_login_limit(app, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "3 per minute")
    yield
    limiter.reset()


def test_too_many_sign_in_attempts_from_one_address_get_a_clear_page(client, users, small_login_limit):
    for number in range(3):
        assert client.login(f"someone{number}@example.test", "guessing wrongly again").status_code == 200
    limited = client.login(users["legal"].email)  # even the right password waits
    assert limited.status_code == 429
    page = limited.get_data(as_text=True)
    assert "Too many attempts" in page and "Wait a few minutes" in page
    assert "Retry-After" in limited.headers
    assert not is_signed_in(client)


def test_the_sign_in_limit_is_per_address(client, app, users, small_login_limit):
    for number in range(4):
        client.login(f"someone{number}@example.test", "guessing wrongly again")
    neighbour = app.test_client()
    neighbour.environ_base["REMOTE_ADDR"] = "198.51.100.23"
    assert neighbour.login(users["legal"].email).status_code == 302


def test_the_sign_in_page_itself_can_still_be_read_when_limited(client, small_login_limit):
    for number in range(4):
        client.login(f"someone{number}@example.test", "guessing wrongly again")
    assert client.get("/login").status_code == 200


# --- the session cookie, idle sessions, ending sessions -----------------------------


def test_the_session_cookie_is_http_only_and_same_site_lax(client, users, app):
    response = client.login(users["legal"].email)
    cookies = [value for value in response.headers.getlist("Set-Cookie")
               if value.startswith(app.config["SESSION_COOKIE_NAME"] + "=")]
    assert cookies, "no session cookie was set at sign-in"
    flags = [part.strip().lower() for part in cookies[-1].split(";")]
    assert "httponly" in flags and "samesite=lax" in flags


def _pause(client, minutes: float) -> None:
    with client.session_transaction() as session:
        session["last_seen"] = time.time() - minutes * 60


def test_an_idle_session_is_signed_out_with_a_message(login_as, app):
    client = login_as("legal")
    _pause(client, app.config["TRACKER_IDLE_MINUTES"] + 1)
    response = client.get("/cases")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"signed out after {app.config['TRACKER_IDLE_MINUTES']} minutes without activity" in page
    assert not is_signed_in(client)


def test_signing_in_again_after_the_idle_timeout_returns_to_the_page(login_as, users, app):
    client = login_as("legal")
    _pause(client, app.config["TRACKER_IDLE_MINUTES"] + 1)
    back_to_login = client.get("/people").headers["Location"]
    response = client.submit(back_to_login, {"email": users["legal"].email, "password": factories.PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].startswith("/people")


def test_a_pause_shorter_than_the_idle_limit_keeps_the_session(login_as, app):
    client = login_as("legal")
    _pause(client, app.config["TRACKER_IDLE_MINUTES"] - 1)
    assert client.get("/cases").status_code == 200


def test_admins_are_signed_out_after_a_shorter_pause(login_as, app):
    assert app.config["TRACKER_ADMIN_IDLE_MINUTES"] < app.config["TRACKER_IDLE_MINUTES"]
    pause = app.config["TRACKER_ADMIN_IDLE_MINUTES"] + 1
    legal, admin = login_as("legal"), login_as("admin")
    _pause(legal, pause)
    _pause(admin, pause)
    assert legal.get("/cases").status_code == 200
    response = admin.get("/admin/users")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert f"signed out after {app.config['TRACKER_ADMIN_IDLE_MINUTES']} minutes" in admin.text("/login")


def test_activity_keeps_a_session_alive(login_as, app):
    client = login_as("legal")
    half = app.config["TRACKER_IDLE_MINUTES"] * 0.6
    _pause(client, half)
    assert client.get("/cases").status_code == 200  # resets the clock
    with client.session_transaction() as session:
        assert time.time() - session["last_seen"] < 60


def test_changing_the_password_ends_the_other_sessions(login_as, users):
    laptop, phone = login_as("legal"), login_as("legal")
    response = laptop.submit("/account", {"current": factories.PASSWORD, "password": NEW_PASSWORD,
                                          "confirm": NEW_PASSWORD}, follow_redirects=True)
    assert "You were signed out everywhere else" in response.get_data(as_text=True)
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    assert phone.login(users["legal"].email).status_code == 200  # the old password no longer works
    assert phone.login(users["legal"].email, NEW_PASSWORD).status_code == 302


def test_a_wrong_current_password_changes_nothing(login_as, users, client):
    response = login_as("legal").submit("/account", {"current": "not my password at all", "password": NEW_PASSWORD,
                                                     "confirm": NEW_PASSWORD})
    assert response.status_code == 200
    assert "That is not your current password." in error_text(response)
    assert client.login(users["legal"].email).status_code == 302


def test_disabling_a_user_ends_their_session_at_the_next_request(login_as, users):
    legal = login_as("legal")
    assert is_signed_in(legal)
    login_as("admin").submit(f"/admin/users/{users['legal'].id}/disable")
    assert not is_signed_in(legal)
    assert legal.login(users["legal"].email).status_code == 200


def test_a_role_change_ends_the_session_so_new_rights_apply(login_as, users):
    campaign = login_as("campaign")
    login_as("admin").submit(f"/admin/users/{users['campaign'].id}",
                             {"email": users["campaign"].email, "name": "Cam Campaign", "role": "congregation",
                              "congregation_id": "0"})
    assert campaign.get("/cases").status_code == 302
    campaign.login(users["campaign"].email)
    assert campaign.get("/cases").status_code == 403


# --- redirects after sign-in --------------------------------------------------------


def test_sign_in_returns_to_the_page_asked_for(client, users):
    response = client.submit("/login?next=/cases?stage=closed", {"email": users["legal"].email,
                                                                 "password": factories.PASSWORD})
    assert response.headers["Location"] == "/cases?stage=closed"


@pytest.mark.parametrize("target", [
    "//evil.example",
    "https://evil.example",
    "https://evil.example/login",
    "//evil.example/cases",
    "/\\evil.example",
    "\\\\evil.example",
    "https:/evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
])
def test_sign_in_never_redirects_to_another_site(client, users, target):
    response = client.submit("/login", {"email": users["legal"].email, "password": factories.PASSWORD},
                             query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_signed_in_user_opening_the_login_page_is_not_sent_elsewhere(login_as):
    response = login_as("legal").get("/login", query_string={"next": "//evil.example"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


# --- signing out, form tokens -------------------------------------------------------


def test_signing_out_is_a_form_post(login_as):
    client = login_as("legal")
    assert client.get("/logout").status_code == 405
    assert is_signed_in(client)
    response = client.submit("/logout", follow_redirects=True)
    assert "You are signed out." in response.get_data(as_text=True)
    assert not is_signed_in(client)


def test_signing_out_without_the_form_token_is_refused(login_as):
    client = login_as("legal")
    response = client.post("/logout")
    assert response.status_code == 400
    assert "This form has expired" in response.get_data(as_text=True)
    assert is_signed_in(client)  # another site cannot sign a volunteer out


@pytest.mark.parametrize("token", [None, "not-a-real-token"])
def test_a_form_without_a_valid_token_gets_the_expired_page_not_an_error(client, login_as, users, token):
    data = {"email": users["legal"].email, "password": factories.PASSWORD}
    if token:
        data["csrf_token"] = token
    anonymous = client.post("/login", data=data)
    assert anonymous.status_code == 400
    assert "This form has expired" in anonymous.get_data(as_text=True)
    assert not is_signed_in(client)
    signed_in = login_as("legal").post("/account", data={"current": factories.PASSWORD, "password": NEW_PASSWORD,
                                                         "confirm": NEW_PASSWORD, **({"csrf_token": token} if token else {})})
    assert signed_in.status_code == 400
    assert "reload the page and send it again" in signed_in.get_data(as_text=True)
    assert client.login(users["legal"].email).status_code == 302  # the password was not changed


# --- one-time set-up links ----------------------------------------------------------


def test_a_one_time_link_sets_the_password_once(client):
    link = one_time_link("newcomer@example.test")
    page = client.text(link)
    assert "Choose your password" in page and "newcomer@example.test" in page
    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, follow_redirects=True)
    assert "Your password is set" in response.get_data(as_text=True)
    assert client.get(link).status_code == 404
    assert client.submit(link, {"password": "another fictional phrase", "confirm": "another fictional phrase"}).status_code == 404
    assert client.login("newcomer@example.test", NEW_PASSWORD).status_code == 302


def test_an_expired_link_does_not_work(client):
    link = one_time_link("latecomer@example.test", hours=1)
    user = User.query.filter_by(email="latecomer@example.test").one()
    user.setup_token_expires = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(link).status_code == 404
    assert client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 404
    assert client.login("latecomer@example.test", NEW_PASSWORD).status_code == 200


def test_a_link_for_a_disabled_account_does_not_work(client):
    link = one_time_link("gone@example.test", active=False)
    assert client.get(link).status_code == 404


def test_a_new_link_replaces_the_old_one(client, login_as):
    old = one_time_link("twice@example.test")
    user = User.query.filter_by(email="twice@example.test").one()
    page = login_as("admin").submit(f"/admin/users/{user.id}/link").get_data(as_text=True)
    new = re.search(r'value="[^"]*(/welcome/[^"]+)"', page).group(1)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_a_made_up_link_is_not_found(client):
    assert client.get("/welcome/made-up-token").status_code == 404


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("short", "short", "Use at least 12 characters"),
    ("password12", "password12", "Use at least 12 characters"),
    ("q1w2e3r4t5y6", "q1w2e3r4t5y6", "list of common passwords"),
    ("Qwerty 123456", "Qwerty 123456", "list of common passwords"),
    ("a perfectly long phrase", "a different long phrase", "The two passwords differ."),
    ("rules@example.test", "rules@example.test", "The password cannot be your email address."),
    ("abababababab", "abababababab", "repeats too few characters"),
    ("", "", "Choose a password."),
])
def test_password_rules_give_a_clear_error_and_show_the_form_again(client, password, confirm, message):
    link = one_time_link("rules@example.test")
    response = client.submit(link, {"password": password, "confirm": confirm})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert "Choose your password" in response.get_data(as_text=True) and 'name="password"' in response.get_data(as_text=True)
    # Nothing was set, and the link still works for a good password.
    assert User.query.filter_by(email="rules@example.test").one().password_hash is None
    assert client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 302


def test_the_account_page_applies_the_same_password_rules(login_as, users, client):
    response = login_as("legal").submit("/account", {"current": factories.PASSWORD, "password": "short",
                                                     "confirm": "short"})
    assert response.status_code == 200 and "Use at least 12 characters" in error_text(response)
    common = login_as("legal").submit("/account", {"current": factories.PASSWORD, "password": "1qaz2wsx3edc",
                                                   "confirm": "1qaz2wsx3edc"})
    assert common.status_code == 200 and "list of common passwords" in error_text(common)
    assert client.login(users["legal"].email).status_code == 302
