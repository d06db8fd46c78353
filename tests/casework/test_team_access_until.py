"""Time-limited team access: an admin puts a volunteer on a case team until a date and
time; access ends by itself at that moment (checked on every request in the access
layer) and the ending is audited once, at the first refusal, on the case page or by
`flask cases expire-team-access`."""
from __future__ import annotations

from datetime import timedelta

from tests import factories
from tracker.cases import team_access
from tracker.cases.models import case_team
from tracker.extensions import db
from tracker.security.audit import AuditEntry
from tracker.types import utcnow


def lend(case, user, hours: float) -> None:
    """Put `user` on the team until `hours` from now (negative: it already ended)."""
    case.team.append(user)
    db.session.flush()
    team_access.set_until(case.id, user.id, utcnow() + timedelta(hours=hours))
    db.session.commit()


def ended_entries():
    return AuditEntry.query.filter_by(action="case.team_access_ended").all()


def members(case_id: int) -> set[int]:
    return set(db.session.scalars(db.select(case_team.c.user_id).where(case_team.c.case_id == case_id)))


def test_an_admin_adds_a_volunteer_until_a_day_and_time(app, users, login_as):
    case = factories.make_case(timezone="America/Chicago")
    day = (utcnow() + timedelta(days=3)).date()
    admin = login_as("admin")
    response = admin.submit(f"/cases/{case.id}/team", {"user_id": str(users["outsider"].id),
                                                     "until_day": day.isoformat(), "until_time": "18:00"},
                            follow_redirects=True)
    assert "is now on the team until" in response.get_data(as_text=True)
    until = team_access.until_by_member(case.id)[users["outsider"].id]
    assert until.astimezone(__import__("zoneinfo").ZoneInfo("America/Chicago")).strftime("%H:%M") == "18:00"
    assert "until " in admin.text(f"/cases/{case.id}")
    entry = AuditEntry.query.filter_by(action="case.team_add", case_id=case.id).one()
    assert "until" in entry.detail
    assert login_as("outsider").get(f"/cases/{case.id}").status_code == 200


def test_an_end_in_the_past_is_refused_and_nobody_is_added(app, users, login_as):
    case = factories.make_case()
    # Two days back: the day is read in the network's zone, where yesterday in UTC is
    # still today in the evening (the test failed between midnight and 6 a.m. UTC).
    day = (utcnow() - timedelta(days=2)).date()
    response = login_as("admin").submit(f"/cases/{case.id}/team", {"user_id": str(users["outsider"].id),
                                                                  "until_day": day.isoformat()},
                                        follow_redirects=True)
    assert "must be in the future" in response.get_data(as_text=True)
    assert members(case.id) == set()


def test_a_time_without_a_day_gets_a_clear_message(app, users, login_as):
    case = factories.make_case()
    response = login_as("admin").submit(f"/cases/{case.id}/team", {"user_id": str(users["outsider"].id),
                                                                  "until_time": "18:00"}, follow_redirects=True)
    assert "Give the day too" in response.get_data(as_text=True)
    assert members(case.id) == set()


def test_access_ends_by_itself_and_the_ending_is_audited_at_the_first_refusal(app, users, login_as):
    case = factories.make_case()
    volunteer = login_as("outsider")
    lend(case, users["outsider"], hours=1)
    assert volunteer.get(f"/cases/{case.id}").status_code == 200
    assert case.id in _listed(volunteer)
    team_access.set_until(case.id, users["outsider"].id, utcnow() - timedelta(seconds=1))
    db.session.commit()
    assert case.id not in _listed(volunteer)  # lists filter by the clock, with nothing recorded yet
    assert ended_entries() == []
    assert volunteer.get(f"/cases/{case.id}").status_code == 404
    assert volunteer.get(f"/people/{case.person_id}").status_code == 404
    [entry] = ended_entries()
    assert entry.case_id == case.id and f"user {users['outsider'].id}" in entry.detail
    assert members(case.id) == set()
    volunteer.get(f"/cases/{case.id}")
    assert len(ended_entries()) == 1  # recorded once


def test_the_case_page_shows_only_the_team_in_force(app, users, login_as):
    case = factories.make_case(team=[users["legal"]])
    lend(case, users["outsider"], hours=-1)
    page = login_as("admin").text(f"/cases/{case.id}")
    assert "<li>Otto Outsider <span" not in page and "<li>Lee Legal <span" in page
    assert len(ended_entries()) == 1


def test_the_command_line_records_every_ended_membership(app, users):
    first, second = factories.make_case(), factories.make_case(factories.make_person("Test Person Dos", a_number=None))
    lend(first, users["outsider"], hours=-2)
    lend(second, users["campaign"], hours=-1)
    lend(second, users["legal"], hours=5)
    result = app.test_cli_runner().invoke(args=["cases", "expire-team-access"])
    assert result.exit_code == 0 and "Ended 2 time-limited team memberships." in result.output
    assert members(first.id) == set() and members(second.id) == {users["legal"].id}
    assert {entry.case_id for entry in ended_entries()} == {first.id, second.id}
    again = app.test_cli_runner().invoke(args=["cases", "expire-team-access"])
    assert again.output == "" and len(ended_entries()) == 2


def test_a_membership_without_an_end_lasts(app, users, login_as):
    case = factories.make_case(team=[users["outsider"]])
    assert login_as("outsider").get(f"/cases/{case.id}").status_code == 200
    assert team_access.end_expired() == 0


def _listed(client) -> set[int]:
    import re

    return {int(number) for number in re.findall(r'href="/cases/(\d+)"', client.text("/cases"))}
