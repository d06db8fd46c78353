"""The coordinator portal and the campaign dashboards do not slow down with more actions and pledges."""
import pytest

from tests import factories
from tracker.actions.models import Pledge, PledgeSource
from tracker.campaigns import services as campaigns
from tracker.campaigns.models import Petition
from tracker.extensions import db


def _grow(case, congregations, count, actor):
    petition = Petition.query.filter_by(campaign_id=case.id).first() or Petition.query.first()
    for number in range(count):
        action = factories.make_action(case, actor, days=2 + number % 20, title=f"Action {number}")
        for congregation in congregations:
            db.session.add(Pledge(action=action, congregation=congregation, people=2, source=PledgeSource.PORTAL))
        campaigns.sign(petition, name=f"Signer {number}", email=f"s{number}-{case.id}@example.org", city="Chicago")
    db.session.commit()


@pytest.mark.parametrize("who,url", [
    ("congregation", "/"),
    ("campaign", "/campaigns"),
    ("campaign", "/cases/{case}/campaign/dashboard"),
])
def test_the_same_number_of_queries_for_3_and_60_actions(login_as, users, count_queries, who, url):
    case = factories.live_campaign_case(team=[users["campaign"]])
    mine = factories.make_congregation(coordinator=users["congregation"])
    other = factories.make_congregation("Other Example Temple")
    client = login_as(who)
    path = url.format(case=case.id)
    _grow(case, [mine, other], 3, users["campaign"])
    client.get(path)
    with count_queries() as few:
        assert client.get(path).status_code == 200
    _grow(case, [mine, other], 57, users["campaign"])
    with count_queries() as many:
        assert client.get(path).status_code == 200
    assert many.count == few.count, many.statements
