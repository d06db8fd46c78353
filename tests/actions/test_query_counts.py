"""The coordinator portal, the campaign dashboard and the campaigns overview issue as many
SQL statements with 60 actions and their pledges as with 3: nothing loads row by row."""
from __future__ import annotations

from datetime import time, timedelta
from itertools import cycle
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from tests import factories
from tracker.actions.models import (
    AccompanimentReport,
    Action,
    ActionKind,
    Pledge,
    PledgeSource,
    PledgeStatus,
    ProposalState,
)
from tracker.calendar.models import CalendarFeed
from tracker.campaigns.models import Petition, Signature
from tracker.extensions import db
from tracker.letters.models import Letter, LetterSource, LetterStatus, Relation
from tracker.timeline.services import to_utc, today_in
from tracker.types import utcnow

KINDS = list(ActionKind)
STATUSES = list(PledgeStatus)


@pytest.fixture
def world(app, users):
    """Two live campaigns (Chicago and Los Angeles) and a draft one, all on the lead's team;
    the coordinator's congregation and another one."""
    team = [users["campaign"], users["legal"]]
    chicago = factories.live_campaign_case(team=team, slug="keep-elena-home", name="Elena Example Duarte")
    west = factories.consenting_case(team=team, name="Mateo Example Rivas")
    west.timezone = "America/Los_Angeles"
    factories.make_campaign(west, slug="keep-mateo-home")
    draft = factories.consenting_case(team=team, name="Sofía Example Draft")
    factories.make_campaign(draft, slug="keep-sofia-home", published=False)
    return SimpleNamespace(
        cases=[chicago, west, draft],
        petitions={petition.campaign.case_id: petition.id for petition in db.session.scalars(select(Petition))},
        mine=factories.make_congregation("Fictional Grace Church", coordinator=users["congregation"]),
        other=factories.make_congregation("Fictional Shalom Synagogue"),
        lead=users["campaign"],
        made=0,
    )


def _grow(world, count: int) -> None:
    """Add `count` actions of every kind (past and coming, public and internal, some cancelled),
    each with pledges in every state, plus signatures, letters and accompaniment reports, in one commit."""
    rows, statuses = [], cycle(STATUSES)
    for number in range(world.made, world.made + count):
        case = world.cases[number % len(world.cases)]
        kind = KINDS[number % len(KINDS)]
        day = today_in(case.timezone) + timedelta(days=(number * 5 + 4) % 24 - 3)
        starts_at = to_utc(day, time(8 + number % 10, 0), case.timezone)
        action = Action(
            case_id=case.id, kind=kind, title=f"Fictional action {number}", starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2), timezone=case.timezone, place=f"Fictional place {number}",
            description="Bring water.", people_needed=5 + number % 30, is_public=number % 4 != 3,
            call_number="(555) 010-0100" if kind is ActionKind.CALL_IN_DAY else None,
            script="Please grant the stay." if kind is ActionKind.CALL_IN_DAY else None,
            cancelled_at=utcnow() if number % 9 == 8 else None, created_by_id=world.lead.id,
        )
        rows.append(action)
        for congregation in (world.mine, world.other):
            status = next(statuses)
            rows.append(Pledge(action=action, congregation=congregation, people=1 + number % 12, status=status,
                               attended=number % 7 if status is PledgeStatus.FULFILLED else None,
                               note=f"Note {number}", source=PledgeSource.PORTAL))
        rows.append(Pledge(action=action, supporter_name=f"Fictional group {number}", contact=f"group{number}@example.org",
                           people=2, source=PledgeSource.PUBLIC))
        if action.is_accompaniment and day < today_in(case.timezone):
            rows.append(AccompanimentReport(action=action, what_happened="Seen after an hour.", next_date=day + timedelta(days=40),
                                            proposal=ProposalState.PROPOSED, filed_by_id=world.lead.id))
        rows.append(Signature(petition_id=world.petitions[case.id], name=f"Fictional Signer {number}", city="Chicago",
                              signed_at=utcnow() - timedelta(days=number % 20)))
        rows.append(Letter(case_id=case.id, status=list(LetterStatus)[number % len(LetterStatus)], source=LetterSource.STAFF,
                           author_name=f"Fictional Writer {number}", relation=list(Relation)[number % len(Relation)],
                           language="English", body="I have known them for years."))
    db.session.add_all(rows)
    db.session.commit()
    world.made += count


def _statements(client, count_queries, path: str):
    client.get(path)  # warm up: the first request of a client may load what later ones reuse
    with count_queries() as counted:
        response = client.get(path)
    assert response.status_code == 200, f"{path} answered {response.status_code}"
    return counted


PAGES = [
    ("congregation", "/"),
    ("campaign", "/cases/{case}/campaign/dashboard"),
    ("campaign", "/campaigns"),
    ("admin", "/campaigns"),
    ("legal", "/"),
    (None, "/c/keep-elena-home"),
    (None, "/c/keep-elena-home/pledge"),
    ("campaign", "/cases/{case}/actions"),
]


@pytest.mark.parametrize("who,url", PAGES)
def test_the_same_number_of_queries_with_3_or_60_actions_and_their_pledges(world, login_as, client, count_queries, who, url):
    viewer = login_as(who) if who else client
    path = url.format(case=world.cases[0].id)
    _grow(world, 3)
    few = _statements(viewer, count_queries, path)
    _grow(world, 57)
    many = _statements(viewer, count_queries, path)
    assert many.count == few.count, "\n".join(many.statements)


def test_an_actions_page_does_not_load_its_pledges_one_by_one(world, login_as, count_queries):
    action = factories.make_action(world.cases[0], world.lead, needed=40, title="Big vigil")
    lead = login_as("campaign")
    congregations = [world.mine, world.other] + [factories.make_congregation(f"Fictional Parish {n}") for n in range(60)]

    def pledge_from(chosen):
        db.session.add_all([Pledge(action=action, congregation=congregation, people=1, source=PledgeSource.PORTAL)
                            for congregation in chosen])
        db.session.commit()

    pledge_from(congregations[:3])
    few = _statements(lead, count_queries, f"/actions/{action.id}")
    pledge_from(congregations[3:])
    many = _statements(lead, count_queries, f"/actions/{action.id}")
    assert many.count == few.count, "\n".join(many.statements)


def test_the_overview_does_not_grow_with_the_number_of_campaigns(world, login_as, count_queries):
    lead = login_as("campaign")
    _grow(world, 6)
    few = _statements(lead, count_queries, "/campaigns")
    for number in range(20):
        case = factories.consenting_case(team=[world.lead], name=f"Fictional Person {number}")
        factories.make_campaign(case, slug=f"keep-fictional-{number}-home")
        world.cases.append(case)
    world.petitions = {petition.campaign.case_id: petition.id for petition in db.session.scalars(select(Petition))}
    _grow(world, 40)
    many = _statements(lead, count_queries, "/campaigns")
    assert many.count == few.count, "\n".join(many.statements)


@pytest.mark.parametrize("who,for_case", [("congregation", False), ("campaign", False), ("campaign", True)])
def test_a_calendar_feed_does_not_grow_with_the_number_of_actions(world, login_as, client, count_queries, who, for_case):
    owner = login_as(who)
    owner.submit(f"/cases/{world.cases[0].id}/calendar" if for_case else "/account/calendars")
    path = f"/calendar/{db.session.scalars(select(CalendarFeed)).one().token}.ics"
    _grow(world, 3)
    few = _statements(client, count_queries, path)
    _grow(world, 57)
    many = _statements(client, count_queries, path)
    assert many.count == few.count, "\n".join(many.statements)
