"""The loaders every view uses, called directly: who sees a person, and that
`legal=True` refuses a campaign lead even on their own team's case."""
from __future__ import annotations

import pytest
from flask_login import login_user
from sqlalchemy import select
from werkzeug.exceptions import Forbidden, NotFound

from tests import factories
from tracker.extensions import db
from tracker.people.models import Person
from tracker.security.access import case_for, person_for, team_record, visible_people
from tracker.timeline.models import Event, EventKind


def _visible_ids(user) -> set[int]:
    return set(db.session.scalars(visible_people(user).with_only_columns(Person.id)))


def test_a_person_without_a_case_is_visible_to_whoever_created_the_record(app, users):
    mine = factories.make_person("Fresh Record Example", created_by=users["legal"])
    assert mine.id in _visible_ids(users["legal"])
    assert mine.id not in _visible_ids(users["outsider"])


def test_once_the_case_is_opened_only_its_team_sees_the_person_not_the_creator(app, users):
    """The creator's view lasts only while there is no case: a case given to
    another team takes the person out of the creator's sight."""
    person = factories.make_person("Handed Over Example", created_by=users["legal"])
    factories.make_case(person, team=[users["outsider"]])
    assert person.id not in _visible_ids(users["legal"])
    assert person.id in _visible_ids(users["outsider"])


def test_the_creator_of_a_person_handed_to_another_team_is_refused_the_record(app, login_as, users):
    person = factories.make_person("Handed Over Example", created_by=users["legal"])
    factories.make_case(person, team=[users["outsider"]])
    assert login_as("legal").get(f"/people/{person.id}").status_code == 404
    assert "Handed Over Example" not in login_as("legal").text("/people")


@pytest.fixture
def team_case(app, users):
    case = factories.make_case(factories.make_person("Loader Example"), team=[users["legal"], users["campaign"]])
    event = factories.make_event(case, EventKind.ICE_CHECK_IN, actor=users["legal"])
    return case, event


def _as(app, user):
    context = app.test_request_context("/")
    context.push()
    login_user(user)
    return context


@pytest.mark.parametrize("load", ["case", "person", "event"])
def test_legal_true_refuses_a_campaign_lead_on_their_own_team(app, users, team_case, load):
    case, event = team_case
    loaders = {
        "case": lambda legal: case_for(case.id, legal=legal),
        "person": lambda legal: person_for(case.person_id, legal=legal),
        "event": lambda legal: team_record(Event, event.id, legal=legal),
    }
    context = _as(app, users["campaign"])
    try:
        assert loaders[load](False) is not None  # on the team: read
        with pytest.raises(Forbidden):
            loaders[load](True)  # but not the legal record
    finally:
        context.pop()


@pytest.mark.parametrize("load", ["case", "person", "event"])
def test_legal_true_lets_a_legal_volunteer_on_the_team_through(app, users, team_case, load):
    case, event = team_case
    context = _as(app, users["legal"])
    try:
        record = {"case": lambda: case_for(case.id, legal=True), "person": lambda: person_for(case.person_id, legal=True),
                  "event": lambda: team_record(Event, event.id, legal=True)}[load]()
        assert record.id == {"case": case.id, "person": case.person_id, "event": event.id}[load]
    finally:
        context.pop()


def test_off_the_team_even_legal_false_is_a_missing_record(app, users, team_case):
    case, event = team_case
    context = _as(app, users["outsider"])
    try:
        for load in (lambda: case_for(case.id), lambda: person_for(case.person_id), lambda: team_record(Event, event.id)):
            with pytest.raises(NotFound):
                load()
    finally:
        context.pop()
    assert db.session.scalar(select(Person.id).where(Person.id == case.person_id))
