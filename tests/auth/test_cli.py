"""The command line a coordinator uses on the server: `users create/list/disable/enable`
and `seed-demo`."""
from __future__ import annotations

import re

import pytest

from tracker.auth.models import Role, User
from tracker.cases.models import Case
from tracker.demo.accounts import DEMO_USERS
from tracker.extensions import db
from tracker.people.models import Person
from tracker.security.audit import AuditEntry

PASSPHRASE = "a long fictional passphrase"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args, input=None, env=None):
        result = runner.invoke(args=list(args), input=input, env=env)
        db.session.expire_all()  # read what the command wrote
        return result

    return invoke


def _account(email: str) -> User | None:
    return User.query.filter_by(email=email).one_or_none()


# --- users create -------------------------------------------------------------------


def test_users_create_makes_an_account_that_can_sign_in(cli, client):
    result = cli("users", "create", "Nuevo@Example.test", "--role", "legal", "--name", "Nuevo Volunteer",
                 "--password-stdin", input=PASSPHRASE + "\n")
    assert result.exit_code == 0, result.output
    assert "Created nuevo@example.test (Legal volunteer)" in result.output
    user = _account("nuevo@example.test")
    assert user.role is Role.LEGAL and user.name == "Nuevo Volunteer" and user.active
    assert client.login("nuevo@example.test", PASSPHRASE).status_code == 302
    assert client.get("/cases").status_code == 200
    assert client.get("/admin/users").status_code == 403  # a legal volunteer, not an admin
    assert PASSPHRASE not in result.output


def test_users_create_is_audited(cli):
    cli("users", "create", "audited@example.test", "--role", "campaign", "--password-stdin", input=PASSPHRASE + "\n")
    entry = AuditEntry.query.filter_by(action="user.create").one()
    assert entry.target_id == _account("audited@example.test").id and "command line" in entry.detail


@pytest.mark.parametrize("email", ["legal@example.test", "LEGAL@example.test", " legal@example.test "])
def test_users_create_refuses_an_email_already_in_use(cli, users, email):
    result = cli("users", "create", email, "--role", "campaign", "--password-stdin", input=PASSPHRASE + "\n")
    assert result.exit_code != 0
    assert "already exists" in result.output
    assert User.query.filter(User.email.like("%legal@example.test%")).count() == 1
    assert db.session.get(User, users["legal"].id).role is Role.LEGAL


@pytest.mark.parametrize(("password", "message"), [
    ("short", "at least 12 characters"),
    ("eleven char", "at least 12 characters"),
    ("qwerty123456", "list of common passwords"),
    ("weak@example.test", "cannot be your email address"),
    ("aaaaaaaaaaaaaaa", "repeats too few characters"),
])
def test_users_create_refuses_a_weak_password_and_creates_nothing(cli, password, message):
    result = cli("users", "create", "weak@example.test", "--role", "legal", "--password-stdin", input=password + "\n")
    assert result.exit_code != 0
    assert message in result.output
    assert _account("weak@example.test") is None


@pytest.mark.parametrize("email", ["not-an-email", "two@@example.test", "spaces in@example.test"])
def test_users_create_refuses_an_invalid_email(cli, email):
    result = cli("users", "create", email, "--role", "legal", "--password-stdin", input=PASSPHRASE + "\n")
    assert result.exit_code != 0
    assert "is not a valid email address" in result.output
    assert User.query.count() == 0


def test_users_create_refuses_an_unknown_role(cli):
    result = cli("users", "create", "role@example.test", "--role", "superuser", "--password-stdin", input=PASSPHRASE + "\n")
    assert result.exit_code != 0
    assert "superuser" in result.output
    assert _account("role@example.test") is None


def test_an_invitation_prints_a_one_time_link_that_works(cli, client, app):
    result = cli("users", "create", "invited@example.test", "--role", "campaign", "--invite")
    assert result.exit_code == 0, result.output
    assert "one-time link" in result.output
    link = re.search(r"(\S+/welcome/\S+)", result.output).group(1)
    assert link.startswith(app.config["TRACKER_BASE_URL"])
    path = link[link.index("/welcome/"):]
    assert _account("invited@example.test").password_hash is None
    assert client.login("invited@example.test", PASSPHRASE).status_code == 200  # no password yet
    assert "invited@example.test" in client.text(path)
    assert client.submit(path, {"password": PASSPHRASE, "confirm": PASSPHRASE}).status_code == 302
    assert client.login("invited@example.test", PASSPHRASE).status_code == 302
    assert client.get(path).status_code == 404  # once only


# --- users list / disable / enable --------------------------------------------------


def test_users_list_shows_each_account_with_role_and_state(cli, users):
    users["outsider"].active = False
    db.session.commit()
    result = cli("users", "list")
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines() if line.strip()}
    assert set(lines) == {user.email for user in users.values()}
    assert re.search(r"legal@example\.test\s+legal\s+active$", lines["legal@example.test"])
    assert re.search(r"\s+admin\s+active$", lines["admin@example.test"])
    assert re.search(r"\s+legal\s+disabled$", lines["outsider@example.test"])
    assert re.search(r"\s+campaign\s+active$", lines["campaign@example.test"])
    assert re.search(r"\s+congregation\s+active$", lines["congregation@example.test"])


def test_users_list_never_prints_passwords_or_hashes(cli, users):
    output = cli("users", "list").output
    assert "argon2" not in output and "correct horse" not in output


def test_users_disable_ends_sign_in_and_the_open_session(cli, users, login_as, client):
    session = login_as("legal")
    assert session.get("/cases").status_code == 200
    result = cli("users", "disable", "legal@example.test")
    assert result.exit_code == 0 and "Disabled legal@example.test" in result.output
    assert session.get("/cases").status_code == 302  # signed out at the next request
    assert client.login("legal@example.test").status_code == 200  # refused
    assert "disabled" in cli("users", "list").output


def test_users_enable_lets_a_disabled_user_sign_in_again(cli, users, client):
    cli("users", "disable", "legal@example.test")
    result = cli("users", "enable", "LEGAL@example.test")
    assert result.exit_code == 0 and "Enabled legal@example.test" in result.output
    assert client.login("legal@example.test").status_code == 302


def test_users_disable_an_unknown_email_says_so(cli, users):
    result = cli("users", "disable", "nobody@example.test")
    assert result.exit_code != 0
    assert "No account with the email nobody@example.test" in result.output


# --- seed-demo ----------------------------------------------------------------------


def _counts() -> tuple[int, int, int]:
    return User.query.count(), db.session.query(Person).count(), db.session.query(Case).count()


def test_seed_demo_loads_fictional_data_once(cli):
    first = cli("seed-demo", "--password", "demo passphrase one")
    assert first.exit_code == 0, first.output
    assert "Loaded fictional demo data" in first.output
    loaded = _counts()
    assert loaded[0] == len(DEMO_USERS) and loaded[1] > 0 and loaded[2] > 0
    second = cli("seed-demo", "--password", "demo passphrase two")
    assert second.exit_code == 0
    assert "already loaded; nothing changed" in second.output
    assert _counts() == loaded


def test_demo_users_sign_in_with_the_password_given(cli, app):
    cli("seed-demo", "--password", "demo passphrase one")
    for email, _name, _role in DEMO_USERS:
        client = app.test_client()
        assert client.login(email, "demo passphrase one").status_code == 302, email
    # A second run with another password does not change the first one.
    cli("seed-demo", "--password", "demo passphrase two")
    assert app.test_client().login(DEMO_USERS[0][0], "demo passphrase two").status_code == 200


def test_demo_users_sign_in_with_the_demo_password_from_the_environment(cli, app):
    result = cli("seed-demo", env={"DEMO_PASSWORD": "environment demo phrase"})
    assert result.exit_code == 0
    assert "environment demo phrase" in result.output
    client = app.test_client()
    assert client.login("legal@demo.example", "environment demo phrase").status_code == 302
    cases = client.text("/cases")
    assert "Rosa" in cases  # the demo legal volunteer sees the demo cases


def test_demo_data_is_fictional(cli):
    cli("seed-demo", "--password", "demo passphrase one")
    people = db.session.query(Person).all()
    numbers = [person.a_number for person in people if person.a_number]
    assert numbers and all(number.startswith("999") for number in numbers)
    assert all("555-01" in person.phone for person in people if person.phone)
    assert all(user.email.endswith("@demo.example") for user in User.query.all())


def test_seed_demo_is_refused_on_a_database_with_real_accounts(cli, users):
    result = cli("seed-demo")
    assert result.exit_code != 0
    assert "Refused: this database already has 5 account(s) that are not demo accounts" in result.output
    assert User.query.filter(User.email.like("%@demo.example")).count() == 0
    assert db.session.query(Person).count() == 0


def test_seed_demo_is_refused_in_production_even_on_an_empty_database(app):
    from tracker import create_app

    production = create_app({
        "TRACKER_ENV": "production",
        "SECRET_KEY": app.config["SECRET_KEY"],
        "TRACKER_ENCRYPTION_KEY": app.config["TRACKER_ENCRYPTION_KEY"],
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "TRACKER_BASE_URL": "https://tracker.network.example",
    })
    with production.app_context():
        result = production.test_cli_runner().invoke(args=["seed-demo"])
        db.session.remove()
        db.engines[None].dispose()
    assert result.exit_code != 0
    assert "Refused: this is a production installation" in result.output
    assert User.query.count() == 0
