"""How mail leaves: queued with the change that causes it, delivered over real
SMTP by `flask mail send`, retried while the server is down, marked failed
when the server refuses an address, and forgotten once sent."""
from __future__ import annotations

import email
import re
import threading
from datetime import timedelta
from email.policy import default

import pytest
from sqlalchemy import select

from tests import factories
from tests.mail.smtp import MailServer, deliver, outbox, path_of
from tracker.auth.models import Role, User
from tracker.extensions import db
from tracker.mail import notices, sender
from tracker.mail.models import MailState, OutboxMessage
from tracker.types import utcnow


def _new_account(admin_client, email_address="new.volunteer@example.org", name="Nuevo Voluntario"):
    return admin_client.submit("/admin/users/new", {"email": email_address, "name": name, "role": "legal",
                                                    "congregation_id": "0"})


def test_a_new_account_gets_its_set_up_link_by_email_over_smtp(login_as, client, smtp_server):
    page = _new_account(login_as("admin"))
    assert "The link was emailed to new.volunteer@example.org" in page.get_data(as_text=True)
    assert smtp_server.inbox.received == []  # queued, not sent inside the request

    report = deliver()

    assert report.count("sent") == 1
    [received] = smtp_server.inbox.to("new.volunteer@example.org")
    message = received.message
    assert received.mail_from == "tracker@network.example.org"
    assert message["To"] == "new.volunteer@example.org"
    assert message["From"].addresses[0].addr_spec == "tracker@network.example.org"
    assert message["Subject"] == "Your account at Sanctuary Network"
    assert message["Message-ID"] and message["Date"]
    assert message["Auto-Submitted"] == "auto-generated"
    assert "List-Unsubscribe" not in message  # essential: no unsubscribing from a set-up link
    assert message.get_content_type() == "multipart/alternative"
    assert "Hello Nuevo Voluntario," in received.text
    link = re.search(r"https://tracker\.example\.org/welcome/\S+", received.text).group(0)
    assert f'href="{link}"' in received.html
    # The link in the email works: it opens the page to choose a password.
    assert "Choose" in client.text(path_of(link))
    [row] = outbox()
    assert row.state is MailState.SENT and row.sent_at is not None
    assert row.content is None and row.to_address is None  # nothing kept once it is sent


def test_a_change_that_rolls_back_sends_nothing(app, users):
    notices.password_changed(users["legal"], when=utcnow())
    db.session.rollback()
    assert outbox() == []
    notices.password_changed(users["legal"], when=utcnow())
    db.session.commit()
    assert [row.kind for row in outbox()] == ["account.password_changed"]


def test_changing_ones_password_sends_a_notice_to_the_account(login_as, smtp_server):
    client = login_as("legal")
    client.submit("/account", {"current": factories.PASSWORD, "password": "a brand new passphrase",
                               "confirm": "a brand new passphrase"})
    deliver()
    [received] = smtp_server.inbox.to("legal@example.test")
    assert received.message["Subject"] == "Your password was changed"
    assert "tell your network coordinator at once" in received.text


def test_the_outbox_survives_a_mail_server_that_is_down_and_delivers_each_message_once(app, users, smtp_server):
    for name in ("legal", "campaign", "congregation"):
        notices.password_changed(users[name], when=utcnow())
    db.session.commit()
    smtp_server.stop()
    start = utcnow()

    down = deliver(start)
    assert down.count("retry") == 3 and down.count("sent") == 0
    assert all(row.state is MailState.QUEUED and row.attempts == 1 for row in outbox())
    assert "unreachable" in outbox()[0].last_error
    assert deliver(start + timedelta(seconds=30)).deliveries == []  # not due again yet: backing off

    smtp_server.start()
    back = deliver(start + timedelta(minutes=2))
    assert back.count("sent") == 3
    assert deliver(start + timedelta(days=1)).deliveries == []
    assert sorted(address for item in smtp_server.inbox.received for address in item.rcpt_tos) == [
        "campaign@example.test", "congregation@example.test", "legal@example.test"]


def test_retries_back_off_exponentially_then_give_up(app, users, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 4)
    notices.password_changed(users["legal"], when=utcnow())
    db.session.commit()
    nowhere = MailServer()  # never started: every connection is refused
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", nowhere.port)
    now = utcnow()
    waits = []
    for _ in range(3):
        deliver(now)
        row = outbox()[0]
        waits.append(row.next_attempt_at - now)
        now = row.next_attempt_at
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    deliver(now)
    row = outbox()[0]
    assert row.state is MailState.FAILED and row.last_error.startswith("gave up after 4 attempts")


def test_an_address_the_server_refuses_is_marked_failed_at_once_and_shown_on_the_account(login_as, smtp_server):
    smtp_server.inbox.refuse.add("nobody@example.org")
    admin = login_as("admin")
    _new_account(admin, "nobody@example.org", "No Body")
    report = deliver()
    assert report.count("failed") == 1
    [row] = outbox()
    assert row.state is MailState.FAILED and row.attempts == 0
    assert row.last_error.startswith("550 5.1.1") and "nobody@example.org" not in row.last_error
    assert deliver(utcnow() + timedelta(hours=2)).deliveries == []  # never retried
    user = db.session.scalar(select(User).where(User.email == "nobody@example.org"))
    page = admin.text(f"/admin/users/{user.id}")
    assert "An email could not be delivered" in page and "The set-up link" in page and "550 5.1.1" in page


def test_failed_messages_keep_their_body_only_for_the_documented_days(app, users, smtp_server):
    smtp_server.inbox.refuse.add("legal@example.test")
    notices.password_changed(users["legal"], when=utcnow())
    db.session.commit()
    deliver()
    assert outbox()[0].content is not None  # kept for a while, to see what did not arrive
    assert sender.forget_old_bodies(utcnow() + timedelta(days=app.config["MAIL_KEEP_FAILED_DAYS"] - 1)) == 0
    assert sender.forget_old_bodies(utcnow() + timedelta(days=app.config["MAIL_KEEP_FAILED_DAYS"] + 1)) == 1
    row = outbox()[0]
    assert row.content is None and row.to_address is None and row.state is MailState.FAILED


def test_two_senders_at_once_send_each_message_once(app, smtp_server):
    """Two app servers' cron jobs run `mail send` at the same minute (on
    PostgreSQL with TEST_DATABASE_URL: rows claimed with FOR UPDATE SKIP LOCKED)."""
    people = [factories.make_user(Role.CONGREGATION, f"person{number}@example.org", f"Person {number}") for number in range(40)]
    for person in people:
        notices.password_changed(person, when=utcnow())
    db.session.commit()
    start = threading.Barrier(2)
    reports, errors = [], []

    def run_sender():
        try:
            with app.app_context():
                start.wait()
                reports.append(sender.deliver_due(limit=3))
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=run_sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    delivered = sorted(address for item in smtp_server.inbox.received for address in item.rcpt_tos)
    assert delivered == sorted(person.email for person in people)  # every one, none twice
    assert sum(report.count("sent") for report in reports) == 40
    assert all(report.deliveries for report in reports)  # both senders took part
    assert db.session.scalar(select(OutboxMessage).where(OutboxMessage.state != MailState.SENT)) is None


def test_without_a_mail_server_messages_become_eml_files_and_one_line_each(app, users, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    notices.password_changed(users["legal"], when=utcnow())
    notices.password_changed(users["campaign"], when=utcnow())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "account.password_changed" in line]
    assert len(lines) == 2 and all("written to" in line for line in lines)
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    message = email.message_from_bytes(files[0].read_bytes(), policy=default)
    assert message["Subject"] == "Your password was changed"
    assert "@example.test" not in result.output  # the command line shows no address


def test_mail_status_shows_the_queue_without_addresses_or_bodies(app, users, smtp_server):
    for name in ("legal", "campaign"):
        notices.password_changed(users[name], when=utcnow())
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["mail", "status"])
    assert re.search(r"queued\s+2", result.output)
    assert "Oldest waiting: #" in result.output and "account.password_changed" in result.output
    assert "@" not in result.output and "password was changed" not in result.output
    deliver()
    result = app.test_cli_runner().invoke(args=["mail", "status"])
    assert re.search(r"sent\s+2", result.output) and "Nothing is waiting." in result.output


@pytest.mark.parametrize("locale", ["en", "es"])
def test_every_part_is_stored_seven_bit_clean(app, users, locale):
    user = users["legal"]
    user.name = "José Ñúñez 李小龙"
    db.session.commit()
    notices.password_changed(user, when=utcnow())
    db.session.commit()
    stored = outbox()[0].content
    assert stored.isascii()
    message = email.message_from_string(stored, policy=default)
    assert "Hello José Ñúñez 李小龙," in message.get_body(("plain",)).get_content()


def test_users_create_invite_queues_the_set_up_link_too(app, smtp_server):
    result = app.test_cli_runner().invoke(args=["users", "create", "cli.person@example.org", "--role", "campaign", "--invite"])
    assert result.exit_code == 0, result.output
    assert "queued to cli.person@example.org" in result.output
    printed = re.search(r"https://tracker\.example\.org/welcome/\S+", result.output).group(0)
    deliver()
    [received] = smtp_server.inbox.to("cli.person@example.org")
    assert printed in received.text  # the same link, printed and emailed


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_the_sender_signs_in_when_mail_username_is_set(app, users, monkeypatch):
    from aiosmtpd.smtp import AuthResult

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"tracker", b"s3cret passphrase"))

    server = MailServer(authenticator=authenticator, auth_require_tls=False, auth_required=True)
    server.start()
    try:
        for key, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": server.port, "MAIL_USERNAME": "tracker",
                           "MAIL_PASSWORD": "wrong"}.items():
            monkeypatch.setitem(app.config, key, value)
        notices.password_changed(users["legal"], when=utcnow())
        db.session.commit()
        assert deliver().count("retry") == 1 and server.inbox.received == []  # refused login: try again later
        monkeypatch.setitem(app.config, "MAIL_PASSWORD", "s3cret passphrase")
        assert deliver(utcnow() + timedelta(minutes=5)).count("sent") == 1
        assert server.inbox.to("legal@example.test")
    finally:
        server.stop()
