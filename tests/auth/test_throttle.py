"""Sign-in abuse without locking out the innocent: growing delays per address and per
account instead of a lock; the right password still works for the owner from an
address that has not failed; the account page's password check counts too; only
failed attempts count toward the per-address rate limit; owner and admins are told."""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from tests import factories
from tests.conftest import Client
from tests.mail.smtp import outbox
from tracker.auth import throttle
from tracker.auth.models import SignInFailure
from tracker.extensions import db, limiter
from tracker.mail import kinds
from tracker.security.audit import AuditEntry

ROOT = Path(__file__).resolve().parents[2]
WRONG = "guessing wrongly again"


def error_text(response) -> str:
    return " ".join(re.findall(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True), flags=re.S)).strip()


def signed_in(response) -> bool:
    return response.status_code == 302


def from_address(app, address: str) -> Client:
    app.test_client_class = Client
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def age_failures(seconds: int) -> None:
    """Time passes: every failure kept happened `seconds` earlier."""
    for failure in db.session.scalars(db.select(SignInFailure)):
        db.session.execute(update(SignInFailure).where(SignInFailure.id == failure.id)
                           .values(at=failure.at - timedelta(seconds=seconds)))
    db.session.commit()


def free(app) -> int:
    return app.config["TRACKER_THROTTLE_FREE_ATTEMPTS"]


def test_the_wait_grows_with_each_failure_up_to_a_ceiling(app):
    waits = [throttle.delay_after(count).total_seconds() for count in range(3, 12)]
    assert waits == [0, 0, 30, 60, 120, 240, 480, 900, 900]


def test_a_stranger_s_failures_never_keep_the_owner_out(app, client, users):
    for _ in range(free(app) + 3):
        client.login(users["legal"].email, WRONG)
    owner = from_address(app, "198.51.100.7")
    assert signed_in(owner.login(users["legal"].email))


def test_after_the_free_attempts_the_failing_address_must_wait_even_with_the_right_password(app, client, users):
    for _ in range(free(app)):
        assert client.login(users["legal"].email, WRONG).status_code == 200
    refused = client.login(users["legal"].email)
    assert refused.status_code == 200
    assert "wait 1 minute" in error_text(refused) and "the password was not checked" in error_text(refused)
    assert AuditEntry.query.filter_by(action="auth.login_throttled").count() == 1
    # A refused attempt is not counted: waiting it out is enough.
    assert SignInFailure.query.count() == free(app)
    age_failures(31)
    assert signed_in(client.login(users["legal"].email))


def test_an_address_trying_many_emails_is_slowed_down_too(app, client, users):
    for number in range(free(app)):
        client.login(f"someone{number}@example.test", WRONG)
    assert "wait" in error_text(client.login(users["legal"].email))
    assert signed_in(from_address(app, "198.51.100.8").login(users["legal"].email))


def test_guesses_spread_over_many_addresses_get_one_each_and_the_owner_still_gets_in(app, users):
    for number in range(free(app)):
        from_address(app, f"203.0.113.{number}").login(users["legal"].email, WRONG)
    next_attacker = from_address(app, "203.0.113.99")
    assert "did not match" in error_text(next_attacker.login(users["legal"].email, WRONG))
    assert "wait" in error_text(next_attacker.login(users["legal"].email, WRONG))
    assert signed_in(from_address(app, "198.51.100.9").login(users["legal"].email))


def test_an_email_without_an_account_is_slowed_down_alike(app, client, users):
    for _ in range(free(app)):
        client.login("nobody-here@example.test", WRONG)
    unknown = error_text(client.login("nobody-here@example.test", WRONG))
    other = from_address(app, "198.51.100.10")
    for _ in range(free(app)):
        other.login(users["legal"].email, WRONG)
    known = error_text(other.login(users["legal"].email, WRONG))
    assert unknown == known and "wait" in known


def test_only_hashes_are_kept_never_the_email_or_the_address(app, client, users):
    client.login(users["legal"].email, WRONG)
    failure = SignInFailure.query.one()
    assert "legal" not in failure.email_digest and "127.0.0.1" not in failure.address_digest
    assert len(failure.email_digest) == 64 and failure.source == "sign-in"


def test_the_owner_and_the_admins_are_told_once(app, client, users):
    for _ in range(free(app) - 1):
        client.login(users["legal"].email, WRONG)
    assert outbox(kinds.SIGN_IN_FAILURES.key) == []
    client.login(users["legal"].email, WRONG)
    to_owner = outbox(kinds.SIGN_IN_FAILURES.key)
    to_admins = outbox(kinds.SIGN_IN_FAILURES_ADMIN.key)
    assert [message.recipient_user_id for message in to_owner] == [users["legal"].id]
    assert [message.recipient_user_id for message in to_admins] == [users["admin"].id]
    age_failures(60 * 60)
    client.login(users["legal"].email, WRONG)
    assert len(outbox(kinds.SIGN_IN_FAILURES.key)) == 1


def test_failures_are_audited_without_the_password(app, client, users):
    for _ in range(3):
        client.login(users["legal"].email, WRONG)
    entries = AuditEntry.query.filter_by(action="auth.login_failed", user_id=users["legal"].id).all()
    assert len(entries) == 3 and "3 recently" in entries[-1].detail
    assert all(WRONG not in (entry.detail or "") for entry in entries)


def test_a_successful_sign_in_forgets_the_owner_s_own_typos(app, client, users):
    for _ in range(free(app) - 1):
        client.login(users["legal"].email, WRONG)
    assert signed_in(client.login(users["legal"].email))
    assert SignInFailure.query.count() == 0


def test_the_account_page_password_check_counts_like_a_sign_in(app, login_as, users):
    volunteer = login_as("legal")
    change = {"password": "a fresh fictional passphrase", "confirm": "a fresh fictional passphrase"}
    for _ in range(free(app)):
        response = volunteer.submit("/account", {"current": WRONG, **change})
        assert "That is not your current password." in error_text(response)
    refused = volunteer.submit("/account", {"current": factories.PASSWORD, **change})
    assert "wait" in error_text(refused)
    assert "Your password is changed" not in refused.get_data(as_text=True)
    assert SignInFailure.query.filter_by(source="account").count() == free(app)
    # The same address signing in to that account waits too.
    assert "wait" in error_text(from_address(app, "127.0.0.1").login(users["legal"].email))


def test_an_admin_sees_the_failures_and_lifts_the_delays(app, users, login_as):
    client = from_address(app, "203.0.113.50")
    for _ in range(free(app)):
        client.login(users["legal"].email, WRONG)
    admin = login_as("admin")
    assert f"{free(app)} in the last 24 hours" in admin.text(f"/admin/users/{users['legal'].id}")
    response = admin.submit(f"/admin/users/{users['legal'].id}/forget_failures", follow_redirects=True)
    assert "Sign-in delays for Lee Legal are lifted." in response.get_data(as_text=True)
    assert AuditEntry.query.filter_by(action="user.forget_failures", target_id=users["legal"].id).count() == 1
    assert signed_in(client.login(users["legal"].email))


def test_successful_sign_ins_do_not_count_toward_the_address_limit(app, client, users, monkeypatch):
    """A church hall: 25 volunteers sign in from one address within minutes."""
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "20 per 15 minutes")
    try:
        hall = [factories.make_user(users["legal"].role, f"volunteer{n}@example.test", f"Volunteer {n}")
                for n in range(25)]
        statuses = []
        for volunteer in hall:
            device = from_address(app, "127.0.0.1")
            statuses.append(device.login(volunteer.email).status_code)
        assert statuses == [302] * 25
    finally:
        limiter.reset()


def test_failed_sign_ins_still_count_toward_the_address_limit(app, client, users, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_LOGIN", "3 per minute")
    monkeypatch.setitem(app.config, "TRACKER_THROTTLE_FREE_ATTEMPTS", 100)
    try:
        statuses = [client.login(f"someone{n}@example.test", WRONG).status_code for n in range(4)]
        assert statuses == [200, 200, 200, 429]
    finally:
        limiter.reset()


# --- several workers with rate limits kept in memory -----------------------------------


def _gunicorn_config():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("workers", "storage", "refused"), [
    (4, "memory://", True),
    (2, "", True),
    (1, "memory://", False),
    (4, "redis://127.0.0.1:6379/0", False),
])
def test_memory_rate_limits_with_several_workers_are_a_problem(workers, storage, refused):
    environ = {"RATELIMIT_STORAGE_URI": storage} if storage else {}
    problem = _gunicorn_config().memory_storage_problem(workers, environ)
    assert (problem is not None) is refused


def _gunicorn(workers: int, **env):
    environ = {"PATH": os.environ["PATH"], "RATELIMIT_STORAGE_URI": "memory://", **env}
    return subprocess.run(
        [str(Path(sys.executable).with_name("gunicorn")), "-w", str(workers), "--bind", "127.0.0.1:0", "wsgi:app"],
        cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60,
    )


def test_gunicorn_refuses_to_start_several_workers_counting_in_memory():
    result = _gunicorn(2)
    assert result.returncode == 1
    assert "Refusing to start" in result.stderr and "TRACKER_ACCEPT_MEMORY_RATELIMITS" in result.stderr
