"""The network coordinator's pages: accounts, roles, case teams and the audit log."""
from __future__ import annotations

import re
from datetime import date

import pytest
from flask import url_for
from werkzeug.routing import AnyConverter

from tests import factories
from tracker.auth.models import Role, User
from tracker.extensions import db
from tracker.security.audit import AuditEntry

PASSPHRASE = "a long fictional passphrase"


def user_form(**fields) -> dict:
    data = {"email": "", "name": "", "role": "legal", "congregation_id": "0"}
    data.update(fields)
    return data


def setup_link(page: str) -> str:
    """The path of the one-time link shown on the page."""
    match = re.search(r'value="[^"]*(/welcome/[^"]+)"', page)
    assert match, "no one-time link on the page"
    return match.group(1)


def account(user_id: int) -> User:
    return db.session.get(User, user_id)


# --- creating accounts --------------------------------------------------------------


def test_admin_creates_a_user_and_gets_a_one_time_link_that_works(login_as, client):
    admin = login_as("admin")
    response = admin.submit("/admin/users/new", user_form(email="Rafaela@Example.test", name="Rafaela Nueva",
                                                          role="campaign"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Account created" in page and "Rafaela Nueva" in page
    user = User.query.filter_by(email="rafaela@example.test").one()
    assert user.role is Role.CAMPAIGN and user.active and user.password_hash is None
    link = setup_link(page)
    assert "rafaela@example.test" in client.text(link)
    assert client.submit(link, {"password": PASSPHRASE, "confirm": PASSPHRASE}).status_code == 302
    assert client.login("rafaela@example.test", PASSPHRASE).status_code == 302
    assert client.get("/cases").status_code == 200
    assert client.get(link).status_code == 404
    assert "invited" not in admin.text("/admin/users").split("Rafaela Nueva", 1)[1].split("</tr>", 1)[0]


def test_a_new_account_waits_for_its_password_and_shows_as_invited(login_as, client):
    admin = login_as("admin")
    admin.submit("/admin/users/new", user_form(email="waiting@example.test", name="Wanda Waiting"))
    row = admin.text("/admin/users").split("Wanda Waiting", 1)[1].split("</tr>", 1)[0]
    assert "invited" in row
    assert client.login("waiting@example.test", PASSPHRASE).status_code == 200


@pytest.mark.parametrize(("fields", "message", "kept"), [
    ({"email": "not-an-email", "name": "Typed Name"}, "Enter a valid email address.",
     ['value="not-an-email"', 'value="Typed Name"']),
    ({"email": "typed@example.test", "name": ""}, "Enter the name colleagues know them by.",
     ['value="typed@example.test"']),
    ({"email": "LEGAL@example.test", "name": "Second Lee"}, "An account with this email already exists.",
     ['value="LEGAL@example.test"', 'value="Second Lee"']),
])
def test_a_wrong_user_form_is_shown_again_with_what_was_typed(login_as, users, fields, message, kept):
    response = login_as("admin").submit("/admin/users/new", user_form(role="campaign", **fields))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert message in page
    for value in kept:
        assert value in page
    assert re.search(r'<option selected value="campaign">|<option value="campaign" selected', page)
    assert "/welcome/" not in page
    assert User.query.count() == len(users)


def test_creating_a_user_is_audited(login_as, users):
    login_as("admin").submit("/admin/users/new", user_form(email="logged@example.test", name="Logged User"))
    created = User.query.filter_by(email="logged@example.test").one()
    entry = AuditEntry.query.filter_by(action="user.create", target_id=created.id).one()
    assert entry.user_id == users["admin"].id


# --- roles, disabling ---------------------------------------------------------------


def test_admin_changes_a_role(login_as, users):
    admin = login_as("admin")
    response = admin.submit(f"/admin/users/{users['campaign'].id}",
                            user_form(email=users["campaign"].email, name="Cam Campaign", role="legal"),
                            follow_redirects=True)
    assert "Account saved." in response.get_data(as_text=True)
    assert account(users["campaign"].id).role is Role.LEGAL
    entry = AuditEntry.query.filter_by(action="user.update", target_id=users["campaign"].id).one()
    assert "role" in entry.detail
    # With the new role comes the right to change the legal record.
    case = factories.make_case(team=[users["campaign"]])
    assert login_as("campaign").get(f"/cases/{case.id}/edit").status_code == 200


def test_admin_cannot_take_away_their_own_admin_role(login_as, users):
    response = login_as("admin").submit(f"/admin/users/{users['admin'].id}",
                                        user_form(email=users["admin"].email, name="Ada Admin", role="legal"))
    assert response.status_code == 200
    assert "You cannot take away your own admin role" in response.get_data(as_text=True)
    assert account(users["admin"].id).role is Role.ADMIN


def test_admin_cannot_disable_themself(login_as, users):
    admin = login_as("admin")
    assert "Disable account" not in admin.text(f"/admin/users/{users['admin'].id}")
    response = admin.submit(f"/admin/users/{users['admin'].id}/disable", follow_redirects=True)
    assert "You cannot disable your own account." in response.get_data(as_text=True)
    assert account(users["admin"].id).active
    assert admin.get("/admin/users").status_code == 200


def test_admin_disables_and_enables_an_account(login_as, users, client):
    admin = login_as("admin")
    legal = login_as("legal")
    response = admin.submit(f"/admin/users/{users['legal'].id}/disable", follow_redirects=True)
    assert "is disabled and signed out everywhere" in response.get_data(as_text=True)
    assert legal.get("/cases").status_code == 302
    assert client.login(users["legal"].email).status_code == 200
    row = admin.text("/admin/users").split("Lee Legal", 1)[1].split("</tr>", 1)[0]
    assert "disabled" in row
    response = admin.submit(f"/admin/users/{users['legal'].id}/enable", follow_redirects=True)
    assert "can sign in again" in response.get_data(as_text=True)
    assert client.login(users["legal"].email).status_code == 302
    actions = [entry.action for entry in AuditEntry.query.filter_by(target_id=users["legal"].id)
               .filter(AuditEntry.action.like("user.%")).order_by(AuditEntry.id)]
    assert actions == ["user.disable", "user.enable"]


def test_admin_cannot_give_an_email_already_in_use(login_as, users):
    response = login_as("admin").submit(f"/admin/users/{users['campaign'].id}",
                                        user_form(email=users["legal"].email, name="Cam Campaign", role="campaign"))
    assert "Another account already uses this email." in response.get_data(as_text=True)
    assert account(users["campaign"].id).email == "campaign@example.test"


def test_admin_gives_a_new_one_time_link_for_a_forgotten_password(login_as, users, client):
    page = login_as("admin").submit(f"/admin/users/{users['legal'].id}/link").get_data(as_text=True)
    assert "New password link" in page
    link = setup_link(page)
    assert client.submit(link, {"password": PASSPHRASE, "confirm": PASSPHRASE}).status_code == 302
    assert client.login(users["legal"].email, PASSPHRASE).status_code == 302


# --- case teams ---------------------------------------------------------------------


@pytest.fixture
def lonely_case(app):
    return factories.make_case(factories.make_person("Benedita Teamless", a_number="999-515-001"), team=[])


def test_admin_adds_and_removes_team_members_from_the_case_page(login_as, users, lonely_case):
    admin, legal = login_as("admin"), login_as("legal")
    case_page = admin.text(f"/cases/{lonely_case.id}")
    assert "Add to team" in case_page and "Lee Legal" in case_page
    assert legal.get(f"/cases/{lonely_case.id}").status_code == 404

    response = admin.submit(f"/cases/{lonely_case.id}/team", {"user_id": str(users["legal"].id)}, follow_redirects=True)
    assert "Lee Legal is now on the team." in response.get_data(as_text=True)
    assert legal.get(f"/cases/{lonely_case.id}").status_code == 200
    assert legal.get(f"/people/{lonely_case.person_id}").status_code == 200
    assert "Benedita Teamless" in legal.text("/cases")

    response = admin.submit(f"/cases/{lonely_case.id}/team/{users['legal'].id}/remove", follow_redirects=True)
    assert "Lee Legal is no longer on the team." in response.get_data(as_text=True)
    assert legal.get(f"/cases/{lonely_case.id}").status_code == 404
    assert legal.get(f"/people/{lonely_case.person_id}").status_code == 404
    assert "Benedita Teamless" not in legal.text("/cases")

    actions = [entry.action for entry in AuditEntry.query.filter_by(case_id=lonely_case.id)
               .filter(AuditEntry.action.like("case.team%")).order_by(AuditEntry.id)]
    assert actions == ["case.team_add", "case.team_remove"]


def test_the_user_page_lists_their_case_teams(login_as, users, lonely_case):
    admin = login_as("admin")
    admin.submit(f"/cases/{lonely_case.id}/team", {"user_id": str(users["campaign"].id)})
    assert "Benedita Teamless" in admin.text(f"/admin/users/{users['campaign'].id}")
    assert "Not on any case team" in admin.text(f"/admin/users/{users['outsider'].id}")


def test_a_congregation_coordinator_cannot_be_put_on_a_case_team(login_as, users, lonely_case):
    admin = login_as("admin")
    admin.submit(f"/cases/{lonely_case.id}/team", {"user_id": str(users["congregation"].id)})
    assert users["congregation"].id not in [member.id for member in db.session.get(type(lonely_case), lonely_case.id).team]
    assert login_as("congregation").get(f"/cases/{lonely_case.id}").status_code == 403


def test_only_admins_manage_case_teams(login_as, users):
    case = factories.make_case(team=[users["legal"]])
    legal = login_as("legal")
    assert "Add to team" not in legal.text(f"/cases/{case.id}")
    assert legal.submit(f"/cases/{case.id}/team", {"user_id": str(users["outsider"].id)}).status_code == 403
    assert legal.submit(f"/cases/{case.id}/team/{users['legal'].id}/remove").status_code == 403
    assert login_as("outsider").get(f"/cases/{case.id}").status_code == 404
    assert legal.get(f"/cases/{case.id}").status_code == 200


def test_removing_someone_not_on_the_team_is_not_found(login_as, users, lonely_case):
    assert login_as("admin").submit(f"/cases/{lonely_case.id}/team/{users['legal'].id}/remove").status_code == 404


# --- the audit log ------------------------------------------------------------------

SECRETS = {
    "address": "12 Wisteria Hollow, Fictionville",
    "phone": "(312) 555-0161",
    "legal_notes": "Memo about PELICAN-36",
    "criminal_history": "Citation IBEX-70",
}
A_NUMBER = "999-636-363"


@pytest.fixture
def audited_cases(app, users):
    one = factories.make_case(factories.make_person("Aurelia Audited", a_number=A_NUMBER, birth_date=date(1968, 7, 21),
                                                    **SECRETS), team=[users["legal"], users["campaign"]])
    two = factories.make_case(factories.make_person("Bartolo Audited", a_number="999-636-364"), team=[users["legal"]])
    return one, two


def test_the_audit_log_filters_by_case(login_as, audited_cases):
    one, two = audited_cases
    legal = login_as("legal")
    legal.text(f"/cases/{one.id}")
    legal.text(f"/cases/{two.id}")
    admin = login_as("admin")
    everything = admin.text("/admin/audit")
    assert f'case={one.id}"' in everything and f'case={two.id}"' in everything
    only_one = admin.text(f"/admin/audit?case={one.id}")
    assert "person.view_restricted" in only_one
    assert f'case={one.id}"' in only_one and f'case={two.id}"' not in only_one


def test_the_audit_log_filters_by_user(login_as, users, audited_cases):
    one, _ = audited_cases
    login_as("campaign").text(f"/cases/{one.id}")
    login_as("legal").text(f"/people/{one.person_id}")
    admin = login_as("admin")
    campaign_only = admin.text(f"/admin/audit?user={users['campaign'].id}")
    rows = re.findall(r"<tr[^>]*>\s*<td.*?</tr>", campaign_only, flags=re.S)
    assert rows and all("Cam Campaign" in row for row in rows)
    assert "viewed A-number" in campaign_only and "restricted fields" not in campaign_only
    legal_only = admin.text(f"/admin/audit?user={users['legal'].id}")
    assert "viewed A-number and restricted fields" in legal_only and "Cam Campaign</td>" not in legal_only


def test_the_audit_log_filters_by_action(login_as, users, audited_cases):
    one, _ = audited_cases
    login_as("congregation").get(f"/cases/{one.id}")
    page = login_as("admin").text("/admin/audit?action=access.")
    assert "access.denied" in page and "auth.login" not in page


def test_the_audit_log_never_shows_restricted_values(login_as, users, audited_cases):
    one, two = audited_cases
    legal = login_as("legal")
    legal.text(f"/people/{one.person_id}")
    legal.text(f"/people/{one.person_id}/edit")
    edited = {"legal_name": "Aurelia Audited", "a_number": A_NUMBER, "detention_status": "not_detained",
              "birth_date": "1968-07-21", "address": "99 Changed Street, Fictionville", "phone": SECRETS["phone"],
              "legal_notes": "Memo about PELICAN-37", "criminal_history": SECRETS["criminal_history"]}
    assert legal.submit(f"/people/{one.person_id}/edit", edited).status_code == 302
    legal.submit("/search", {"q": A_NUMBER})
    legal.submit("/search", {"q": "Aurelia"})
    login_as("campaign").text(f"/cases/{one.id}")
    login_as("outsider").get(f"/people/{one.person_id}")
    admin = login_as("admin")
    pages = [admin.text("/admin/audit"), admin.text(f"/admin/audit?case={one.id}"),
             admin.text(f"/admin/audit?user={users['legal'].id}"), admin.text("/admin/audit?action=person.")]
    assert "person.update" in pages[0] and "person.search" in pages[0] and "access.denied" in pages[0]
    assert "address" in pages[0]  # the log names the field that changed...
    forbidden = [*SECRETS.values(), A_NUMBER, "999636363", "99 Changed Street", "PELICAN-37", "1968", "Aurelia"]
    for page in pages:
        for value in forbidden:
            assert value not in page, value  # ...never its value


# --- only admins --------------------------------------------------------------------


def _admin_routes(app):
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        values = {}
        for name, converter in rule._converters.items():
            values[name] = sorted(converter.items)[0] if isinstance(converter, AnyConverter) else None
        for method in sorted(rule.methods & {"GET", "POST"}):
            routes.append((rule, method, values))
    return routes


@pytest.mark.parametrize("role", ["legal", "campaign", "congregation", "outsider"])
def test_non_admins_are_refused_every_admin_page(app, login_as, users, role):
    client = login_as(role)
    target = users["legal"].id
    opened = []
    routes = _admin_routes(app)
    assert len(routes) >= 7
    for rule, method, values in routes:
        with app.test_request_context():
            url = url_for(rule.endpoint, **{name: value if value is not None else target for name, value in values.items()})
        if method == "GET":
            response = client.get(url)
        else:
            response = client.submit(url, user_form(email="taken-over@example.test", name="Taken Over", role="admin"))
        if response.status_code != 403:
            opened.append((method, url, response.status_code))
    assert opened == []
    # Nothing happened to the accounts.
    assert account(users["legal"].id).active and account(users["legal"].id).role is Role.LEGAL
    assert User.query.filter_by(email="taken-over@example.test").count() == 0
    assert User.query.filter_by(role=Role.ADMIN).count() == 1


def test_the_admin_menu_is_shown_to_admins_only(login_as):
    assert 'href="/admin/users"' in login_as("admin").text("/")
    assert 'href="/admin/users"' not in login_as("legal").text("/")


def test_admin_sets_the_title_a_user_signs_packets_with(login_as, users):
    admin = login_as("admin")
    response = admin.submit(f"/admin/users/{users['legal'].id}",
                            user_form(email=users["legal"].email, name="Lee Legal", role="legal", title="Paralegal"),
                            follow_redirects=True)
    assert "Account saved." in response.get_data(as_text=True)
    assert account(users["legal"].id).title == "Paralegal"
    assert "title" in AuditEntry.query.filter_by(action="user.update", target_id=users["legal"].id).one().detail
    page = admin.text(f"/admin/users/{users['legal'].id}")
    assert 'value="Paralegal"' in page
