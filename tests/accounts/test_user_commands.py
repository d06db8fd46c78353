"""`flask users ...` and `flask seed-demo` on the command line."""
from tracker.auth.models import Role, User
from tracker.extensions import db


def test_users_create_makes_an_account_that_can_sign_in(app, client):
    result = app.test_cli_runner().invoke(args=["users", "create", "cli@example.test", "--role", "legal", "--password-stdin"],
                                          input="a long fictional passphrase\n")
    assert result.exit_code == 0, result.output
    assert client.login("cli@example.test", "a long fictional passphrase").status_code == 302


def test_users_create_refuses_a_duplicate_and_a_weak_password(app, users):
    runner = app.test_cli_runner()
    duplicate = runner.invoke(args=["users", "create", users["legal"].email, "--role", "legal", "--password-stdin"],
                              input="a long fictional passphrase\n")
    weak = runner.invoke(args=["users", "create", "weak@example.test", "--role", "legal", "--password-stdin"], input="short\n")
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    assert weak.exit_code != 0 and "at least 12" in weak.output


def test_an_invitation_prints_a_link_that_works(app, client):
    result = app.test_cli_runner().invoke(args=["users", "create", "invited@example.test", "--role", "campaign", "--invite"])
    link = next(line for line in result.output.splitlines() if "/welcome/" in line)
    path = link[link.index("/welcome/"):]
    assert client.get(path).status_code == 200


def test_users_list_and_disable(app, users, client):
    runner = app.test_cli_runner()
    listing = runner.invoke(args=["users", "list"]).output
    assert "legal@example.test" in listing and "legal" in listing and "active" in listing
    assert runner.invoke(args=["users", "disable", "legal@example.test"]).exit_code == 0
    db.session.expire_all()
    assert not User.query.filter_by(email="legal@example.test").one().active
    assert client.login("legal@example.test").status_code == 200  # refused


def test_seed_demo_loads_fictional_data_once(app, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--password", "a demo passphrase 1"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and "Loaded fictional demo data" in first.output
    assert "already loaded" in second.output
    assert User.query.filter_by(role=Role.CONGREGATION).count() == 1
    assert client.login("legal@demo.example", "a demo passphrase 1").status_code == 302
