"""The network coordinator's pages: users, roles, teams, the audit log."""
import re

from tests import factories
from tracker.auth.models import Role, User
from tracker.extensions import db
from tracker.security.audit import AuditEntry


def test_admin_creates_a_user_and_gets_a_one_time_link(login_as, client):
    admin = login_as("admin")
    page = admin.submit("/admin/users/new", {"email": "Fresh@Example.test", "name": "Fresh Volunteer", "role": "legal",
                                            "congregation_id": "0"}).get_data(as_text=True)
    link = re.search(r'value="(http[^"]+/welcome/[^"]+)"', page).group(1)
    assert User.query.filter_by(email="fresh@example.test").one().role is Role.LEGAL
    assert client.get(link.split("localhost", 1)[-1]).status_code == 200


def test_a_bad_user_form_is_shown_again_with_what_was_typed(login_as, users):
    page = login_as("admin").submit("/admin/users/new", {"email": "not-an-email", "name": "", "role": "legal",
                                                          "congregation_id": "0"}).get_data(as_text=True)
    assert "Enter a valid email address." in page and 'value="not-an-email"' in page
    duplicate = login_as("admin").submit("/admin/users/new", {"email": users["legal"].email, "name": "Dup", "role": "legal",
                                                               "congregation_id": "0"}).get_data(as_text=True)
    assert "already exists" in duplicate


def test_admin_changes_a_role_but_not_their_own(login_as, users):
    admin = login_as("admin")
    admin.submit(f"/admin/users/{users['campaign'].id}", {"email": users["campaign"].email, "name": "Cam", "role": "legal",
                                                         "congregation_id": "0"})
    assert db.session.get(User, users["campaign"].id).role is Role.LEGAL
    page = admin.submit(f"/admin/users/{users['admin'].id}", {"email": users["admin"].email, "name": "Ada", "role": "legal",
                                                             "congregation_id": "0"}).get_data(as_text=True)
    assert "cannot take away your own admin role" in page
    assert admin.submit(f"/admin/users/{users['admin'].id}/disable", follow_redirects=True).status_code == 200
    assert db.session.get(User, users["admin"].id).active


def test_admin_manages_case_teams(login_as, users):
    case = factories.make_case(team=[])
    legal = login_as("legal")
    assert legal.get(f"/cases/{case.id}").status_code == 404
    admin = login_as("admin")
    admin.submit(f"/cases/{case.id}/team", {"user_id": str(users["legal"].id)})
    assert legal.get(f"/cases/{case.id}").status_code == 200
    admin.submit(f"/cases/{case.id}/team/{users['legal'].id}/remove")
    assert legal.get(f"/cases/{case.id}").status_code == 404


def test_audit_log_filters_by_case_and_user_and_shows_no_restricted_value(login_as, users):
    person = factories.make_person("Audit Example", a_number="999-444-555", address="9 Secret Lane")
    case = factories.make_case(person, team=[users["legal"]])
    login_as("legal").text(f"/cases/{case.id}")
    admin = login_as("admin")
    by_case = admin.text(f"/admin/audit?case={case.id}")
    assert "person.view_restricted" in by_case and "9 Secret Lane" not in by_case and "999-444-555" not in by_case
    by_other_user = admin.text(f"/admin/audit?user={users['campaign'].id}")
    assert "person.view_restricted" not in by_other_user
    assert AuditEntry.query.filter_by(case_id=case.id).count() >= 1
