"""Retention: a case remembers when it closed; closed cases older than
TRACKER_RETENTION_DAYS are listed for purge on the admin pages and by
`flask purge due`, which purges them when not a dry run. `flask purge person`
purges one person after the first name is given."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests import factories
from tracker.cases.models import Case, Outcome, Stage
from tracker.extensions import db
from tracker.people.models import Person
from tracker.security.audit import AuditEntry
from tracker.types import utcnow


def closed_case(name: str, days_ago: int, *, a_number: str, users, outcome: Outcome = Outcome.PENDING) -> Case:
    case = factories.make_case(factories.make_person(name, a_number=a_number), team=[users["legal"]],
                               stage=Stage.CLOSED if outcome is Outcome.PENDING else Stage.REMOVAL_PROCEEDINGS,
                               outcome=outcome)
    case.closed_at = utcnow() - timedelta(days=days_ago, hours=1)
    db.session.commit()
    return case


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args):
        result = runner.invoke(args=list(args))
        db.session.expire_all()
        return result

    return invoke


@pytest.fixture
def cases(app, users):
    return {
        "old": closed_case("Olga Oldcase", 400, a_number="999-410-001", users=users),
        "removed": closed_case("Ruben Removedcase", 366, a_number="999-410-002", users=users, outcome=Outcome.REMOVED),
        "recent": closed_case("Rita Recentcase", 30, a_number="999-410-003", users=users),
        "open": factories.make_case(factories.make_person("Omar Opencase", a_number="999-410-004"), team=[users["legal"]]),
        "stayed": factories.make_case(factories.make_person("Sara Staycase", a_number="999-410-005"),
                                      team=[users["legal"]], outcome=Outcome.STAY_GRANTED),
    }


def test_a_case_remembers_when_it_closed_and_forgets_when_reopened(app, users):
    case = factories.make_case(team=[users["legal"]])
    assert case.closed_at is None
    case.stage = Stage.CLOSED
    closed_at = case.closed_at
    assert closed_at is not None
    case.outcome = Outcome.RELIEF_GRANTED  # still closed: the day it closed stays
    assert case.closed_at == closed_at
    case.stage = Stage.MOTION_TO_REOPEN  # a final outcome alone still counts as closed
    assert case.closed_at == closed_at
    case.outcome = Outcome.PENDING
    assert case.closed_at is None
    case.outcome = Outcome.STAY_GRANTED  # a stay is not the end of a case
    assert case.closed_at is None


def test_closing_a_case_on_its_edit_page_starts_the_retention_clock(app, users, login_as):
    case = factories.make_case(team=[users["legal"]], court="Example Court")
    legal = login_as("legal")
    form = {"stage": "closed", "outcome": "relief_granted", "timezone": case.timezone, "consent_level": "none"}
    assert legal.submit(f"/cases/{case.id}/edit", form).status_code == 302
    assert db.session.get(Case, case.id).closed_at is not None


def test_the_admin_page_lists_closed_cases_past_retention_only(cases, login_as):
    page = login_as("admin").text("/admin/retention")
    for listed in ("old", "removed"):
        assert f"Case {cases[listed].id}</a>" in page
    assert "Olga Oldcase" in page and "400 days ago" in page and "366 days ago" in page
    for kept in ("recent", "open", "stayed"):
        assert f"Case {cases[kept].id}</a>" not in page
    assert "more than 365 days ago" in page
    assert page.index("Olga Oldcase") < page.index("Ruben Removedcase")  # longest closed first


@pytest.mark.parametrize("role", ["legal", "campaign", "congregation", "outsider"])
def test_only_admins_see_the_retention_list(cases, login_as, role):
    assert login_as(role).get("/admin/retention").status_code == 403


def test_the_retention_list_costs_the_same_queries_for_5_and_200_cases(app, users, login_as, count_queries):
    admin = login_as("admin")

    def queries_for(total: int) -> int:
        while Case.query.count() < total:
            closed_case(f"Example Person {Case.query.count()}", 500, a_number=None, users=users)
        with count_queries() as counted:
            admin.text("/admin/retention")
        return counted.count

    assert queries_for(5) == queries_for(200)


def test_the_retention_period_comes_from_the_configuration(cases, app, cli):
    app.config["TRACKER_RETENTION_DAYS"] = 20
    try:
        listed = cli("purge", "due", "--dry-run").output
    finally:
        app.config["TRACKER_RETENTION_DAYS"] = 365
    assert f"case {cases['recent'].id}: closed 30 days ago" in listed


def test_purge_due_dry_run_prints_one_line_per_case_without_names_and_purges_nothing(cases, cli):
    result = cli("purge", "due", "--dry-run")

    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"case {cases['old'].id}: closed 400 days ago: due for purge",
        f"case {cases['removed'].id}: closed 366 days ago: due for purge",
    ]
    assert Case.query.count() == 5


def test_purge_due_purges_the_cases_past_retention_and_nothing_else(cases, cli):
    ids = {name: case.id for name, case in cases.items()}
    result = cli("purge", "due")

    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [re.sub(r", \d+ records", "", line) for line in lines] == [
        f"case {ids['old']}: closed 400 days ago: purged; the person's record too (it was their last case)",
        f"case {ids['removed']}: closed 366 days ago: purged; the person's record too (it was their last case)",
    ]
    assert not re.search(r"Olga|Ruben|999", result.output)
    assert {case.id for case in Case.query} == {ids["recent"], ids["open"], ids["stayed"]}
    assert Person.query.count() == 3
    entries = AuditEntry.query.filter_by(action="purge.person").all()
    assert len(entries) == 2
    assert all("retention, from the command line" in entry.detail for entry in entries)
    # A second run, as cron would make it the next day, has nothing to say.
    again = cli("purge", "due")
    assert (again.exit_code, again.output) == (0, "")


def test_purge_person_on_the_command_line_needs_the_first_name(cases, cli):
    person_id = cases["open"].person_id
    wrong = cli("purge", "person", str(person_id), "--confirm", "Olga")
    assert wrong.exit_code == 1
    assert "not the first name" in wrong.output and "Nothing was purged" in wrong.output
    assert "Omar" not in wrong.output
    assert db.session.get(Person, person_id) is not None

    right = cli("purge", "person", str(person_id), "--confirm", "omar")
    assert right.exit_code == 0
    assert right.output.startswith(f"person {person_id}: purged, ")
    assert db.session.get(Person, person_id) is None
    assert cli("purge", "person", "987654", "--confirm", "x").exit_code == 1
