"""Lists do not issue more queries as rows grow."""
import pytest

from tracker.cases.models import Case
from tracker.extensions import db
from tracker.people.models import DetentionStatus, Person
from tracker.timeline import services
from tracker.timeline.models import Event, EventKind, Visibility


def _bulk_cases(count: int, team, actor):
    today = services.today_in("America/Chicago")
    from datetime import time, timedelta

    for number in range(count):
        person = Person(legal_name=f"Bulk {number:03d} Example", detention_status=DetentionStatus.DETAINED if number % 3 == 0
                        else DetentionStatus.NOT_DETAINED, detention_facility="Fictional Center")
        person.refresh_name_key()
        case = Case(person=person, timezone="America/Chicago")
        case.team.extend(team)
        db.session.add(case)
        db.session.flush()
        for kind, days, at in ((EventKind.MASTER_CALENDAR_HEARING, 3 + number % 10, time(9)),
                               (EventKind.ICE_CHECK_IN, 5, time(10)), (EventKind.FILING_DEADLINE, 7, None)):
            db.session.add(Event(case_id=case.id, kind=kind, starts_at=services.to_utc(today + timedelta(days=days), at, case.timezone),
                                 all_day=at is None, timezone=case.timezone, visibility=Visibility.INTERNAL, final_order=False,
                                 overridden=False, recorded_by_id=actor.id))
    db.session.commit()


@pytest.mark.parametrize("url", ["/cases", "/", "/people", "/people?sort=next", "/cases?sort=name&detained=1"])
def test_the_same_number_of_queries_for_5_and_200_cases(login_as, users, count_queries, url):
    client = login_as("legal")
    _bulk_cases(5, [users["legal"]], users["legal"])
    client.get(url)  # warm: the first request loads things once
    with count_queries() as few:
        assert client.get(url).status_code == 200
    _bulk_cases(195, [users["legal"]], users["legal"])
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == few.count, many.statements
