"""Two-factor sign-in: enrolment with a QR code drawn by the app, codes after the
password, one-time recovery codes stored hashed, required roles that open nothing
before enrolment, resets by an admin (page and command line), throttled codes."""
from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import text

from tests import factories
from tests.conftest import Client
from tests.mail.smtp import outbox
from tracker.auth import two_factor
from tracker.auth.models import RecoveryCode, User, UserSession
from tracker.extensions import db
from tracker.mail import kinds
from tracker.security.audit import AuditEntry

SECRET_ON_PAGE = re.compile(r"<code class=\"secret\" data-secret>([A-Z2-7 ]+)</code>")
CODES_ON_PAGE = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


@pytest.fixture
def required(app, monkeypatch):
    monkeypatch.setitem(app.config, "TRACKER_REQUIRE_2FA", "admin,legal")


def code_for(secret: str, steps_ahead: int = 0) -> str:
    """The app's code now, or for a later 30-second step (each code works once)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def error_text(response) -> str:
    return " ".join(re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True), flags=re.S))


def new_browser(app) -> Client:
    app.test_client_class = Client
    return app.test_client()


def enrol(client) -> tuple[str, list[str]]:
    """Set up the app from the enrolment page; the secret and the recovery codes shown."""
    page = client.text("/account/two-factor")
    secret = SECRET_ON_PAGE.search(page).group(1).replace(" ", "")
    shown = client.submit("/account/two-factor", {"code": code_for(secret)}).get_data(as_text=True)
    return secret, CODES_ON_PAGE.findall(shown)


def signed_in_with_password(app, email: str) -> Client:
    client = new_browser(app)
    assert client.login(email).status_code == 302
    return client


def opens(client, url: str) -> bool:
    response = client.get(url)
    return response.status_code == 200


def test_a_required_role_opens_nothing_but_enrolment_after_the_password(app, users, required):
    case = factories.make_case(team=[users["legal"]])
    client = new_browser(app)
    response = client.login(users["legal"].email)
    assert response.headers["Location"] == "/account/two-factor"
    for url in ("/", "/cases", f"/cases/{case.id}", "/account", "/admin/users"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == "/account/two-factor", url
    page = client.text("/account/two-factor")
    assert "<svg" in page and SECRET_ON_PAGE.search(page)
    # Drawn by the app: nothing on the page loads from elsewhere.
    assert not re.search(r'(src|href)="https?://', page)


def test_enrolment_shows_ten_recovery_codes_and_stores_only_hashes(app, users, required):
    client = signed_in_with_password(app, users["legal"].email)
    secret, codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    stored = RecoveryCode.query.filter_by(user_id=users["legal"].id).all()
    assert len(stored) == 10 and all(row.code_hash.startswith("$argon2") for row in stored)
    assert all(code not in row.code_hash for code in codes for row in stored)
    raw = db.session.execute(text("SELECT totp_secret FROM users WHERE id = :id"), {"id": users["legal"].id}).scalar()
    assert raw and secret not in raw  # encrypted at rest
    assert opens(client, "/cases")
    assert outbox(kinds.TWO_FACTOR_CHANGED.key)[0].recipient_user_id == users["legal"].id
    assert AuditEntry.query.filter_by(action="auth.two_factor_enabled", target_id=users["legal"].id).count() == 1


def test_a_wrong_first_code_does_not_turn_it_on(app, users, required):
    client = signed_in_with_password(app, users["legal"].email)
    response = client.submit("/account/two-factor", {"code": "000000"})
    assert "That code did not match" in error_text(response)
    assert db.session.get(User, users["legal"].id).totp_enabled_at is None
    assert not opens(client, "/cases")


def test_after_enrolment_a_password_alone_opens_nothing(app, users, required):
    case = factories.make_case(team=[users["legal"]])
    secret, _ = enrol(signed_in_with_password(app, users["legal"].email))
    thief = new_browser(app)
    response = thief.login(users["legal"].email)
    assert response.headers["Location"].startswith("/login/code")
    for url in ("/cases", f"/cases/{case.id}", f"/people/{case.person_id}"):
        response = thief.get(url)
        assert response.status_code == 302 and response.headers["Location"].startswith("/login"), url
        assert "999-000-001" not in response.get_data(as_text=True)
    assert UserSession.query.filter_by(user_id=users["legal"].id).count() == 1  # only the enrolling browser's


def test_the_code_after_the_password_signs_in(app, users, required):
    case = factories.make_case(team=[users["legal"]])
    secret, _ = enrol(signed_in_with_password(app, users["legal"].email))
    client = new_browser(app)
    client.login(users["legal"].email)
    response = client.submit("/login/code?next=/cases", {"code": code_for(secret, 1)})
    assert response.status_code == 302 and response.headers["Location"] == "/cases"
    assert "999-000-001" in client.text(f"/cases/{case.id}")
    entry = AuditEntry.query.filter_by(action="auth.login", target_id=users["legal"].id).order_by(AuditEntry.id.desc()).first()
    assert entry.detail == "second factor: app"


def test_a_code_works_only_once(app, users, required):
    secret, _ = enrol(signed_in_with_password(app, users["legal"].email))
    first, second = new_browser(app), new_browser(app)
    first.login(users["legal"].email)
    second.login(users["legal"].email)
    code = code_for(secret, 1)
    assert first.submit("/login/code", {"code": code}).status_code == 302
    assert "did not work" in error_text(second.submit("/login/code", {"code": code}))


def test_a_recovery_code_signs_in_once(app, users, required):
    _, codes = enrol(signed_in_with_password(app, users["legal"].email))
    client = new_browser(app)
    client.login(users["legal"].email)
    response = client.submit("/login/code", {"code": codes[3].upper().replace("-", " ")}, follow_redirects=True)
    assert "You used a recovery code; 9 are left." in response.get_data(as_text=True)
    again = new_browser(app)
    again.login(users["legal"].email)
    assert "did not work" in error_text(again.submit("/login/code", {"code": codes[3]}))


def test_wrong_codes_count_toward_the_throttle(app, users, required):
    secret, _ = enrol(signed_in_with_password(app, users["legal"].email))
    client = new_browser(app)
    client.login(users["legal"].email)
    for _ in range(app.config["TRACKER_THROTTLE_FREE_ATTEMPTS"]):
        assert "did not work" in error_text(client.submit("/login/code", {"code": "123456"}))
    refused = client.submit("/login/code", {"code": code_for(secret, 1)})
    assert refused.status_code == 200 and "wait" in error_text(refused)
    assert outbox(kinds.SIGN_IN_FAILURES.key)


def test_the_code_page_expires_a_few_minutes_after_the_password(app, users, required):
    secret, _ = enrol(signed_in_with_password(app, users["legal"].email))
    client = new_browser(app)
    client.login(users["legal"].email)
    with client.session_transaction() as session:
        session["pending_sign_in"] = {**session["pending_sign_in"], "at": time.time() - 6 * 60}
    response = client.submit("/login/code", {"code": code_for(secret, 1)})
    assert response.status_code == 302 and response.headers["Location"] == "/login"


def test_other_roles_may_use_it_and_turn_it_off(app, users, required):
    client = signed_in_with_password(app, users["campaign"].email)
    assert opens(client, "/cases")  # not required: the password is enough
    secret, codes = enrol(client)
    assert len(codes) == 10
    response = client.submit("/account/two-factor/off", {"code": code_for(secret, 1)}, follow_redirects=True)
    assert "Two-factor sign-in is off" in response.get_data(as_text=True)
    assert db.session.get(User, users["campaign"].id).totp_secret is None
    assert RecoveryCode.query.count() == 0


def test_a_required_role_cannot_turn_it_off(app, users, required):
    client = signed_in_with_password(app, users["legal"].email)
    secret, _ = enrol(client)
    assert client.submit("/account/two-factor/off", {"code": code_for(secret, 1)}).status_code == 403
    assert db.session.get(User, users["legal"].id).totp_enabled_at is not None


def test_new_recovery_codes_replace_the_old_ones(app, users, required):
    client = signed_in_with_password(app, users["legal"].email)
    secret, old = enrol(client)
    page = client.submit("/account/two-factor/recovery_codes", {"code": code_for(secret, 1)}).get_data(as_text=True)
    new = CODES_ON_PAGE.findall(page)
    assert len(new) == 10 and not set(new) & set(old)
    browser = new_browser(app)
    browser.login(users["legal"].email)
    assert "did not work" in error_text(browser.submit("/login/code", {"code": old[0]}))


def test_an_admin_resets_a_lost_second_factor(app, users, required, login_as):
    legal = signed_in_with_password(app, users["legal"].email)
    enrol(legal)
    admin = signed_in_with_password(app, users["admin"].email)
    enrol(admin)
    page = admin.text(f"/admin/users/{users['legal'].id}")
    assert "Reset two-factor sign-in" in page
    response = admin.submit(f"/admin/users/{users['legal'].id}/reset_2fa", follow_redirects=True)
    assert "is reset and every session ended" in response.get_data(as_text=True)
    assert not opens(legal, "/cases")
    entry = AuditEntry.query.filter_by(action="auth.two_factor_reset", target_id=users["legal"].id).one()
    assert entry.user_id == users["admin"].id
    notice = outbox(kinds.TWO_FACTOR_CHANGED.key)[-1]
    assert notice.recipient_user_id == users["legal"].id
    again = new_browser(app)
    assert again.login(users["legal"].email).headers["Location"] == "/account/two-factor"


def test_the_command_line_resets_a_second_factor(app, users, required):
    legal = signed_in_with_password(app, users["legal"].email)
    enrol(legal)
    result = app.test_cli_runner().invoke(args=["users", "reset-2fa", "LEGAL@example.test"])
    assert result.exit_code == 0 and "Reset two-factor sign-in of legal@example.test" in result.output
    assert db.session.get(User, users["legal"].id).totp_enabled_at is None
    assert not opens(legal, "/cases")
    assert AuditEntry.query.filter_by(action="auth.two_factor_reset", detail="from the command line").count() == 1
    assert app.test_cli_runner().invoke(args=["users", "reset-2fa", "nobody@example.test"]).exit_code != 0


def test_which_roles_must_use_it_is_configurable(app, monkeypatch, users):
    monkeypatch.setitem(app.config, "TRACKER_REQUIRE_2FA", " Admin, campaign ,bogus")
    assert {role.value for role in two_factor.required_roles()} == {"admin", "campaign"}
    assert two_factor.required_for(users["campaign"]) and not two_factor.required_for(users["legal"])
    monkeypatch.setitem(app.config, "TRACKER_REQUIRE_2FA", "")
    assert two_factor.required_roles() == set()


def test_production_requires_it_of_admins_and_legal_volunteers_by_default():
    from config import ProductionConfig

    assert ProductionConfig.TRACKER_REQUIRE_2FA == "admin,legal"


def test_the_qr_code_is_drawn_shapes_only_whatever_the_account_name_holds():
    """The page inserts the SVG unescaped (|safe): a typed name must never reach it as markup."""
    from tracker.auth.two_factor import qr_svg

    svg = qr_svg("otpauth://totp/Net:<script>alert(1)</script><b>Ana</b>?secret=JBSWY3DPEHPK3PXP")
    assert svg.startswith("<svg") and "<script" not in svg and "<b>" not in svg and "Ana" not in svg
